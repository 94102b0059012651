// webSocket() against a server speaking the test command protocol (test-server.ts): run on mock-socket
// and on a real ws server.
import { firstValueFrom, lastValueFrom, retry, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { type WebSocketConstructorLike, webSocket } from '../../src/index.js';

export interface SubjectRuntime {
  WebSocketCtor: WebSocketConstructorLike;
  url(): string;
  /** Text messages the server received so far. */
  received(): readonly string[];
  /** Resolves once the server holds no connection. */
  idle(): Promise<void>;
}

type Message = { type: string; id?: number; topic?: string };

export function describeSubjectBehaviour(name: string, runtime: SubjectRuntime): void {
  describe(`webSocket() on ${name}`, () => {
    const make = () => webSocket<Message>({ url: runtime.url(), WebSocketCtor: runtime.WebSocketCtor });

    it('sends what was queued before the subscription, and receives the echo', async () => {
      const subject = make();
      subject.next({ type: 'queued' });
      const echo = await firstValueFrom(subject);
      expect(echo).toEqual({ type: 'queued' });
      await runtime.idle();
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
      // After the drop, retry subscribes again: a new socket, and this message goes through it.
      await new Promise<void>((resolve) => {
        const sub = subject.state$.subscribe((state) => {
          if (state.status === 'closed' && state.reason !== 'idle') {
            sub.unsubscribe();
            resolve();
          }
        });
      });
      subject.next({ type: 'second' });
      expect(await received).toEqual([{ type: 'first' }, { type: 'second' }]);
      await runtime.idle();
    });

    it('shares one server-side subscription per topic between local subscribers', async () => {
      const subject = make();
      const before = runtime.received().length;
      const sub = () => ({ type: 'sub', topic: 'prices' });
      const unsub = () => ({ type: 'unsub', topic: 'prices' });
      const isPrices = (m: Message) => m.topic === 'prices';
      const a = firstValueFrom(subject.multiplex(sub, unsub, isPrices));
      const b = firstValueFrom(subject.multiplex(sub, unsub, isPrices));
      // The echo of the subscribe message is the first 'prices' message both receive.
      expect(await a).toEqual({ type: 'sub', topic: 'prices' });
      expect(await b).toEqual({ type: 'sub', topic: 'prices' });
      await runtime.idle();
      const seen = runtime
        .received()
        .slice(before)
        .map((m) => JSON.parse(m) as Message);
      expect(seen).toEqual([
        { type: 'sub', topic: 'prices' },
        { type: 'unsub', topic: 'prices' },
      ]);
    });

    it('opens a new socket for a subscribe() after complete(), and sends there what next() queued in between', async () => {
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
      expect(runtime.received().filter((m) => m.includes('between'))).toHaveLength(1);
    });

    it('answers request() with the reply that carries its id', async () => {
      const subject = make();
      const keep = subject.subscribe();
      const reply = await firstValueFrom(subject.request({ type: 'ping' }));
      expect(reply).toEqual({ type: 'ping', id: 1 });
      keep.unsubscribe();
      await runtime.idle();
    });
  });
}
