import fc from 'fast-check';
import {
  backpressure,
  CloseEvent,
  type InvalidMessageError,
  QueueOverflowError,
  RequestAbortedError,
  RequestTimeoutError,
  reconnect,
  requests,
  SerializationError,
  sendQueue,
  type WebSocketSubject,
  type WebSocketSubjectConfig,
  webSocket,
} from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import {
  asyncScheduler,
  config,
  firstValueFrom,
  lastValueFrom,
  ObjectUnsubscribedError,
  repeat,
  retry,
  Subject,
  type Subscription,
  take,
  toArray,
} from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, onTestFinished, vi } from 'vitest';

type Message = { type: string; id?: number | string; topic?: string; text?: string };

function setup(config: Partial<WebSocketSubjectConfig<Message>> = {}) {
  const fake = fakeWebSocket();
  const subject = webSocket<Message>({ url: 'ws://test', WebSocketCtor: fake.WebSocket, ...config });
  return { subject, fake };
}
/** A Standard Schema that takes any object with a string `type`. */
const typeSchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (v: unknown) =>
      typeof (v as Message)?.type === 'string' ? { value: v as Message } : { issues: [{ message: 'no type' }] },
  },
};
const json = (socket: FakeWebSocket) => socket.sent.map((s) => JSON.parse(String(s)) as Message);

