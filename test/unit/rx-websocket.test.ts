import {
  CloseEvent,
  type DroppedMessage,
  InvalidOptionError,
  QueueOverflowError,
  RxWebSocket,
  type RxWebSocketOptions,
  sendQueue,
  WebSocketCloseError,
  WebSocketUnavailableError,
} from 'rx-websocket';
import { FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { config, firstValueFrom, lastValueFrom, of, type Subscription, toArray } from 'rxjs';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';

afterEach(() => {
  vi.unstubAllGlobals();
});

function setup(options: Omit<RxWebSocketOptions, 'WebSocket'> = {}, protocols?: string | string[]) {
  const fake = fakeWebSocket();
  const socket = new RxWebSocket('ws://test.local/socket', protocols, { ...options, WebSocket: fake.WebSocket });
  return { socket, fake: fake.last };
}

function record(socket: RxWebSocket): string[] {
  const events: string[] = [];
  for (const type of ['open', 'message', 'error', 'close'] as const) {
    socket.addEventListener(type, (event) => {
      events.push(
        event instanceof MessageEvent
          ? `message:${String(event.data)}`
          : event instanceof CloseEvent
            ? `close:${event.code}`
            : event.type,
      );
    });
  }
  return events;
}

async function settle<T>(promise: Promise<T>): Promise<{ value?: T; error?: unknown }> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error }),
  );
}

