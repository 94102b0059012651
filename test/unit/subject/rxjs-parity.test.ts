// Code written for rxjs/webSocket keeps working when only the import changes: each scenario runs on rxjs's subject
// and on ours, over the same fake socket, and both must be seen to do the same.
import { webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { map, ObjectUnsubscribedError, type Observable } from 'rxjs';
import { webSocket as rxjsWebSocket } from 'rxjs/webSocket';
import { describe, expect, it } from 'vitest';

type Message = { type: string };

/** What an app can reach of either subject. */
interface AnySubject extends Observable<Message> {
  next(value: Message): void;
  complete(): void;
  error(err: unknown): void;
  unsubscribe(): void;
  asObservable(): Observable<Message>;
  multiplex(subMsg: () => unknown, unsubMsg: () => unknown, filter: (value: Message) => boolean): Observable<Message>;
  readonly observed: boolean;
  readonly closed: boolean;
}

const SUBJECTS: ReadonlyArray<readonly [string, typeof rxjsWebSocket]> = [
  ['rxjs/webSocket', rxjsWebSocket],
  ['rx-websocket', webSocket as unknown as typeof rxjsWebSocket],
];

function setup(create: typeof rxjsWebSocket, deserializer?: (event: MessageEvent) => Message) {
  const fake = fakeWebSocket();
  const closing: string[] = [];
  const closes: unknown[] = [];
  const subject = create<Message>({
    url: 'ws://test/',
    WebSocketCtor: fake.WebSocket as never,
    closingObserver: { next: () => closing.push('closing') },
    closeObserver: { next: (event) => closes.push(event) },
    ...(deserializer ? { deserializer } : {}),
  }) as unknown as AnySubject;
  return { fake, subject, closing, closes };
}

/** Runs `scenario` on both subjects and expects the same observations. */
function same(
  scenario: (world: ReturnType<typeof setup>) => unknown,
  deserializer?: (event: MessageEvent) => Message,
): void {
  const [rxjs, ours] = SUBJECTS.map(([, create]) => scenario(setup(create, deserializer)));
  expect(ours).toEqual(rxjs);
}

/** What a subscriber and the socket saw of a message that cannot be read: the stream ends with what was thrown. */
function unreadable({ fake, subject }: ReturnType<typeof setup>, payload: unknown) {
  const seen: unknown[] = [];
  let error: unknown;
  subject.subscribe({ next: (m) => seen.push(m), error: (e) => (error = e) });
  fake.last.open();
  fake.last.receive('{"type":"first"}');
  fake.last.receive(payload);
  fake.last.receive('{"type":"after"}');
  return {
    seen,
    error: error instanceof Error ? [error.constructor.name, error.message] : error,
    closes: fake.last.closeCalls.length,
    readyState: fake.last.readyState,
  };
}

describe('webSocket(): the same as rxjs/webSocket, observed side by side', () => {
  it('after unsubscribe(): next() is ignored, subscribe() throws ObjectUnsubscribedError at the call, also piped', () =>
    same(({ fake, subject }) => {
      subject.subscribe();
      fake.last.open();
      subject.unsubscribe();
      const thrown = (act: () => unknown) => {
        try {
          act();
          return 'returned';
        } catch (error) {
          return error instanceof ObjectUnsubscribedError ? 'ObjectUnsubscribedError' : String(error);
        }
      };
      return {
        closed: subject.closed,
        next: thrown(() => subject.next({ type: 'late' })),
        subscribe: thrown(() => subject.subscribe({ error: () => {} })),
        piped: thrown(() => subject.pipe(map((m) => m.type)).subscribe({ error: () => {} })),
        sent: fake.last.sent,
        sockets: fake.sockets.length,
      };
    }));

  it('asObservable() gives the messages, and subscribing to it connects', () =>
    same(({ fake, subject }) => {
      const seen: Message[] = [];
      subject.asObservable().subscribe((m) => seen.push(m));
      const sockets = fake.sockets.length;
      fake.last.open();
      fake.last.receive('{"type":"hi"}');
      return { sockets, seen };
    }));

  it('observed says whether anything is subscribed (rxjs/webSocket always says false: an inner subject holds them)', () => {
    const [rxjs, ours] = SUBJECTS.map(([, create]) => {
      const { subject } = setup(create);
      const before = subject.observed;
      const subscription = subject.subscribe();
      const during = subject.observed;
      subscription.unsubscribe();
      return [before, during, subject.observed];
    });
    expect(rxjs).toEqual([false, false, false]);
    expect(ours).toEqual([false, true, false]);
  });

  it.each([
    ['invalid JSON', '{"type":'],
    ['a JSON text that is not a message', 'undefined'],
  ])('%s ends the stream with the SyntaxError JSON.parse threw, as one bad frame ends rxjs/webSocket', (_, payload) =>
    same((world) => unreadable(world, payload)),
  );

  it('a throwing deserializer ends the stream with what it threw, the same object', () => {
    const thrown = new RangeError('no such message');
    const deserializer = (event: MessageEvent) => {
      if (event.data === 'bad') throw thrown;
      return JSON.parse(event.data as string) as Message;
    };
    same((world) => {
      let error: unknown;
      world.subject.subscribe({ error: (e) => (error = e) });
      return { ...unreadable(world, 'bad'), same: error === thrown };
    }, deserializer);
  });

  it('closingObserver is told on complete(), error({ code }) and error() without a code, not when the last subscriber leaves', () =>
    same(({ fake, subject, closing }) => {
      subject.subscribe().unsubscribe();
      const onLeave = [...closing];
      subject.subscribe({ complete: () => {} });
      fake.last.open();
      subject.complete();
      const onComplete = [...closing];
      subject.subscribe({ error: () => {} });
      fake.last.open();
      subject.error({ code: 4000, reason: 'done' });
      const onError = [...closing];
      let error: unknown;
      subject.subscribe({ error: (e) => (error = e) });
      fake.last.open();
      subject.error({ reason: 'no code' });
      return {
        onLeave,
        onComplete,
        onError,
        withoutCode: [...closing],
        error: error instanceof TypeError,
        closes: fake.last.closeCalls,
      };
    }));

  it.each<readonly [string, (world: ReturnType<typeof setup>) => void]>([
    ['the last subscriber leaves while connecting', ({ subject }) => subject.subscribe().unsubscribe()],
    [
      'the last subscriber leaves',
      ({ fake, subject }) => {
        const subscription = subject.subscribe();
        fake.last.open();
        subscription.unsubscribe();
      },
    ],
    [
      'complete()',
      ({ fake, subject }) => {
        subject.subscribe();
        fake.last.open();
        subject.complete();
      },
    ],
    [
      'unsubscribe()',
      ({ fake, subject }) => {
        subject.subscribe();
        fake.last.open();
        subject.unsubscribe();
      },
    ],
  ])('%s: the socket is closed without a code (the server sees 1005)', (_, end) =>
    same((world) => {
      end(world);
      return world.fake.sockets.map((socket) => socket.closeCalls);
    }),
  );

  it.each([
    ['the connection drops', 1006, ''],
    ['the server closes without a closing handshake', 4001, 'kicked'],
  ])('%s: the stream errors with the close event, the one closeObserver was told of', (_, code, reason) =>
    same(({ fake, subject, closes }) => {
      let error: unknown;
      let completed = false;
      subject.subscribe({ error: (e) => (error = e), complete: () => (completed = true) });
      fake.last.open();
      fake.last.serverClose(code, reason, false);
      const { type, code: errorCode, reason: errorReason, wasClean } = error as CloseEvent;
      return {
        completed,
        error: { type, code: errorCode, reason: errorReason, wasClean, isError: error instanceof Error },
        toldCloseObserver: closes.length === 1 && closes[0] === error,
      };
    }),
  );

  // rxjs/webSocket's complete() and error({ code }) go through its queue: while the socket connects, they wait behind
  // the messages sent before them, and the socket opens, sends those, and closes.
  it.each<readonly [string, (subject: AnySubject) => void]>([
    ['complete()', (subject) => subject.complete()],
    ['error({ code: 4000 })', (subject) => subject.error({ code: 4000, reason: 'shutdown' })],
  ])('%s while connecting: the socket opens, sends what was queued, then closes; subscribers end with it', (_, end) =>
    same(({ fake, subject, closing, closes }) => {
      const log: string[] = [];
      subject.subscribe({ complete: () => log.push('complete'), error: () => log.push('error') });
      subject.next({ type: 'order' });
      end(subject);
      log.push(`after the call: closing ${closing.length}, close calls ${fake.last.closeCalls.length}`);
      // A subscriber that comes now joins the connecting socket, and ends with it.
      subject.subscribe({ complete: () => log.push('late complete'), error: () => log.push('late error') });
      fake.last.open();
      log.push(`opened: closing ${closing.length}`);
      fake.last.finishClose();
      return {
        log,
        sockets: fake.sockets.length,
        sent: fake.last.sent,
        closeCalls: fake.last.closeCalls,
        closed: closes.map((event) => (event as CloseEvent).code),
      };
    }),
  );

  it('complete() while connecting, then a connection that fails: subscribers error, closingObserver is not told', () =>
    same(({ fake, subject, closing }) => {
      let error: unknown;
      subject.subscribe({ error: (e) => (error = e) });
      subject.next({ type: 'order' });
      subject.complete();
      fake.last.fail();
      return { errored: error !== undefined, closing: closing.length, sockets: fake.sockets.length };
    }));

  it.each([
    ['while connecting', false],
    ['once open', true],
  ])(
    'a connection that fails %s: the subscriber errors with the error event, then closeObserver hears the close',
    (_, open) => {
      const cause = new Error('ECONNRESET');
      same(({ fake, subject, closes }) => {
        const order: string[] = [];
        let error: unknown;
        subject.subscribe({
          error: (e) => {
            error = e;
            order.push(`error after ${closes.length} closes`);
          },
        });
        if (open) fake.last.open();
        fake.last.fail(cause);
        const { type, error: carried } = error as { type: string; error: unknown };
        return { order, type, carriesTheCause: carried === cause, closes: closes.map((e) => (e as CloseEvent).code) };
      });
    },
  );

  // rxjs's multiplex() sends its control messages with next(): before the open, they wait in the queue in the order of
  // the app's calls, so a server that needs an auth message first gets it first.
  it('multiplex() before the open: the subscribe message waits behind what next() queued before it, and before what came after', () =>
    same(({ fake, subject }) => {
      const seen: Message[] = [];
      subject.next({ type: 'auth' });
      const topic = subject
        .multiplex(
          () => ({ type: 'sub', topic: 'prices' }),
          () => ({ type: 'unsub', topic: 'prices' }),
          (m) => m.type === 'tick',
        )
        .subscribe((m) => seen.push(m));
      subject.next({ type: 'order' });
      fake.last.open();
      fake.last.receive('{"type":"tick"}');
      topic.unsubscribe();
      return { sent: fake.last.sent, seen, closeCalls: fake.last.closeCalls };
    }));

  it('multiplex() subscribed and left before the open: both control messages are sent, in order', () =>
    same(({ fake, subject }) => {
      subject.subscribe();
      const topic = subject
        .multiplex(
          () => ({ type: 'sub', topic: 'news' }),
          () => ({ type: 'unsub', topic: 'news' }),
          () => true,
        )
        .subscribe();
      subject.next({ type: 'between' });
      topic.unsubscribe();
      fake.last.open();
      return fake.last.sent;
    }));

  it('a next() in openObserver goes out after what was queued before the open, as it joins the queue', () => {
    const [rxjs, ours] = SUBJECTS.map(([, create]) => {
      const fake = fakeWebSocket();
      const subject: AnySubject = create<Message>({
        url: 'ws://test/',
        WebSocketCtor: fake.WebSocket as never,
        openObserver: { next: () => subject.next({ type: 'auth' }) },
      }) as unknown as AnySubject;
      subject.subscribe();
      subject.next({ type: 'queued before the open' });
      fake.last.open();
      subject.next({ type: 'after' });
      return fake.last.sent;
    });
    expect(ours).toEqual(rxjs);
    expect(rxjs).toEqual(['{"type":"queued before the open"}', '{"type":"auth"}', '{"type":"after"}']);
  });

  it.each<readonly [string, (subject: AnySubject) => void]>([
    ['complete()', (subject) => subject.complete()],
    ['error({ code: 4000 })', (subject) => subject.error({ code: 4000, reason: 'bye' })],
  ])('next() then %s in openObserver: the message goes out, then the socket closes', (_, close) => {
    const [rxjs, ours] = SUBJECTS.map(([, create]) => {
      const fake = fakeWebSocket();
      const subject: AnySubject = create<Message>({
        url: 'ws://test/',
        WebSocketCtor: fake.WebSocket as never,
        openObserver: {
          next: () => {
            subject.next({ type: 'hello' });
            close(subject);
          },
        },
      }) as unknown as AnySubject;
      subject.subscribe({ error: () => {} });
      subject.next({ type: 'queued before the open' });
      fake.last.open();
      return { sent: fake.last.sent, closes: fake.last.closeCalls };
    });
    expect(ours).toEqual(rxjs);
    expect(rxjs?.sent).toEqual(['{"type":"queued before the open"}', '{"type":"hello"}']);
  });
});