describe('webSocket(): what rxjs/webSocket does', () => {
  it('connects on the first subscription and shares one socket between subscribers', () => {
    const { subject, fake } = setup();
    expect(fake.sockets).toHaveLength(0);
    const a: Message[] = [];
    const b: Message[] = [];
    subject.subscribe((m) => a.push(m));
    subject.subscribe((m) => b.push(m));
    expect(fake.sockets).toHaveLength(1);
    fake.last.open();
    fake.last.receive('{"type":"hi"}');
    expect([a, b]).toEqual([[{ type: 'hi' }], [{ type: 'hi' }]]);
  });

  it('queues messages sent before open (even before any subscription) and sends them in order on open', () => {
    const { subject, fake } = setup();
    subject.next({ type: 'one' });
    subject.subscribe();
    subject.next({ type: 'two' });
    expect(fake.last.sent).toEqual([]);
    fake.last.open();
    expect(json(fake.last)).toEqual([{ type: 'one' }, { type: 'two' }]);
  });

  it('completes subscribers on a clean close and errors them on an abnormal one', async () => {
    const clean = setup();
    const done = lastValueFrom(clean.subject.pipe(toArray()));
    clean.fake.last.open();
    clean.fake.last.serverClose(1000);
    expect(await done).toEqual([]);
    const abnormal = setup();
    const failed = lastValueFrom(abnormal.subject).catch((e: unknown) => e);
    abnormal.fake.last.open();
    abnormal.fake.last.serverClose(1006, '', false);
    const error = await failed;
    // The CloseEvent itself, as rxjs errors with it; state$ keeps the typed error.
    expect(error).toBeInstanceOf(CloseEvent);
    expect(error).toMatchObject({ type: 'close', code: 1006, wasClean: false });
    expect(abnormal.subject.state).toMatchObject({
      status: 'closed',
      error: { name: 'WebSocketCloseError', code: 1006 },
    });
  });

  it('closes the socket without a code when the last subscriber unsubscribes while connecting', () => {
    const { subject, fake } = setup();
    subject.subscribe().unsubscribe();
    expect(fake.last.closeCalls).toEqual([{}]);
  });

  it('does not let an old socket that closes late close the new one', () => {
    const { subject, fake } = setup();
    const first = subject.subscribe();
    fake.last.open();
    first.unsubscribe(); // socket 1 is closing; its close event comes later
    const received: Message[] = [];
    subject.subscribe((m) => received.push(m));
    const [old, current] = fake.sockets as [FakeWebSocket, FakeWebSocket];
    current.open();
    old.finishClose();
    current.receive('{"type":"still here"}');
    expect(received).toEqual([{ type: 'still here' }]);
    expect(current.closeCalls).toEqual([]);
  });

  it('reopens with retry after an abnormal close and with repeat after a clean one', () => {
    const { subject, fake } = setup();
    const received: Message[] = [];
    subject.pipe(retry(1), repeat(1)).subscribe((m) => received.push(m));
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    fake.last.receive('{"type":"after retry"}');
    expect(received).toEqual([{ type: 'after retry' }]);
  });

  it('closes without a code on teardown and on complete(), so the server sees 1005', () => {
    const a = setup();
    a.subject.subscribe().unsubscribe();
    expect(a.fake.last.closeCalls).toEqual([{}]);
    const b = setup();
    b.subject.subscribe();
    b.fake.last.open();
    b.subject.complete();
    expect(b.fake.last.closeCalls).toEqual([{}]);
  });

  it('calls openObserver, closeObserver and closingObserver', () => {
    const calls: string[] = [];
    const { subject, fake } = setup({
      openObserver: { next: (e) => calls.push(`open ${e.type}`) },
      closeObserver: { next: (e) => calls.push(`close ${e.code}`) },
      closingObserver: { next: () => calls.push('closing') },
    });
    subject.subscribe();
    fake.last.open();
    subject.complete();
    fake.last.finishClose();
    expect(calls).toEqual(['open open', 'closing', 'close 1005']);
  });

  it("returns the same state$, invalid$ and dropped$ on every read (Angular's async pipe resubscribes otherwise)", () => {
    const { subject } = setup();
    expect(subject.state$).toBe(subject.state$);
    expect(subject.invalid$).toBe(subject.invalid$);
    expect(subject.dropped$).toBe(subject.dropped$);
  });

  it("gives openObserver the socket's open event, and a throwing openObserver is reported, not fatal", () => {
    const reported: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    onTestFinished(() => {
      config.onUnhandledError = previous;
    });
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const events: Event[] = [];
      const { subject, fake } = setup({
        openObserver: {
          next: (event) => {
            events.push(event);
            throw new Error('observer bug');
          },
        },
      });
      const received: Message[] = [];
      subject.subscribe((m) => received.push(m));
      subject.next({ type: 'queued' });
      fake.last.open();
      fake.last.receive('{"type":"hi"}');
      expect(events).toHaveLength(1);
      expect(events[0]).toMatchObject({ type: 'open', target: subject.socket });
      expect(json(fake.last)).toEqual([{ type: 'queued' }]);
      expect(received).toEqual([{ type: 'hi' }]);
    });
    expect(reported).toEqual([new Error('observer bug')]);
  });

  it('uses a custom serializer and deserializer (or the deprecated resultSelector), protocol and binaryType', () => {
    const fake = fakeWebSocket();
    const subject = webSocket<string, number>({
      url: 'ws://test',
      protocol: ['v1', 'v2'],
      binaryType: 'arraybuffer',
      WebSocketCtor: fake.WebSocket,
      serializer: (n) => `n=${n}`,
      resultSelector: (e) => `got ${e.data}`,
    });
    const received: string[] = [];
    subject.subscribe((m) => received.push(m));
    expect(fake.last.protocols).toEqual(['v1', 'v2']);
    expect(fake.last.binaryType).toBe('arraybuffer');
    fake.last.open();
    subject.next(42);
    fake.last.receive('x');
    expect([fake.last.sent, received]).toEqual([['n=42'], ['got x']]);
  });

  it('builds a MessageEvent per message only for a custom deserializer (the default JSON path reads payloads)', () => {
    let events = 0;
    const Base: new (type: string, init?: MessageEventInit) => MessageEvent = MessageEvent;
    const Counted = class extends Base {
      constructor(type: string, init?: MessageEventInit) {
        super(type, init);
        events++;
      }
    };
    vi.stubGlobal('MessageEvent', Counted);
    try {
      const plain = setup();
      const received: Message[] = [];
      plain.subject.subscribe((m) => received.push(m));
      plain.fake.last.open();
      plain.fake.last.receive('{"type":"a"}');
      plain.fake.last.receive('{"type":"b"}');
      expect([received, events]).toEqual([[{ type: 'a' }, { type: 'b' }], 0]);

      const custom = setup({ deserializer: (e) => ({ type: `${e instanceof MessageEvent} ${String(e.data)}` }) });
      const read: Message[] = [];
      custom.subject.subscribe((m) => read.push(m));
      custom.fake.last.open();
      custom.fake.last.receive('x');
      expect([read, events]).toEqual([[{ type: 'true x' }], 1]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('ends with unsubscribe(): closed, the socket closed without a code, a later next() ignored (rxjs-parity.test.ts compares)', () => {
    const { subject, fake } = setup();
    subject.subscribe();
    fake.last.open();
    subject.unsubscribe();
    expect(subject.closed).toBe(true);
    expect(fake.last.closeCalls).toEqual([{}]);
    subject.next({ type: 'late' });
    expect(fake.last.sent).toEqual([]);
    expect(() => subject.subscribe()).toThrow(ObjectUnsubscribedError);
  });

  it('errors subscribers with a TypeError for error() without a code, and can be subscribed again', () => {
    const { subject, fake } = setup();
    let error: unknown;
    subject.subscribe({ error: (e) => (error = e) });
    fake.last.open();
    subject.error(new Error('no code'));
    expect(error).toBeInstanceOf(TypeError);
    expect(fake.last.closeCalls).toEqual([{}]);
    subject.subscribe();
    expect(fake.sockets).toHaveLength(2);
  });
});

describe('webSocket(): what it fixes', () => {
  it('bounds the pre-open queue', () => {
    const { subject } = setup({ queue: sendQueue({ maxMessages: 2 }) });
    subject.next({ type: '1' });
    subject.next({ type: '2' });
    expect(() => subject.next({ type: '3' })).toThrow(QueueOverflowError);
  });

  it('queues next() while the socket is closing or reconnecting instead of dropping it', () => {
    const { subject, fake } = setup({ reconnect: reconnect({ initialDelay: 0, jitter: 0 }) });
    subject.subscribe({ error: () => {} });
    fake.last.open();
    fake.last.serverClose(1012, 'restart', true);
    subject.next({ type: 'during the outage' });
    return new Promise<void>((resolve) => {
      setTimeout(() => {
        fake.last.open();
        expect(json(fake.last)).toEqual([{ type: 'during the outage' }]);
        subject.unsubscribe();
        resolve();
      }, 5);
    });
  });

  it("reports a message the deserializer cannot read on invalid$ and, with onInvalid: 'skip', goes on", () => {
    const { subject, fake } = setup({ onInvalid: 'skip' });
    const received: Message[] = [];
    const invalid: InvalidMessageError[] = [];
    subject.invalid$.subscribe((e) => invalid.push(e));
    subject.subscribe((m) => received.push(m));
    fake.last.open();
    fake.last.receive('{not json');
    fake.last.receive('{"type":"next"}');
    expect(received).toEqual([{ type: 'next' }]);
    expect(invalid.map((e) => e.name)).toEqual(['MessageParseError']);
  });

  it('decodes JSON sent in binary frames (ArrayBuffer or Blob) as UTF-8, in order with text frames, for any JSON value', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.jsonValue(), fc.constantFrom('text', 'arraybuffer', 'blob')), {
          minLength: 1,
          maxLength: 8,
        }),
        async (frames) => {
          const fake = fakeWebSocket();
          const subject = webSocket<unknown>({ url: 'ws://test', WebSocketCtor: fake.WebSocket });
          const all = lastValueFrom(subject.pipe(take(frames.length), toArray()));
          fake.last.open();
          for (const [value, shape] of frames) {
            const text = JSON.stringify(value);
            const bytes = new TextEncoder().encode(text);
            fake.last.receive(shape === 'text' ? text : shape === 'blob' ? new Blob([bytes]) : bytes.buffer);
          }
          expect(await all).toEqual(frames.map(([value]) => JSON.parse(JSON.stringify(value))));
          subject.unsubscribe();
        },
      ),
      { numRuns: 50 },
    );
  });

  it("reports a binary frame that is not UTF-8 on invalid$ and, with onInvalid: 'skip', goes on", async () => {
    const { subject, fake } = setup({ onInvalid: 'skip' });
    const invalid: InvalidMessageError[] = [];
    subject.invalid$.subscribe((e) => invalid.push(e));
    const next = firstValueFrom(subject);
    fake.last.open();
    fake.last.receive(new Uint8Array([0x7b, 0xff, 0x7d]).buffer);
    fake.last.receive('{"type":"next"}');
    expect(await next).toEqual({ type: 'next' });
    expect(invalid).toEqual([expect.objectContaining({ name: 'MessageParseError', reason: 'encoding' })]);
  });

  it('reports a throwing custom deserializer the same way', () => {
    const { subject, fake } = setup({
      onInvalid: 'skip',
      deserializer: (e) => {
        if (e.data === 'bad') throw new Error('cannot read');
        return { type: String(e.data) };
      },
    });
    const received: Message[] = [];
    const invalid: InvalidMessageError[] = [];
    subject.invalid$.subscribe((e) => invalid.push(e));
    subject.subscribe((m) => received.push(m));
    fake.last.open();
    fake.last.receive('bad');
    fake.last.receive('good');
    expect(received).toEqual([{ type: 'good' }]);
    expect(invalid[0]?.message).toContain('cannot read');
  });

  it('validates error({ code, reason }) before closing: an invalid code throws and leaves the socket open', () => {
    const { subject, fake } = setup();
    subject.subscribe({ error: () => {} });
    fake.last.open();
    expect(() => subject.error({ code: 1001, reason: 'going' })).toThrow(
      expect.objectContaining({ name: 'InvalidAccessError' }),
    );
    expect(fake.last.closeCalls).toEqual([]);
    subject.error({ code: 4000, reason: 'bye' });
    expect(fake.last.closeCalls).toEqual([{ code: 4000, reason: 'bye' }]);
  });

  it('throws SerializationError at next() for a value JSON cannot hold, and sends nothing', () => {
    const { subject, fake } = setup();
    subject.subscribe();
    fake.last.open();
    expect(() => subject.next({ type: 'x', text: 1n as never })).toThrow(SerializationError);
    expect(fake.last.sent).toEqual([]);
  });

  it.each([
    ['a message that is not JSON', '{not json', 'SyntaxError', 'MessageParseError'],
    [
      'a binary frame that is not UTF-8',
      new Uint8Array([0x7b, 0xff, 0x7d]).buffer,
      'MessageParseError',
      'MessageParseError',
    ],
    ['a message larger than maxBytes', `{"type":"${'x'.repeat(64)}"}`, 'MessageTooLargeError', 'MessageTooLargeError'],
    ['a message the schema rejects', '{"nope":1}', 'SchemaValidationError', 'SchemaValidationError'],
  ])(
    'ends the stream by default at %s: with what JSON.parse threw, as rxjs, or the typed error; invalid$ hears first',
    async (_, payload, ended, reported) => {
      const { subject, fake } = setup({ maxBytes: 32, schema: typeSchema });
      const order: string[] = [];
      subject.invalid$.subscribe((e) => order.push(`invalid$:${e.name}`));
      const error = new Promise<unknown>((resolve) =>
        subject.subscribe({ next: (m) => order.push(`next:${m.type}`), error: resolve }),
      );
      fake.last.open();
      fake.last.receive('{"type":"first"}');
      fake.last.receive(payload);
      fake.last.receive('{"type":"after"}');
      const thrown = (await error) as Error;
      expect(thrown.name).toBe(ended);
      expect(order).toEqual(['next:first', `invalid$:${reported}`]);
    },
  );

  it('validates incoming messages with a schema', () => {
    const { subject, fake } = setup({ schema: typeSchema, onInvalid: 'skip' });
    const received: Message[] = [];
    const invalid: string[] = [];
    subject.invalid$.subscribe((e) => invalid.push(e.name));
    subject.subscribe((m) => received.push(m));
    fake.last.open();
    fake.last.receive('{"nope":1}');
    fake.last.receive('{"type":"ok"}');
    expect([received, invalid]).toEqual([[{ type: 'ok' }], ['SchemaValidationError']]);
  });

  it('exposes the connection state', () => {
    const { subject, fake } = setup();
    const states: string[] = [];
    subject.state$.subscribe((s) => states.push(s.status));
    subject.subscribe();
    fake.last.open();
    expect(states).toEqual(['closed', 'connecting', 'open']);
    expect(subject.state.status).toBe('open');
    expect(subject.socket).toBeDefined();
  });
});