describe('new RxWebSocket()', () => {
  it('creates the underlying socket with the normalized URL and the protocols', () => {
    const { socket, fake } = setup({}, ['chat', 'v2']);
    expect(socket.url).toBe('ws://test.local/socket');
    expect(fake.url).toBe('ws://test.local/socket');
    expect(fake.protocols).toEqual(['chat', 'v2']);
    expect(socket.readyState).toBe(RxWebSocket.CONNECTING);
  });

  it("keeps the standard's URL when the underlying socket reports another one", () => {
    const made: FakeWebSocket[] = [];
    const Rewriting = function (this: unknown, url: string) {
      const socket = new FakeWebSocket(url);
      Object.defineProperty(socket, 'url', { value: 'ws://elsewhere/' });
      made.push(socket);
      return socket;
    } as unknown as typeof FakeWebSocket;
    const socket = new RxWebSocket('http://test.local/a b', [], { WebSocket: Rewriting });
    expect([socket.url, made[0]?.url]).toEqual(['ws://test.local/a%20b', 'ws://elsewhere/']);
  });

  it('has url as an accessor on the prototype, as browsers do, reading the same text as the underlying socket', () => {
    const { socket, fake } = setup();
    expect(typeof Object.getOwnPropertyDescriptor(RxWebSocket.prototype, 'url')?.get).toBe('function');
    expect(Object.keys(socket)).not.toContain('url');
    expect([socket.url, fake.url]).toEqual(['ws://test.local/socket', 'ws://test.local/socket']);
  });

  it('passes no protocols argument when none are given', () => {
    const { fake } = setup();
    expect(fake.protocols).toEqual([]);
  });

  it('has the ready-state constants on the class and on instances', () => {
    const { socket } = setup();
    expect([RxWebSocket.CONNECTING, RxWebSocket.OPEN, RxWebSocket.CLOSING, RxWebSocket.CLOSED]).toEqual([0, 1, 2, 3]);
    expect([socket.CONNECTING, socket.OPEN, socket.CLOSING, socket.CLOSED]).toEqual([0, 1, 2, 3]);
  });

  it('is an EventTarget', () => {
    expect(setup().socket).toBeInstanceOf(EventTarget);
  });

  it('validates everything before it creates the underlying socket', () => {
    const fake = fakeWebSocket();
    const attempts: Array<[unknown, unknown, RxWebSocketOptions, string]> = [
      ['ftp://x', undefined, {}, 'SyntaxError'],
      ['ws://x/#a', undefined, {}, 'SyntaxError'],
      ['ws://x', ['a', 'a'], {}, 'SyntaxError'],
      ['ws://x', 'a b', {}, 'SyntaxError'],
      ['ws://x', [], { binaryType: 'nodebuffer' as never }, 'InvalidOptionError'],
      ['ws://x', [], { queue: { maxMessages: 10 } as never }, 'InvalidOptionError'],
      ['ws://x', [], { queue: sendQueue({ ttl: 1000 }) }, 'InvalidOptionError'],
      ['ws://x', [], { coalesceSends: 'yes' as never }, 'InvalidOptionError'],
    ];
    for (const [url, protocols, options, name] of attempts) {
      expect(
        () => new RxWebSocket(url as string, protocols as string[], { ...options, WebSocket: fake.WebSocket }),
      ).toThrow(expect.objectContaining({ name }));
    }
    expect(fake.sockets).toHaveLength(0);
  });

  it('names the option and the value in InvalidOptionError', () => {
    const fake = fakeWebSocket();
    let error: unknown;
    try {
      new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket, binaryType: 'nodebuffer' as never });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(InvalidOptionError);
    expect(error).toMatchObject({ option: 'binaryType', value: 'nodebuffer' });
    expect((error as Error).message).toContain("'blob' or 'arraybuffer'");
  });

  it('uses globalThis.WebSocket when no implementation is given', () => {
    const fake = fakeWebSocket();
    vi.stubGlobal('WebSocket', fake.WebSocket);
    new RxWebSocket('ws://x');
    expect(fake.sockets).toHaveLength(1);
  });

  it('throws WebSocketUnavailableError, saying how to pass one, when there is none', () => {
    vi.stubGlobal('WebSocket', undefined);
    expect(() => new RxWebSocket('ws://x')).toThrow(WebSocketUnavailableError);
    expect(() => new RxWebSocket('ws://x')).toThrow(/import \{ WebSocket \} from 'ws'/);
  });

  it("resolves relative URLs against the page's location", () => {
    vi.stubGlobal('location', { href: 'https://app.example/chat/' });
    const fake = fakeWebSocket();
    expect(new RxWebSocket('live', [], { WebSocket: fake.WebSocket }).url).toBe('wss://app.example/chat/live');
  });

  it('refuses ws: from an https: page with a SecurityError naming the fix, before creating anything', () => {
    vi.stubGlobal('location', { href: 'https://app.example/chat/' });
    const fake = fakeWebSocket();
    expect(() => new RxWebSocket('ws://api.example/live?token=secret', [], { WebSocket: fake.WebSocket })).toThrow(
      expect.objectContaining({ name: 'SecurityError', message: expect.stringContaining('Use a wss: URL') }),
    );
    expect(() => new RxWebSocket('ws://api.example/live?token=secret', [], { WebSocket: fake.WebSocket })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('secret') }),
    );
    expect(fake.sockets).toHaveLength(0);
    // wss:, relative URLs (which become wss:) and loopback hosts are fine.
    new RxWebSocket('wss://api.example/live', [], { WebSocket: fake.WebSocket });
    expect(new RxWebSocket('live', [], { WebSocket: fake.WebSocket }).url).toBe('wss://app.example/chat/live');
    new RxWebSocket('ws://localhost:8080/dev', [], { WebSocket: fake.WebSocket });
    new RxWebSocket('ws://127.0.0.1:8080/dev', [], { WebSocket: fake.WebSocket });
    expect(fake.sockets).toHaveLength(4);
  });

  it("sets binaryType 'blob' on the underlying socket by default (ws defaults to 'nodebuffer')", () => {
    const { socket, fake } = setup();
    expect(socket.binaryType).toBe('blob');
    expect(fake.binaryType).toBe('blob');
  });
});

