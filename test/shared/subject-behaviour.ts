// webSocket() against a server speaking the test command protocol (test-server.ts): run on mock-socket
// and on a real ws server.
import { filter, firstValueFrom, lastValueFrom, ObjectUnsubscribedError, retry, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { CloseEvent, requests, type WebSocketConstructorLike, webSocket } from '../../src/index.js';

export interface SubjectRuntime {
  WebSocketCtor: WebSocketConstructorLike;
  url(): string;
  /** Text messages the server received so far (asked of the Node process in a browser, hence the Promise). */
  received(): readonly string[] | Promise<readonly string[]>;
  /** Resolves once the server holds no connection. */
  idle(): Promise<void>;
}

type Message = { type: string; id?: number; topic?: string };

/** What the server received after the first `before` messages: a server may be shared with other suites. */
const since = (before: number, received: readonly string[]) => received.slice(before);

export function describeSubjectBehaviour(name: string, runtime: SubjectRuntime): void {
  describe(`webSocket() on ${name}`, () => {
    const make = () => webSocket<Message>({ url: runtime.url(), WebSocketCtor: runtime.WebSocketCtor });
    /** A subject whose closeObserver resolves `code` with the first close's code. */
    const withCloseCode = () => {
      let closed!: (code: number) => void;
      const code = new Promise<number>((resolve) => (closed = resolve));
      const subject = webSocket<Message>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        closeObserver: { next: (event) => closed(event.code) },
      });
      return { subject, code };
    };
    /** The last client close the server saw, asked of it once it holds no connection. */
    const serverSaw = async () => {
      await runtime.idle();
      const probe = webSocket<{ code: number; reason: string } | null, string>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        serializer: (text) => text,
      });
      probe.next('last-close');
      const seen = await firstValueFrom(probe);
      await runtime.idle();
      return seen;
    };

    it('sends what was queued before the subscription, and receives the echo', async () => {
      const subject = make();
      subject.next({ type: 'queued' });
      const echo = await firstValueFrom(subject);
      expect(echo).toEqual({ type: 'queued' });
      await runtime.idle();
    });

    it('ends the stream at a frame that is not JSON with what JSON.parse threw, and closes, as rxjs/webSocket does', async () => {
      const subject = webSocket<Message, Message | string>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        serializer: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
      });
      const reported = firstValueFrom(subject.invalid$);
      const seen: Message[] = [];
      const ended = new Promise<unknown>((resolve) =>
        subject.subscribe({ next: (message) => seen.push(message), error: resolve }),
      );
      subject.next({ type: 'first' });
      subject.next('not json');
      subject.next({ type: 'after' });
      const error = await ended;
      expect(error).toBeInstanceOf(SyntaxError);
      expect(seen).toEqual([{ type: 'first' }]);
      expect(await reported).toMatchObject({ name: 'MessageParseError', reason: 'syntax', cause: error });
      await runtime.idle();
      expect(subject.state.status).toBe('closed');
    });

    it('closes the socket when unsubscribed while connecting', async () => {
      const subject = make();
      subject.subscribe().unsubscribe();
      await runtime.idle();
      expect(subject.state.status).toBe('closed');
    });

    it('reopens with retry after the server drops the connection', async () => {
      const subject = webSocket<Message, Message | string>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        serializer: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
      });
      const received = lastValueFrom(subject.pipe(retry(1), take(2), toArray()));
      subject.next({ type: 'first' });
      subject.next('terminate');
      // After the drop, retry subscribes again: a new socket, and this message goes through it once open. (Where the
      // runtime fires an error event before the close, as undici does, the subscribers error at it, as with rxjs, and
      // the new socket may open before the old one's close is reported.)
      await new Promise<void>((resolve) => {
        let opened = 0;
        const sub = subject.state$.subscribe((state) => {
          if (state.status === 'open' && ++opened === 2) {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      subject.next({ type: 'second' });
      expect(await received).toEqual([{ type: 'first' }, { type: 'second' }]);
      await runtime.idle();
    });

    it('sends what next() queued and then closes, for complete() or error({ code }) made before the socket opened', async () => {
      const before = (await runtime.received()).length;
      const completed = make();
      const done = lastValueFrom(completed.pipe(toArray()));
      completed.next({ type: 'sent before the close' });
      completed.complete();
      expect(await done).toEqual([]);
      expect(await serverSaw()).toEqual({ code: 1005, reason: '' });
      const errored = make();
      const ended = lastValueFrom(errored.pipe(toArray())).catch((error: unknown) => error);
      errored.next({ type: 'sent before the 4000 close' });
      errored.error({ code: 4000, reason: 'shutdown' });
      await ended;
      expect(await serverSaw()).toEqual({ code: 4000, reason: 'shutdown' });
      const received = since(before, await runtime.received()).filter((m) => m.includes('sent before'));
      expect(received.map((m) => (JSON.parse(m) as Message).type)).toEqual([
        'sent before the close',
        'sent before the 4000 close',
      ]);
    });

    // rxjs errors at the runtime's error event where one comes before the close (undici fires one for a dropped
    // connection), and with the close event otherwise; closeObserver is told of the close either way.
    it('errors as rxjs/webSocket does when the connection drops: with the error event or the CloseEvent', async () => {
      const told: CloseEvent[] = [];
      const order: string[] = [];
      const subject = webSocket<Message, Message | string>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        serializer: (value) => (typeof value === 'string' ? value : JSON.stringify(value)),
        closeObserver: {
          next: (event) => {
            told.push(event);
            order.push('closeObserver');
          },
        },
      });
      const ended = new Promise<unknown>((resolve) =>
        subject.subscribe({
          error: (error: unknown) => {
            order.push(`error ${(error as Event).type}`);
            resolve(error);
          },
        }),
      );
      subject.next('terminate');
      const error = await ended;
      await firstValueFrom(
        subject.state$.pipe(filter((state) => state.status === 'closed' && state.reason !== 'idle')),
      );
      expect(told).toEqual([expect.objectContaining({ code: 1006, wasClean: false })]);
      if (error instanceof CloseEvent) {
        expect(told[0]).toBe(error);
        expect(order).toEqual(['closeObserver', 'error close']);
      } else {
        expect(error).toBeInstanceOf(Event);
        expect(order).toEqual(['error error', 'closeObserver']);
      }
      // The typed error, with what the runtime reported as its cause, is in state$.
      expect(subject.state).toMatchObject({ status: 'closed', error: { name: 'WebSocketCloseError', code: 1006 } });
      await runtime.idle();
    });

    it('shares one server-side subscription per topic between local subscribers', async () => {
      const subject = make();
      const before = (await runtime.received()).length;
      const sub = () => ({ type: 'sub', topic: 'prices' });
      const unsub = () => ({ type: 'unsub', topic: 'prices' });
      const isPrices = (m: Message) => m.topic === 'prices';
      const a = firstValueFrom(subject.multiplex(sub, unsub, isPrices));
      const b = firstValueFrom(subject.multiplex(sub, unsub, isPrices));
      // The echo of the subscribe message is the first 'prices' message both receive.
      expect(await a).toEqual({ type: 'sub', topic: 'prices' });
      expect(await b).toEqual({ type: 'sub', topic: 'prices' });
      await runtime.idle();
      const seen = (await runtime.received()).slice(before).map((m) => JSON.parse(m) as Message);
      expect(seen).toEqual([
        { type: 'sub', topic: 'prices' },
        { type: 'unsub', topic: 'prices' },
      ]);
    });

    it('sends what next() and multiplex() gave before the open in the order of the calls, as rxjs/webSocket does', async () => {
      const subject = make();
      const before = (await runtime.received()).length;
      subject.next({ type: 'auth' });
      const news = firstValueFrom(
        subject.multiplex(
          () => ({ type: 'sub', topic: 'news' }),
          () => ({ type: 'unsub', topic: 'news' }),
          (m) => m.topic === 'news',
        ),
      );
      subject.next({ type: 'order' });
      expect(await news).toEqual({ type: 'sub', topic: 'news' });
      await runtime.idle();
      expect(since(before, await runtime.received()).map((m) => JSON.parse(m) as Message)).toEqual([
        { type: 'auth' },
        { type: 'sub', topic: 'news' },
        { type: 'order' },
        { type: 'unsub', topic: 'news' },
      ]);
    });

    // rxjs/webSocket closes without a code at teardown: the server sees 1005 (no status), and so does the client.
    it('ends with unsubscribe() as rxjs/webSocket does: closed without a code, a later next() not sent, a later subscribe() throws', async () => {
      const before = (await runtime.received()).length;
      const { subject, code } = withCloseCode();
      subject.next({ type: 'before' });
      await firstValueFrom(subject);
      subject.unsubscribe();
      subject.next({ type: 'late' });
      expect(() => subject.subscribe()).toThrow(ObjectUnsubscribedError);
      expect(await code).toBe(1005);
      expect(await serverSaw()).toEqual({ code: 1005, reason: '' });
      expect(since(before, await runtime.received()).filter((m) => m.includes('late'))).toEqual([]);
    });

    it('gives its messages through asObservable(), and closes without a code when the last subscriber leaves', async () => {
      const { subject, code } = withCloseCode();
      subject.next({ type: 'through asObservable' });
      expect(await firstValueFrom(subject.asObservable())).toEqual({ type: 'through asObservable' });
      expect(await code).toBe(1005);
      expect(await serverSaw()).toEqual({ code: 1005, reason: '' });
    });

    it('closes without a code at complete(), as rxjs/webSocket does; error({ code: 1000 }) sends 1000', async () => {
      const plain = withCloseCode();
      plain.subject.next({ type: 'hi' });
      await firstValueFrom(plain.subject.asObservable());
      // firstValueFrom left: open a subscription that complete() ends.
      const ended = lastValueFrom(plain.subject.pipe(toArray()));
      plain.subject.next({ type: 'again' });
      await firstValueFrom(plain.subject);
      plain.subject.complete();
      expect(await ended).toEqual([{ type: 'again' }]);
      expect(await serverSaw()).toEqual({ code: 1005, reason: '' });
      const normal = make();
      const closing = lastValueFrom(normal.pipe(toArray()));
      normal.next({ type: 'hi' });
      await firstValueFrom(normal);
      normal.error({ code: 1000, reason: 'done' });
      expect(await closing).toEqual([{ type: 'hi' }]);
      expect(await serverSaw()).toEqual({ code: 1000, reason: 'done' });
    });

    it('opens a new socket for a subscribe() after complete(), and sends there what next() queued in between', async () => {
      const before = (await runtime.received()).length;
      const subject = make();
      const first = lastValueFrom(subject.pipe(toArray()));
      subject.next({ type: 'hello' });
      await firstValueFrom(subject);
      subject.complete();
      subject.next({ type: 'between' });
      const second = firstValueFrom(subject);
      // The first subscribers end with the first socket; the new one gets the echo from its own.
      expect(await first).toEqual([{ type: 'hello' }]);
      expect(await second).toEqual({ type: 'between' });
      subject.complete();
      await runtime.idle();
      expect(since(before, await runtime.received()).filter((m) => m.includes('between'))).toHaveLength(1);
    });

    it('opens a new socket for a subscribe() after error({ code, reason }), which closed the first with them', async () => {
      const before = (await runtime.received()).length;
      const subject = make();
      // The first subscribers end with the first socket: they complete where the runtime reports the close as clean
      // (ws), and error with its code and reason where it does not (mock-socket reports a client's 4000 as unclean).
      const first = lastValueFrom(subject.pipe(toArray())).catch((error: unknown) => error);
      subject.next({ type: 'hello' });
      await firstValueFrom(subject);
      subject.error({ code: 4000, reason: 'done' });
      subject.next({ type: 'after' });
      const second = firstValueFrom(subject);
      const ended = await first;
      if (Array.isArray(ended)) expect(ended).toEqual([{ type: 'hello' }]);
      else expect(ended).toMatchObject({ type: 'close', code: 4000, reason: 'done', wasClean: false });
      expect(await second).toEqual({ type: 'after' });
      subject.complete();
      await runtime.idle();
      expect(since(before, await runtime.received()).filter((m) => m.includes('after'))).toHaveLength(1);
    });

    // rxjs passes the URL and `protocol` to the constructor as the app gave them; code (and test doubles) that check
    // the arguments keep passing when only the import changes.
    it.each([
      ['one subprotocol as a string', 'chat.v1' as string | string[]],
      ['a list of subprotocols', ['chat.v2', 'chat.v1']],
    ])('gives the constructor the URL and %s as the app gave them', async (_label, protocol) => {
      const calls: unknown[][] = [];
      const Base = runtime.WebSocketCtor as unknown as new (url: string, protocols?: string | string[]) => object;
      class Recording extends Base {
        constructor(...args: [string, (string | string[])?]) {
          calls.push(args);
          super(...args);
        }
      }
      const url = runtime.url();
      let selected: string | undefined;
      const subject = webSocket<Message>({
        url,
        protocol,
        WebSocketCtor: Recording as unknown as WebSocketConstructorLike,
        openObserver: { next: (event) => (selected = (event.target as unknown as { protocol: string }).protocol) },
      });
      subject.next({ type: 'hi' });
      expect(await firstValueFrom(subject)).toEqual({ type: 'hi' });
      expect(calls).toEqual([[url, protocol]]);
      if (Array.isArray(protocol)) expect(calls[0]?.[1]).not.toBe(protocol); // a copy: the app keeps its own list
      expect(selected).toBe(typeof protocol === 'string' ? protocol : protocol[0]); // the server saw them too
      subject.complete();
      await runtime.idle();
    });

    it.each(['blob', 'arraybuffer'] as const)(
      'reads JSON the server sends in binary frames (binaryType %s), as rxjs reads ws Buffers',
      async (binaryType) => {
        const subject = webSocket<Message>({
          url: runtime.url(),
          WebSocketCtor: runtime.WebSocketCtor,
          binaryType,
          // Sent as bytes: the server echoes binary frames as they came.
          serializer: (message) => new TextEncoder().encode(JSON.stringify(message)),
        });
        subject.next({ type: 'binary', id: 1 });
        expect(await firstValueFrom(subject)).toEqual({ type: 'binary', id: 1 });
        await runtime.idle();
      },
    );

    it('answers request() with the reply that carries its id', async () => {
      const subject = webSocket<Message>({
        url: runtime.url(),
        WebSocketCtor: runtime.WebSocketCtor,
        requests: requests(),
      });
      const keep = subject.subscribe();
      const reply = await firstValueFrom(subject.request({ type: 'ping' }));
      expect(reply).toEqual({ type: 'ping', id: 1 });
      keep.unsubscribe();
      await runtime.idle();
    });
  });
}