describe('multiplex()', () => {
  const sub = (topic: string) => () => ({ type: 'sub', topic });
  const unsub = (topic: string) => () => ({ type: 'unsub', topic });
  const of = (topic: string) => (m: Message) => m.topic === topic;

  it('sends one subscribe for the first local subscriber and one unsubscribe after the last, and filters', () => {
    const { subject, fake } = setup();
    const a: Message[] = [];
    const b: Message[] = [];
    const first = subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe((m) => a.push(m));
    const second = subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe((m) => b.push(m));
    fake.last.open();
    expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'prices' }]);
    fake.last.receive('{"type":"tick","topic":"prices"}');
    fake.last.receive('{"type":"tick","topic":"news"}');
    expect([a.length, b.length]).toEqual([1, 1]);
    first.unsubscribe();
    expect(json(fake.last)).toHaveLength(1);
    second.unsubscribe();
    expect(json(fake.last).at(-1)).toEqual({ type: 'unsub', topic: 'prices' });
  });

  it.each([
    ['the second', ['a', 'b']],
    ['the first', ['b', 'a']],
  ])("sends the last leaver's own unsubscribe message when %s subscriber leaves last", (_, order) => {
    const { subject, fake } = setup();
    const leave = (who: string) => () => ({ type: 'unsub', topic: 'prices', who });
    const topics = {
      a: subject.multiplex(sub('prices'), leave('a'), of('prices')).subscribe(),
      b: subject.multiplex(sub('prices'), leave('b'), of('prices')).subscribe(),
    };
    fake.last.open();
    for (const who of order) topics[who as 'a' | 'b'].unsubscribe();
    expect(json(fake.last)).toEqual([
      { type: 'sub', topic: 'prices' },
      { type: 'unsub', topic: 'prices', who: order[1] },
    ]);
  });

  it('re-sends the subscribe messages after a reconnect, before the queued messages', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ reconnect: reconnect({ initialDelay: 100, jitter: 0 }) });
      const topic = subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      subject.next({ type: 'queued during the outage' });
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'prices' }, { type: 'queued during the outage' }]);
      topic.unsubscribe();
    });
  });

  it('sends a topic made while disconnected in the order of the calls, after the topics of the last connection', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ reconnect: reconnect({ initialDelay: 100, jitter: 0 }) });
      subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      subject.next({ type: 'auth' });
      subject.multiplex(sub('news'), unsub('news'), of('news')).subscribe();
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      expect(json(fake.last)).toEqual([
        { type: 'sub', topic: 'prices' },
        { type: 'auth' },
        { type: 'sub', topic: 'news' },
      ]);
      // Both are the server's now: the next connection subscribes to both again, before the queue.
      fake.last.serverClose(1006, '', false);
      subject.next({ type: 'later' });
      asyncScheduler.schedule(() => fake.last.open(), 200);
      flush();
      expect(json(fake.last)).toEqual([
        { type: 'sub', topic: 'prices' },
        { type: 'sub', topic: 'news' },
        { type: 'later' },
      ]);
      subject.unsubscribe();
    });
  });

  it.each([
    ['a ttl', sendQueue({ ttl: 50 })],
    ['drop-oldest', sendQueue({ maxMessages: 1, overflow: 'drop-oldest' })],
    ['drop-newest', sendQueue({ maxMessages: 1, overflow: 'drop-newest' })],
  ])('keeps topics out of a queue that may drop them (%s): subscribed on open, ahead of the queue', (_, queue) => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ queue });
      const dropped: unknown[] = [];
      subject.dropped$.subscribe(({ data }) => dropped.push(JSON.parse(String(data))));
      subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
      const news = subject.multiplex(sub('news'), unsub('news'), of('news')).subscribe();
      news.unsubscribe(); // left before the open: the server never hears of it
      // Queued, this would push the subscribe message out (drop-oldest), be refused behind it (drop-newest), or
      // find it expired at the open (ttl).
      asyncScheduler.schedule(() => subject.next({ type: 'order' }), 90);
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      expect(dropped).toEqual([]);
      expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'prices' }, { type: 'order' }]);
      subject.unsubscribe();
    });
  });

  it('sends topics in the order of the calls with a queue that cannot drop (overflow: error, no ttl)', () => {
    const { subject, fake } = setup({ queue: sendQueue({ maxMessages: 5000, maxBytes: 1 << 20 }) });
    subject.next({ type: 'auth' });
    subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
    fake.last.open();
    expect(json(fake.last)).toEqual([{ type: 'auth' }, { type: 'sub', topic: 'prices' }]);
  });

  it('fails a topic the full queue refuses (overflow: error) with QueueOverflowError, and sends nothing for it', () => {
    const { subject, fake } = setup({ queue: sendQueue({ maxMessages: 1 }) });
    subject.subscribe();
    subject.next({ type: 'first' });
    let error: unknown;
    const topic = subject
      .multiplex(sub('prices'), unsub('prices'), of('prices'))
      .subscribe({ error: (e) => (error = e) });
    expect(error).toBeInstanceOf(QueueOverflowError);
    expect(topic.closed).toBe(true);
    fake.last.open();
    expect(json(fake.last)).toEqual([{ type: 'first' }]);
  });

  it('leaves a topic frame a full socket still held to the queue when it drops: sent once, and only where it means something', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({
        reconnect: reconnect({ initialDelay: 100, jitter: 0 }),
        backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 0 }),
      });
      subject.next({ type: 'auth' });
      subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
      fake.last.bufferedAmount = 1000; // full from the open: the queue waits
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      // The subscribe frame never left: the queue sends it, once, in the order of the calls.
      expect(json(fake.last)).toEqual([{ type: 'auth' }, { type: 'sub', topic: 'prices' }]);
      const news = subject.multiplex(sub('news'), unsub('news'), of('news')).subscribe();
      fake.last.bufferedAmount = 1000;
      news.unsubscribe(); // its unsubscribe frame waits behind the full socket, which drops
      fake.last.serverClose(1006, '', false);
      asyncScheduler.schedule(() => fake.last.open(), 200);
      flush();
      // The server that had 'news' went with its connection: the new one hears nothing of it.
      expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'prices' }]);
      subject.unsubscribe();
    });
  });

  it.each([
    ['the default queue', undefined],
    ['a queue that may drop', sendQueue({ ttl: 60_000 })],
  ])(
    'with %s, what openObserver sends with next() goes after the re-subscriptions and the queue, as rxjs queues it',
    (_, queue) => {
      new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
        let opens = 0;
        const { subject, fake } = setup({
          reconnect: reconnect({ initialDelay: 100, jitter: 0 }),
          ...(queue ? { queue } : {}),
          openObserver: {
            next: () => {
              subject.next({ type: 'auth', text: String(++opens) });
              // A topic joined here is sent once, as a next() here is.
              if (opens === 2) subject.multiplex(sub('news'), unsub('news'), of('news')).subscribe();
            },
          },
        });
        subject.multiplex(sub('prices'), unsub('prices'), of('prices')).subscribe();
        fake.last.open();
        fake.last.serverClose(1006, '', false);
        subject.next({ type: 'queued during the outage' });
        asyncScheduler.schedule(() => fake.last.open(), 100);
        flush();
        expect(json(fake.last)).toEqual(
          queue
            ? [
                { type: 'sub', topic: 'prices' },
                { type: 'sub', topic: 'news' },
                { type: 'queued during the outage' },
                { type: 'auth', text: '2' },
              ]
            : [
                { type: 'sub', topic: 'prices' },
                { type: 'queued during the outage' },
                { type: 'auth', text: '2' },
                { type: 'sub', topic: 'news' },
              ],
        );
        subject.unsubscribe();
      });
    },
  );

  it.each([
    ['the default queue', undefined],
    ['a queue that may drop', sendQueue({ ttl: 60_000 })],
  ])('with %s, topics joined and left in openObserver are told to each connection that has them', (_, queue) => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      let opens = 0;
      const held = new Map<string, Subscription>();
      const join = (topic: string) =>
        held.set(topic, subject.multiplex(sub(topic), unsub(topic), of(topic)).subscribe());
      const { subject, fake } = setup({
        reconnect: reconnect({ initialDelay: 100, jitter: 0 }),
        ...(queue ? { queue } : {}),
        openObserver: {
          next: () => {
            opens++;
            if (opens === 2) {
              held.get('prices')?.unsubscribe(); // before its re-subscription: this connection never had it
              join('news');
            }
          },
        },
      });
      subject.subscribe(); // holds the connection whatever the topics do
      join('prices');
      fake.last.open();
      const reconnectAt = (ms: number) => {
        fake.last.serverClose(1006, '', false);
        asyncScheduler.schedule(() => fake.last.open(), ms);
        flush();
      };
      reconnectAt(100);
      expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'news' }]);
      reconnectAt(200); // the topic joined in openObserver is subscribed again, as any other
      expect(json(fake.last)).toEqual([{ type: 'sub', topic: 'news' }]);
      subject.unsubscribe();
    });
  });

  it('never sends a stale unsubscribe after a reconnect', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ reconnect: reconnect({ initialDelay: 100, jitter: 0 }) });
      subject.subscribe();
      const topic = subject.multiplex(sub('news'), unsub('news'), of('news')).subscribe();
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      topic.unsubscribe(); // while disconnected: the server forgot the subscription already
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      expect(fake.last.sent).toEqual([]);
      subject.unsubscribe();
    });
  });
});