describe('attributes', () => {
  it('reads protocol and extensions from the underlying socket', () => {
    const { socket, fake } = setup({}, 'chat');
    expect([socket.protocol, socket.extensions]).toEqual(['', '']);
    fake.open('chat', 'permessage-deflate');
    expect([socket.protocol, socket.extensions]).toEqual(['chat', 'permessage-deflate']);
  });

  it('reads bufferedAmount, as 0 when the runtime does not report it', () => {
    const { socket, fake } = setup();
    fake.bufferedAmount = 42;
    expect(socket.bufferedAmount).toBe(42);
    (fake as { bufferedAmount: number | undefined }).bufferedAmount = undefined;
    expect(socket.bufferedAmount).toBe(0);
  });

  it('ignores binaryType values the standard does not define, and passes valid ones on', () => {
    const { socket, fake } = setup();
    socket.binaryType = 'arraybuffer';
    expect([socket.binaryType, fake.binaryType]).toEqual(['arraybuffer', 'arraybuffer']);
    socket.binaryType = 'nodebuffer' as never;
    expect([socket.binaryType, fake.binaryType]).toEqual(['arraybuffer', 'arraybuffer']);
  });

  it('reports CLOSING when the server started the closing handshake', () => {
    const { socket, fake } = setup();
    fake.open();
    fake.readyState = 2;
    expect(socket.readyState).toBe(2);
  });
});

describe('underlying listeners', () => {
  it('listens for messages only once someone does, and for open only until it fired', () => {
    const { socket, fake } = setup();
    expect(fake.listenerCount('message')).toBe(0);
    expect(fake.listenerCount()).toBe(3);
    fake.open();
    expect(fake.listenerCount('open')).toBe(0);
    fake.receive('nobody listens');
    const got: unknown[] = [];
    socket.data$.subscribe((data) => got.push(data));
    socket.message$.subscribe((event) => got.push(event.data));
    socket.addEventListener('message', (event) => got.push(`listener:${String(event.data)}`));
    expect(fake.listenerCount('message')).toBe(1);
    fake.receive('hello');
    expect(got).toEqual(['listener:hello', 'hello', 'hello']);
    socket.close(1000);
    fake.finishClose();
    expect(fake.listenerCount()).toBe(0);
  });

  it('adds no message listener to a socket that has closed', () => {
    const { socket, fake } = setup();
    fake.open();
    fake.serverClose(1000, '', true);
    socket.data$.subscribe();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('events', () => {
  it('dispatches open, message and close in order, with the standard fields', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    let message: MessageEvent | undefined;
    let close: CloseEvent | undefined;
    socket.addEventListener('message', (e) => (message = e));
    socket.addEventListener('close', (e) => (close = e));
    fake.open();
    fake.receive('hello');
    fake.serverClose(4000, 'bye', true);
    expect(events).toEqual(['open', 'message:hello', 'close:4000']);
    expect(message?.origin).toBe('ws://test.local');
    expect(message?.target).toBe(socket);
    expect(close).toBeInstanceOf(CloseEvent);
    expect(close).toMatchObject({ code: 4000, reason: 'bye', wasClean: true, type: 'close' });
    expect(close?.target).toBe(socket);
  });

  it('fires error before close, with code 1006, when the connection fails', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    fake.fail();
    expect(events).toEqual(['error', 'close:1006']);
    expect(socket.readyState).toBe(3);
  });

  it('fires error at most once', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    fake.open();
    (fake as unknown as { fail(): void }).fail();
    expect(events.filter((e) => e === 'error')).toHaveLength(1);
  });

  it('fails the connection on close() while CONNECTING: no late open, then error and close 1006', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    socket.close(4000, 'changed my mind');
    expect(socket.readyState).toBe(2);
    fake.open(); // a runtime that opened anyway
    fake.serverClose(4000, 'changed my mind', true);
    expect(events).toEqual(['error', 'close:1006']);
  });

  it('drops messages that arrive after close() was called, as the standard says', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    fake.open();
    socket.close(1000);
    fake.receive('late');
    fake.finishClose();
    expect(events).toEqual(['open', 'close:1000']);
  });

  it('ignores a second close event from the runtime', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    fake.open();
    fake.serverClose(1000);
    fake.serverClose(1001);
    expect(events).toEqual(['open', 'close:1000']);
  });

  it('delivers events that a runtime fires synchronously inside close() after close() returns', async () => {
    // undici does this; the standard queues the events as tasks.
    class SyncCloseSocket extends FakeWebSocket {
      override close(code?: number, reason?: string) {
        super.close(code, reason);
        this.finishClose();
      }
    }
    const socket = new RxWebSocket('ws://x', [], { WebSocket: SyncCloseSocket });
    const events = record(socket);
    socket.close();
    expect(socket.readyState).toBe(2);
    expect(events).toEqual([]);
    await firstValueFrom(socket.close$);
    expect(events).toEqual(['error', 'close:1006']);
    expect(socket.readyState).toBe(3);
  });

  it('removes every listener from the underlying socket when it closes', () => {
    const { socket, fake } = setup();
    socket.message$.subscribe();
    socket.data$.subscribe();
    expect(fake.listenerCount()).toBe(4);
    fake.open();
    fake.serverClose();
    expect(fake.listenerCount()).toBe(0);
  });

  it('removes every listener also when the connection fails', () => {
    const { fake } = setup();
    fake.fail();
    expect(fake.listenerCount()).toBe(0);
  });
});

describe('on* handlers', () => {
  it('call the handler with the socket as this, and return it from the getter', () => {
    const { socket, fake } = setup();
    let self: unknown;
    const onopen = function (this: RxWebSocket) {
      self = this;
    };
    socket.onopen = onopen;
    expect(socket.onopen).toBe(onopen);
    fake.open();
    expect(self).toBe(socket);
  });

  it('keep their place among listeners when replaced, and are removed by null', () => {
    const { socket, fake } = setup();
    const calls: string[] = [];
    socket.onmessage = () => calls.push('handler 1');
    socket.addEventListener('message', () => calls.push('listener'));
    socket.onmessage = () => calls.push('handler 2');
    fake.open();
    fake.receive('a');
    socket.onmessage = null;
    fake.receive('b');
    socket.onmessage = () => calls.push('handler 3');
    fake.receive('c');
    expect(calls).toEqual(['handler 2', 'listener', 'listener', 'listener', 'handler 3']);
    expect(socket.onmessage).not.toBeNull();
  });

  it('treat a non-function as null', () => {
    const { socket } = setup();
    socket.onclose = () => {};
    socket.onclose = 'nope' as never;
    expect(socket.onclose).toBeNull();
  });

  it('support once listeners and handleEvent objects', () => {
    const { socket, fake } = setup();
    const seen: unknown[] = [];
    socket.addEventListener('message', (e) => seen.push(`once:${e.data}`), { once: true });
    socket.addEventListener('message', { handleEvent: (e: MessageEvent) => seen.push(`object:${e.data}`) });
    fake.open();
    fake.receive(1);
    fake.receive(2);
    expect(seen).toEqual(['once:1', 'object:1', 'object:2']);
  });
});