describe('request()', () => {
  it('emits the reply with the same id and completes', async () => {
    const { subject, fake } = setup({ requests: requests() });
    const reply = lastValueFrom(subject.request({ type: 'get' }));
    fake.last.open();
    expect(json(fake.last)).toEqual([{ type: 'get', id: 1 }]);
    fake.last.receive('{"type":"other","id":2}');
    fake.last.receive('{"type":"result","id":1}');
    expect(await reply).toEqual({ type: 'result', id: 1 });
  });

  it("takes the id from the layer's idGenerator, and a message made from the id", async () => {
    const { subject, fake } = setup({ requests: requests({ idGenerator: () => 'req-7' }) });
    const reply = lastValueFrom(
      subject.request((id) => ({ type: 'get', text: `for ${id}` }), { match: (r, id) => r.text === id }),
    );
    fake.last.open();
    fake.last.receive('{"type":"result","text":"req-7"}');
    expect(await reply).toEqual({ type: 'result', text: 'req-7' });
    expect(json(fake.last)).toEqual([{ type: 'get', text: 'for req-7' }]);
  });

  it('fails with RequestTimeoutError after the timeout, releasing its observer', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable, flush }) => {
      const { subject, fake } = setup({ requests: requests() });
      const request = subject.request({ type: 'get' }, { id: 'a', timeout: 500 });
      expectObservable(request).toBe('500ms #', undefined, new RequestTimeoutError('a', 500));
      flush();
      expect(fake.last.closeCalls).toEqual([{}]); // the last subscriber left
    });
  });

  it('is cancelled by unsubscribing: a late reply goes nowhere', () => {
    const { subject, fake } = setup({ requests: requests() });
    const replies: Message[] = [];
    const keep = subject.subscribe();
    const request = subject.request({ type: 'get' }).subscribe((r) => replies.push(r));
    fake.last.open();
    request.unsubscribe();
    fake.last.receive('{"type":"result","id":1}');
    expect(replies).toEqual([]);
    keep.unsubscribe();
  });

  it("fails with RequestAbortedError when the connection drops, or is sent again with onDisconnect: 'retry'", () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ reconnect: reconnect({ initialDelay: 10, jitter: 0 }), requests: requests() });
      const errors: unknown[] = [];
      const replies: Message[] = [];
      subject.request({ type: 'fail' }, { id: 'f' }).subscribe({ error: (e) => errors.push(e) });
      subject.request({ type: 'retry' }, { id: 'r', onDisconnect: 'retry' }).subscribe((r) => replies.push(r));
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      asyncScheduler.schedule(() => {
        fake.last.open();
        fake.last.receive('{"type":"done","id":"r"}');
      }, 10);
      flush();
      expect(json(fake.last)).toEqual([{ type: 'retry', id: 'r' }]);
      expect(errors[0]).toBeInstanceOf(RequestAbortedError);
      expect(replies).toEqual([{ type: 'done', id: 'r' }]);
    });
  });

  it('sends nothing for a request cancelled or timed out while it waited in the queue', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ requests: requests() });
      subject.subscribe(); // keeps the socket connecting
      subject.request({ type: 'cancelled' }, { id: 'c' }).subscribe().unsubscribe();
      subject.request({ type: 'timed out' }, { id: 't', timeout: 50 }).subscribe({ error: () => {} });
      subject.next({ type: 'plain' });
      asyncScheduler.schedule(() => fake.last.open(), 100);
      flush();
      expect(json(fake.last)).toEqual([{ type: 'plain' }]);
      subject.unsubscribe();
    });
  });

  it.each(['fail', 'retry'] as const)(
    "with onDisconnect: '%s', a request that never left the queue is not lost with a connection: it goes on the next, once",
    (onDisconnect) => {
      new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
        const { subject, fake } = setup({
          reconnect: reconnect({ initialDelay: 10, jitter: 0 }),
          backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 0 }),
          requests: requests({ onDisconnect }),
        });
        const replies: Message[] = [];
        const errors: unknown[] = [];
        // Asked while connecting; that attempt fails, and the next socket is full from its open, and drops.
        subject
          .request({ type: 'get' }, { id: 'q' })
          .subscribe({ next: (r) => replies.push(r), error: (e) => errors.push(e) });
        fake.last.serverClose(1006, '', false);
        asyncScheduler.schedule(() => {
          fake.last.bufferedAmount = 1000;
          fake.last.open();
          fake.last.serverClose(1006, '', false);
        }, 10);
        asyncScheduler.schedule(() => {
          fake.last.open(); // the third socket, waiting since its backoff
          fake.last.receive('{"type":"result","id":"q"}');
        }, 1000);
        flush();
        expect(fake.sockets.map((socket) => json(socket))).toEqual([[], [], [{ type: 'get', id: 'q' }]]);
        expect(errors).toEqual([]);
        expect(replies).toEqual([{ type: 'result', id: 'q' }]);
        subject.unsubscribe();
      });
    },
  );

  it.each(['fail', 'retry'] as const)(
    "with onDisconnect: '%s', a request that went out on a socket reconnectNow replaced is lost with it",
    (onDisconnect) => {
      new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
        const now = new Subject<void>();
        const { subject, fake } = setup({
          reconnect: reconnect({ environment: null, reconnectNow: now }),
          requests: requests({ onDisconnect, timeout: Number.POSITIVE_INFINITY }),
        });
        const errors: unknown[] = [];
        subject.subscribe();
        fake.last.open();
        subject.request({ type: 'get' }, { id: 'a' }).subscribe({ error: (e) => errors.push(e) });
        now.next(); // open -> connecting -> open: no 'reconnecting' on the way
        fake.last.open();
        flush();
        expect(fake.sockets.map((socket) => json(socket))).toEqual(
          onDisconnect === 'fail'
            ? [[{ type: 'get', id: 'a' }], []]
            : [[{ type: 'get', id: 'a' }], [{ type: 'get', id: 'a' }]],
        );
        expect(errors).toEqual(onDisconnect === 'fail' ? [new RequestAbortedError('a', 'the connection dropped')] : []);
        subject.unsubscribe();
      });
    },
  );

  it('opens nothing after reconnectNow when the only subscriber was a request that failed with the old connection', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const now = new Subject<void>();
      const { subject, fake } = setup({
        reconnect: reconnect({ environment: null, reconnectNow: now }),
        requests: requests({ timeout: Number.POSITIVE_INFINITY }),
      });
      let error: unknown;
      subject.request({ type: 'get' }, { id: 'a' }).subscribe({ error: (e) => (error = e) });
      fake.last.open();
      now.next(); // 'connecting': the request fails, and with it the last subscriber
      flush();
      expect(error).toBeInstanceOf(RequestAbortedError);
      expect(fake.sockets).toHaveLength(1);
      expect(fake.last.closeCalls).toHaveLength(1);
      expect(subject.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
    });
  });

  it('takes back a request that ended while it waited in the queue: it holds no room and is not reported dropped', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { subject, fake } = setup({ queue: sendQueue({ maxMessages: 2, ttl: 100 }), requests: requests() });
      const dropped: unknown[] = [];
      subject.dropped$.subscribe(({ data }) => dropped.push(JSON.parse(String(data))));
      subject.subscribe({ error: () => {} });
      subject.request({ type: 'cancelled' }, { id: 1 }).subscribe().unsubscribe();
      subject.request({ type: 'timed out' }, { id: 2, timeout: 50 }).subscribe({ error: () => {} });
      asyncScheduler.schedule(() => {
        subject.next({ type: 'a' });
        subject.next({ type: 'b' }); // the queue holds 2: room for both once the requests are gone
      }, 60);
      asyncScheduler.schedule(() => fake.last.open(), 90);
      flush();
      expect(json(fake.last)).toEqual([{ type: 'a' }, { type: 'b' }]);
      expect(dropped).toEqual([]);
      subject.unsubscribe();
    });
  });

  it('rejects a non-object message without an id function', () => {
    const fake = fakeWebSocket();
    const subject = webSocket<unknown, string>({ url: 'ws://x', WebSocketCtor: fake.WebSocket, requests: requests() });
    let error: unknown;
    subject.request('plain text').subscribe({ error: (e) => (error = e) });
    expect(error).toMatchObject({ name: 'InvalidOptionError', option: 'message' });
  });
  it("applies the layer's timeout and onDisconnect to every request, and a request's own options over them", () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable, flush }) => {
      const { subject, fake } = setup({
        reconnect: reconnect({ initialDelay: 10, jitter: 0 }),
        requests: requests({ timeout: 300, onDisconnect: 'retry' }),
      });
      expectObservable(subject.request({ type: 'a' }, { id: 'a' })).toBe(
        '300ms #',
        undefined,
        new RequestTimeoutError('a', 300),
      );
      expectObservable(subject.request({ type: 'b' }, { id: 'b', timeout: 100 })).toBe(
        '100ms #',
        undefined,
        new RequestTimeoutError('b', 100),
      );
      const errors: unknown[] = [];
      subject.request({ type: 'c' }, { id: 'c', onDisconnect: 'fail' }).subscribe({ error: (e) => errors.push(e) });
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      asyncScheduler.schedule(() => fake.last.open(), 10);
      flush();
      // 'a' and 'b' were sent again on the new socket (the layer's 'retry'); 'c' failed with the drop.
      expect(json(fake.last)).toEqual([
        { type: 'a', id: 'a' },
        { type: 'b', id: 'b' },
      ]);
      expect(errors).toEqual([new RequestAbortedError('c', 'the connection dropped')]);
    });
  });

  it('fails at once with RequestAbortedError when the send queue drops the request, whatever the rule or the ttl', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const waiting = requests({ timeout: Number.POSITIVE_INFINITY }); // only drops end these requests
      const failures: Array<[id: string, at: number, message: string]> = [];
      const ask = (subject: WebSocketSubject<Message>, id: string) =>
        subject.request({ type: 'get' }, { id }).subscribe({
          error: (e: Error) => failures.push([id, asyncScheduler.now(), `${e.name}: ${e.message}`]),
        });
      // 'drop-newest': the third request is dropped as it is sent.
      const newest = setup({ queue: sendQueue({ maxMessages: 2, overflow: 'drop-newest' }), requests: waiting });
      for (const id of ['n1', 'n2', 'n3']) ask(newest.subject, id);
      // 'drop-oldest': the first one makes room for the third.
      const oldest = setup({ queue: sendQueue({ maxMessages: 2, overflow: 'drop-oldest' }), requests: waiting });
      for (const id of ['o1', 'o2', 'o3']) ask(oldest.subject, id);
      // ttl: a request that waited longer than the queue allows is dropped when the socket opens.
      const aged = setup({ queue: sendQueue({ ttl: 100 }), requests: waiting });
      ask(aged.subject, 't1');
      asyncScheduler.schedule(() => aged.fake.last.open(), 200);
      flush();
      const why = (reason: string) =>
        `RequestAbortedError: Request %s was aborted: the send queue dropped it (${reason}), so it was never sent.`;
      expect(failures).toEqual([
        ['n3', 0, why('overflow').replace('%s', 'n3')],
        ['o1', 0, why('overflow').replace('%s', 'o1')],
        ['t1', 200, why('expired').replace('%s', 't1')],
      ]);
      expect(aged.fake.last.sent).toEqual([]);
      newest.fake.last.open();
      oldest.fake.last.open();
      expect([json(newest.fake.last), json(oldest.fake.last)]).toEqual([
        [
          { type: 'get', id: 'n1' },
          { type: 'get', id: 'n2' },
        ],
        [
          { type: 'get', id: 'o2' },
          { type: 'get', id: 'o3' },
        ],
      ]);
    });
  });

  it('gives each subject its own ids when one layer serves several', async () => {
    const layer = requests();
    const one = setup({ requests: layer });
    const two = setup({ requests: layer });
    one.subject.request({ type: 'x' }).subscribe();
    two.subject.request({ type: 'y' }).subscribe();
    one.subject.request({ type: 'z' }).subscribe();
    one.fake.last.open();
    two.fake.last.open();
    expect(json(one.fake.last)).toEqual([
      { type: 'x', id: 1 },
      { type: 'z', id: 2 },
    ]);
    expect(json(two.fake.last)).toEqual([{ type: 'y', id: 1 }]);
    one.subject.unsubscribe();
    two.subject.unsubscribe();
  });

  it('names where a moved key goes, with the line to write', () => {
    expect(() => webSocket({ url: 'ws://x', idGenerator: () => 1 } as never)).toThrow(
      "Invalid option idGenerator: a function. Expected it under requests: webSocket({ url, requests: requests({ idGenerator }) }), with requests imported from 'rx-websocket'.",
    );
    expect(() => webSocket({ url: 'ws://x', heartbeat: { interval: 1 } } as never)).toThrow(
      "Expected it under reconnect: webSocket({ url, reconnect: reconnect({ heartbeat }) }), with reconnect imported from 'rx-websocket'.",
    );
  });

  it('throws InvalidOptionError naming requests() when the subject was made without it; nothing opens', () => {
    const { subject, fake } = setup();
    expect(() => subject.request({ type: 'get' })).toThrow(
      expect.objectContaining({
        name: 'InvalidOptionError',
        option: 'requests',
        message: expect.stringContaining('Missing option requests. Expected the value requests() returns'),
      }),
    );
    expect(fake.sockets).toHaveLength(0);
  });
});

it('keeps its In and Out apart when both are given', async () => {
  const fake = fakeWebSocket();
  const subject = webSocket<{ kind: 'in' }, { kind: 'out' }>({ url: 'ws://x', WebSocketCtor: fake.WebSocket });
  const first = lastValueFrom(subject.pipe(take(1)));
  fake.last.open();
  subject.next({ kind: 'out' });
  fake.last.receive('{"kind":"in"}');
  expect(await first).toEqual({ kind: 'in' });
});