describe('Observables', () => {
  it("returns the same Observable on every read of each stream (Angular's async pipe resubscribes otherwise)", () => {
    const { socket, fake } = setup();
    const other = setup().socket;
    const streams = ['open$', 'message$', 'data$', 'error$', 'close$', 'readyState$', 'dropped$'] as const;
    for (const name of streams) {
      expect(socket[name], name).toBe(socket[name]);
      expect(socket[name], name).not.toBe(other[name]);
    }
    // What Angular's async pipe does on each check: a new instance is subscribed afresh and shows null until it
    // emits, so a fresh Observable per read would never show the last message.
    let shown: { stream?: unknown; value: unknown; subscription?: Subscription } = { value: null };
    const check = (stream: typeof socket.data$): unknown => {
      if (stream !== shown.stream) {
        shown.subscription?.unsubscribe();
        shown = { stream, value: null };
        shown.subscription = stream.subscribe((value) => {
          shown.value = value;
        });
      }
      return shown.value;
    };
    fake.open();
    check(socket.data$);
    fake.receive('hello');
    expect(check(socket.data$)).toBe('hello');
    shown.subscription?.unsubscribe();
  });

  it('open$ emits once and completes, and replays to late subscribers', async () => {
    const { socket, fake } = setup();
    const early = lastValueFrom(socket.open$.pipe(toArray()));
    fake.open();
    expect((await early).map((e) => e.type)).toEqual(['open']);
    expect((await firstValueFrom(socket.open$)).type).toBe('open');
  });

  it('open$ gives a late subscriber an event like the dispatched one, without keeping that one alive', async () => {
    const { socket, fake } = setup();
    let dispatched: Event | undefined;
    socket.onopen = (event) => {
      dispatched = event;
    };
    fake.open();
    const late = await firstValueFrom(socket.open$);
    expect(late).toBeInstanceOf(Event);
    expect(late).not.toBe(dispatched);
    expect(late).toMatchObject({ type: 'open', target: socket, currentTarget: null, eventPhase: 0 });
    expect(late.srcElement).toBe(socket);
    expect(late.timeStamp).toBe(dispatched?.timeStamp);
    expect(late.constructor.name).toBe('Event');
    expect(await firstValueFrom(socket.open$)).toBe(late);
  });

  it('open$ subscribed before open gives every subscriber the dispatched event', async () => {
    const { socket, fake } = setup();
    let dispatched: Event | undefined;
    socket.onopen = (event) => {
      dispatched = event;
    };
    const early = firstValueFrom(socket.open$);
    fake.open();
    expect(await early).toBe(dispatched);
    expect(await firstValueFrom(socket.open$)).toBe(dispatched);
  });

  it('open$ errors with WebSocketCloseError, with the runtime error as cause, when the socket never opens', async () => {
    const { socket, fake } = setup();
    const early = settle(firstValueFrom(socket.open$));
    fake.fail(new Error('connect ECONNREFUSED'));
    const { error } = await early;
    expect(error).toBeInstanceOf(WebSocketCloseError);
    expect(error).toMatchObject({ code: 1006, wasClean: false });
    expect((error as Error).cause).toEqual(new Error('connect ECONNREFUSED'));
    expect((error as Error).message).toContain('ECONNREFUSED');
    expect((await settle(firstValueFrom(socket.open$))).error).toBeInstanceOf(WebSocketCloseError);
  });

  it('message$ and data$ emit every message and complete on a clean close', async () => {
    const { socket, fake } = setup();
    const events = lastValueFrom(socket.message$.pipe(toArray()));
    const data = lastValueFrom(socket.data$.pipe(toArray()));
    fake.open();
    fake.receive('a');
    fake.receive('b');
    fake.serverClose(1000);
    expect((await events).map((e) => e.data)).toEqual(['a', 'b']);
    expect(await data).toEqual(['a', 'b']);
  });

  it('dispatches a message event only when an EventTarget listener waits for it, and the same event to both', () => {
    const { socket, fake } = setup();
    const dispatched: string[] = [];
    const dispatch = socket.dispatchEvent.bind(socket);
    socket.dispatchEvent = (event) => {
      dispatched.push(event.type);
      return dispatch(event);
    };
    const streamed: MessageEvent[] = [];
    socket.message$.subscribe((event) => streamed.push(event));
    fake.open();
    fake.receive('unheard');
    expect(dispatched).toEqual(['open']);
    expect(streamed[0]?.target).toBe(socket);

    const seen: Array<[MessageEvent, EventTarget | null]> = [];
    socket.onmessage = (event) => seen.push([event, event.currentTarget]);
    fake.receive('heard');
    expect(dispatched).toEqual(['open', 'message']);
    expect(seen).toEqual([[streamed[1], socket]]);
    expect(streamed[1]).toMatchObject({ data: 'heard', target: socket, currentTarget: null, eventPhase: 0 });
  });
  it('message$ and data$ error with WebSocketCloseError on an abnormal close, also for late subscribers', async () => {
    const { socket, fake } = setup();
    const early = settle(lastValueFrom(socket.data$));
    fake.open();
    fake.serverClose(1006, '', false);
    expect((await early).error).toMatchObject({ name: 'WebSocketCloseError', code: 1006, wasClean: false });
    expect((await settle(lastValueFrom(socket.message$))).error).toBeInstanceOf(WebSocketCloseError);
    expect((await settle(lastValueFrom(socket.data$))).error).toBeInstanceOf(WebSocketCloseError);
  });

  it('late subscribers to message$ after a clean close just complete', async () => {
    const { socket, fake } = setup();
    fake.open();
    fake.serverClose(1000);
    expect(await lastValueFrom(socket.message$.pipe(toArray()))).toEqual([]);
  });

  it('creates MessageEvents only while someone listens for them', () => {
    let created = 0;
    const Base: new (type: string, init?: MessageEventInit) => MessageEvent = MessageEvent;
    class CountingMessageEvent extends Base {
      constructor(type: string, init?: MessageEventInit) {
        super(type, init);
        created++;
      }
    }
    vi.stubGlobal('MessageEvent', CountingMessageEvent);
    const { socket, fake } = setup();
    const data: unknown[] = [];
    socket.data$.subscribe((d) => data.push(d));
    fake.open();
    fake.receive('a');
    expect([created, data]).toEqual([0, ['a']]);
    const subscription = socket.message$.subscribe();
    fake.receive('b');
    expect(created).toBe(1);
    subscription.unsubscribe();
    fake.receive('c');
    expect(created).toBe(1);
    expect(data).toEqual(['a', 'b', 'c']);
  });

  it('shares one underlying listener between any number of subscribers', () => {
    const { socket, fake } = setup();
    const seen: unknown[] = [];
    for (let i = 0; i < 10; i++) socket.data$.subscribe((d) => seen.push(d));
    expect(fake.listenerCount('message')).toBe(1);
    fake.open();
    fake.receive('x');
    expect(seen).toHaveLength(10);
  });

  it('error$ emits the error event and completes on close', async () => {
    const { socket, fake } = setup();
    const errors = lastValueFrom(socket.error$.pipe(toArray()));
    fake.fail();
    expect((await errors).map((e) => e.type)).toEqual(['error']);
    expect(await lastValueFrom(socket.error$.pipe(toArray()))).toEqual([]);
  });

  it('close$ emits the CloseEvent and completes, also for late subscribers, and never errors', async () => {
    const { socket, fake } = setup();
    const early = lastValueFrom(socket.close$);
    fake.fail();
    expect((await early).code).toBe(1006);
    expect((await lastValueFrom(socket.close$)).wasClean).toBe(false);
  });

  it('readyState$ starts with the current state and completes after CLOSED', async () => {
    const { socket, fake } = setup();
    const states = lastValueFrom(socket.readyState$.pipe(toArray()));
    fake.open();
    socket.close(1000);
    fake.finishClose();
    expect(await states).toEqual([0, 1, 2, 3]);
    expect(await lastValueFrom(socket.readyState$.pipe(toArray()))).toEqual([3]);
  });

  it('readyState$ is already OPEN when open$ subscribers run, and CLOSED when close$ subscribers run', () => {
    const { socket, fake } = setup();
    const seen: number[] = [];
    socket.open$.subscribe(() => seen.push(socket.readyState));
    socket.close$.subscribe(() => seen.push(socket.readyState));
    fake.open();
    fake.serverClose();
    expect(seen).toEqual([1, 3]);
  });

  it('releases every subscriber when the socket closes', () => {
    const { socket, fake } = setup();
    const subscriptions: Subscription[] = [
      socket.open$.subscribe(),
      socket.message$.subscribe(),
      socket.data$.subscribe(),
      socket.error$.subscribe(),
      socket.close$.subscribe(),
      socket.readyState$.subscribe(),
      socket.dropped$.subscribe(),
    ];
    fake.open();
    fake.serverClose();
    expect(subscriptions.map((s) => s.closed)).toEqual(subscriptions.map(() => true));
  });

  it('a throwing subscriber does not stop the others', async () => {
    const { socket, fake } = setup();
    const seen: unknown[] = [];
    const errors: unknown[] = [];
    const reported = new Promise((resolve) => {
      config.onUnhandledError = (error) => {
        errors.push(error);
        if (errors.length === 2) resolve(errors);
      };
    });
    onTestFinished(() => {
      config.onUnhandledError = null;
    });
    socket.data$.subscribe(() => {
      throw new Error('subscriber bug');
    });
    socket.data$.subscribe((d) => seen.push(d));
    fake.open();
    fake.receive('a');
    fake.receive('b');
    expect(seen).toEqual(['a', 'b']);
    expect(await reported).toEqual([new Error('subscriber bug'), new Error('subscriber bug')]);
  });

  it('user dispatchEvent reaches listeners but not the Observables', () => {
    const { socket, fake } = setup();
    const data: unknown[] = [];
    const heard: unknown[] = [];
    socket.data$.subscribe((d) => data.push(d));
    socket.addEventListener('message', (e) => heard.push(e.data));
    fake.open();
    socket.dispatchEvent(new MessageEvent('message', { data: 'synthetic' }));
    expect([heard, data]).toEqual([['synthetic'], []]);
  });
});

describe('the constructor, as WebIDL calls it', () => {
  it('throws a TypeError without an argument, and creates no socket (new RxWebSocket(undefined) is the URL "undefined")', () => {
    const fake = fakeWebSocket();
    const Ctor = RxWebSocket as unknown as new () => RxWebSocket;
    const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = fake.WebSocket;
    try {
      expect(() => new Ctor()).toThrow(TypeError);
      expect(() => new Ctor()).toThrow('1 argument required');
      expect(() => new RxWebSocket(undefined as never)).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = previous;
    }
    expect(fake.sockets).toHaveLength(0);
  });
});

describe('send()', () => {
  it('passes text and binary data to the underlying socket as they are', () => {
    const { socket, fake } = setup();
    fake.open();
    const bytes = new Uint8Array([1, 2]);
    const blob = new Blob(['x']);
    socket.send('text');
    socket.send(bytes);
    socket.send(bytes.buffer);
    socket.send(blob);
    expect(fake.sent).toEqual(['text', bytes, bytes.buffer, blob]);
    expect(fake.sent[3]).toBe(blob);
  });

  it('converts other values to strings, as WebIDL does', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.send(42 as never);
    socket.send({} as never);
    expect(fake.sent).toEqual(['42', '[object Object]']);
  });

  it('throws a TypeError without an argument', () => {
    const { socket, fake } = setup();
    fake.open();
    expect(() => (socket.send as () => void)()).toThrow(TypeError);
  });

  it('throws InvalidStateError while CONNECTING and changes nothing', () => {
    const { socket, fake } = setup();
    expect(() => socket.send('x')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    expect(() => socket.send('x')).toThrow(DOMException);
    expect(socket.readyState).toBe(0);
    fake.open();
    expect(fake.sent).toEqual([]);
  });

  it('discards data after close and counts it in bufferedAmount', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.close();
    socket.send('héllo');
    socket.send(new Uint8Array(4));
    socket.send(new Blob(['abc']));
    expect(socket.bufferedAmount).toBe(13);
    expect(fake.sent).toEqual([]);
  });
});

describe('close()', () => {
  it('passes a validated code and reason to the underlying socket', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.close(4001, 'done');
    expect(fake.closeCalls).toEqual([{ code: 4001, reason: 'done' }]);
    expect(socket.readyState).toBe(2);
  });

  it('passes no code when none is given', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.close();
    expect(fake.closeCalls).toEqual([{}]);
  });

  it('leaves the socket exactly as it was after a rejected call', () => {
    const { socket, fake } = setup();
    const events = record(socket);
    const states: number[] = [];
    socket.readyState$.subscribe((s) => states.push(s));
    fake.open();
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(socket.readyState).toBe(1);
    expect(fake.closeCalls).toEqual([]);
    expect(events).toEqual(['open']);
    expect(states).toEqual([0, 1]);
    socket.send('still works');
    expect(fake.sent).toEqual(['still works']);
  });

  it('validates arguments even when already closed, and otherwise does nothing then', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.close();
    socket.close(1000);
    expect(fake.closeCalls).toHaveLength(1);
    expect(() => socket.close(1002)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
  });
});

describe('next(), error() and complete(): the Observer face', () => {
  it('sends at once when OPEN', () => {
    const { socket, fake } = setup();
    fake.open();
    socket.next('now');
    expect(fake.sent).toEqual(['now']);
  });

  it('queues while CONNECTING and flushes in order after the open listeners sent theirs', () => {
    const { socket, fake } = setup();
    socket.next('queued 1');
    socket.next('queued 2');
    socket.addEventListener('open', () => socket.send('auth'));
    socket.open$.subscribe(() => socket.next('hello'));
    fake.open();
    expect(fake.sent).toEqual(['auth', 'hello', 'queued 1', 'queued 2']);
  });

  it("throws QueueOverflowError when the queue is full under 'error', keeping what was queued", () => {
    const { socket, fake } = setup({ queue: sendQueue({ maxMessages: 2 }) });
    socket.next('a');
    socket.next('b');
    expect(() => socket.next('c')).toThrow(QueueOverflowError);
    fake.open();
    expect(fake.sent).toEqual(['a', 'b']);
  });

  it("reports what 'drop-oldest' and 'drop-newest' drop on dropped$", () => {
    for (const [overflow, expected, dropped] of [
      ['drop-oldest', ['b', 'c'], ['a']],
      ['drop-newest', ['a', 'b'], ['c']],
    ] as const) {
      const { socket, fake } = setup({ queue: sendQueue({ maxMessages: 2, overflow }) });
      const reports: DroppedMessage[] = [];
      socket.dropped$.subscribe((d) => reports.push(d));
      socket.next('a');
      socket.next('b');
      socket.next('c');
      fake.open();
      expect(fake.sent).toEqual(expected);
      expect(reports).toEqual(dropped.map((data) => ({ data, reason: 'overflow' })));
    }
  });

  it('holds 1000 messages without a queue option, then throws QueueOverflowError keeping them all', () => {
    const { socket, fake } = setup();
    for (let i = 0; i < 1000; i++) socket.next(`m${i}`);
    expect(() => socket.next('one more')).toThrow(expect.objectContaining({ name: 'QueueOverflowError', max: 1000 }));
    fake.open();
    expect(fake.sent).toHaveLength(1000);
    expect(fake.sent.at(-1)).toBe('m999');
  });

  it('gives each socket its own messages when one sendQueue() value serves several', () => {
    const queue = sendQueue({ maxMessages: 1 });
    const one = setup({ queue });
    const two = setup({ queue });
    one.socket.next('a');
    two.socket.next('b'); // would overflow a shared store of one message
    one.fake.open();
    two.fake.open();
    expect([one.fake.sent, two.fake.sent]).toEqual([['a'], ['b']]);
  });

  it('bounds the queue in bytes', () => {
    const { socket } = setup({ queue: sendQueue({ maxBytes: 4 }) });
    socket.next('abcd');
    expect(() => socket.next('e')).toThrow(expect.objectContaining({ limit: 'maxBytes' }));
  });

  it('reports queued messages as dropped when the socket closes before opening, and next() after close', () => {
    const { socket, fake } = setup();
    const reports: DroppedMessage[] = [];
    socket.dropped$.subscribe((d) => reports.push(d));
    socket.next('queued');
    fake.fail();
    socket.next('late');
    expect(reports).toEqual([{ data: 'queued', reason: 'closed' }]);
    expect(fake.sent).toEqual([]);
    const late: DroppedMessage[] = [];
    socket.dropped$.subscribe({ next: (d) => late.push(d) });
    expect(late).toEqual([]);
  });

  it('reports next() while CLOSING on dropped$ instead of losing it silently', () => {
    const { socket, fake } = setup();
    const reports: DroppedMessage[] = [];
    socket.dropped$.subscribe((d) => reports.push(d));
    fake.open();
    socket.close();
    socket.next('during close');
    expect(reports).toEqual([{ data: 'during close', reason: 'closed' }]);
  });

  it('complete() closes with 1000', () => {
    const { socket, fake } = setup();
    fake.open();
    of('a', 'b').subscribe(socket);
    expect(fake.sent).toEqual(['a', 'b']);
    expect(fake.closeCalls).toEqual([{ code: 1000, reason: '' }]);
  });

  it('error({ code, reason }) closes with them, and any other error closes without a code', () => {
    const first = setup();
    first.fake.open();
    first.socket.error({ code: 4003, reason: 'upstream failed' });
    expect(first.fake.closeCalls).toEqual([{ code: 4003, reason: 'upstream failed' }]);
    const second = setup();
    second.fake.open();
    second.socket.error(new Error('boom'));
    expect(second.fake.closeCalls).toEqual([{}]);
  });
});
