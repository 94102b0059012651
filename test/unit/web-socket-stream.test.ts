import {
  bufferedAmount$,
  fromWebSocket,
  isWebSocketCloseError,
  RxWebSocket,
  receive,
  sendStream,
  type WebSocketConstructorLike,
  type WebSocketStreamConstructor,
  webSocketStream,
  whenDrained,
} from 'rx-websocket';
import { firstValueFrom, lastValueFrom, type SchedulerLike, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeWebSocketStreams } from '../helpers/fake-web-socket-stream.js';

/**
 * Every promise chain the fake and the adapter run is made of microtasks: once a macrotask turn has passed, all of
 * them have run. This is a point where nothing is left to happen, not a wait for time to pass.
 */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

/** A scheduler that fails the test if anything is scheduled on it: the stream's completions must drive the wait. */
const noTimers: SchedulerLike = {
  now: () => 0,
  schedule: () => {
    throw new Error('scheduled a timer: the stream socket should not be polled');
  },
};

function open(protocol = '', extensions = '') {
  const streams = fakeWebSocketStreams();
  const socket = new RxWebSocket('ws://example.test/feed', ['a', 'b'], {
    WebSocket: webSocketStream(streams.WebSocketStream),
  });
  streams.last.accept(protocol, extensions);
  return { streams, socket, fake: streams.last };
}

const kb = (i: number) => `${i}`.padEnd(1024, '.');

describe('webSocketStream()', () => {
  it('is undefined where the runtime has no WebSocketStream (Node), so the WebSocket option falls back', () => {
    expect((globalThis as { WebSocketStream?: unknown }).WebSocketStream).toBeUndefined();
    expect(webSocketStream()).toBeUndefined();
    expect(webSocketStream(undefined)).toBeUndefined();
    expect(webSocketStream('nope' as unknown as WebSocketStreamConstructor)).toBeUndefined();
  });

  it("gives its sockets WebSocket's whole face: on* handlers, kept in order with listeners, and the constants", async () => {
    // A layer that drives the socket itself through its handlers (sharedWebSocket()'s leader does) sees every event.
    const streams = fakeWebSocketStreams();
    const Stream = webSocketStream(streams.WebSocketStream) as WebSocketConstructorLike;
    const raw = new Stream('ws://example.test/raw') as unknown as WebSocket;
    const seen: string[] = [];
    raw.onopen = () => seen.push(`onopen ${raw.readyState === raw.OPEN}`);
    raw.addEventListener('message', () => seen.push('listener'));
    raw.onmessage = (event) => seen.push(`onmessage ${event.data}`);
    raw.onerror = () => seen.push('onerror');
    raw.onclose = (event) => seen.push(`onclose ${event.code}`);
    expect([raw.CONNECTING, raw.OPEN, raw.CLOSING, raw.CLOSED]).toEqual([0, 1, 2, 3]);
    streams.last.accept();
    await settle();
    streams.last.serverSend('hi');
    await settle();
    streams.last.drop();
    await settle();
    expect(seen).toEqual(['onopen true', 'listener', 'onmessage hi', 'onclose 1006']);
    raw.onmessage = null;
    expect(raw.onmessage).toBeNull();
  });

  it('calls onerror before onclose when the handshake fails', async () => {
    const streams = fakeWebSocketStreams();
    const Stream = webSocketStream(streams.WebSocketStream) as WebSocketConstructorLike;
    const raw = new Stream('ws://example.test/raw') as unknown as WebSocket;
    const seen: string[] = [];
    raw.onerror = () => seen.push('onerror');
    raw.onclose = (event) => seen.push(`onclose ${event.code}`);
    streams.last.refuse();
    await settle();
    expect(seen).toEqual(['onerror', 'onclose 1006']);
  });

  it('opens with the URL and subprotocols given, and reports the negotiated protocol and extensions', async () => {
    const { socket, fake } = open('b', 'permessage-deflate');
    expect(fake.url).toBe('ws://example.test/feed');
    expect(fake.protocols).toEqual(['a', 'b']);
    expect(fake.signal?.aborted).toBe(false);
    expect(socket.readyState).toBe(0);
    await firstValueFrom(socket.open$);
    expect(socket.readyState).toBe(1);
    expect(socket.protocol).toBe('b');
    expect(socket.extensions).toBe('permessage-deflate');
  });

  it('gives no protocols key when there are none', () => {
    const streams = fakeWebSocketStreams();
    new RxWebSocket('ws://example.test/', [], { WebSocket: webSocketStream(streams.WebSocketStream) });
    expect(streams.last.protocols).toBeUndefined();
  });

  it('delivers text and binary messages in order, binary as the binaryType says, then the close', async () => {
    const { socket, fake } = open();
    const events = lastValueFrom(socket.data$.pipe(toArray()));
    await firstValueFrom(socket.open$);
    const bytes = new Uint8Array([1, 2, 3]);
    fake.serverSend('one', bytes.buffer.slice(0), new Uint8Array([9, 8]));
    await settle();
    socket.binaryType = 'arraybuffer';
    fake.serverSend('two', bytes.buffer.slice(0));
    fake.serverClose(4001, 'bye');
    const data = await events;
    expect(data[0]).toBe('one');
    expect(data[1]).toBeInstanceOf(Blob);
    expect([...new Uint8Array(await (data[1] as Blob).arrayBuffer())]).toEqual([1, 2, 3]);
    expect([...new Uint8Array(await (data[2] as Blob).arrayBuffer())]).toEqual([9, 8]);
    expect(data[3]).toBe('two');
    expect(data[4]).toBeInstanceOf(ArrayBuffer);
    const close = await firstValueFrom(socket.close$);
    expect({ code: close.code, reason: close.reason, wasClean: close.wasClean }).toEqual({
      code: 4001,
      reason: 'bye',
      wasClean: true,
    });
    expect(socket.readyState).toBe(3);
  });

  it('closes with 1006, not clean and without an error event (as the standard socket), when an open connection drops; fromWebSocket() errors with the close error', async () => {
    const streams = fakeWebSocketStreams();
    const sockets = fromWebSocket({ url: 'ws://example.test/', WebSocket: webSocketStream(streams.WebSocketStream) });
    const seen: string[] = [];
    const ended = new Promise<unknown>((resolve) =>
      sockets.subscribe({
        next: (socket) => {
          socket.error$.subscribe(() => seen.push('error'));
          socket.close$.subscribe((event) => seen.push(`close ${event.code} ${event.wasClean}`));
        },
        error: resolve,
      }),
    );
    streams.last.accept();
    await settle();
    streams.last.drop();
    const error = await ended;
    expect(isWebSocketCloseError(error) && error.code).toBe(1006);
    expect(seen).toEqual(['close 1006 false']);
  });

  it('fails a refused handshake as the standard socket does: error, then close 1006, and never open', async () => {
    const streams = fakeWebSocketStreams();
    const socket = new RxWebSocket('ws://example.test/', [], { WebSocket: webSocketStream(streams.WebSocketStream) });
    const seen: string[] = [];
    socket.addEventListener('open', () => seen.push('open'));
    socket.addEventListener('error', () => seen.push('error'));
    socket.addEventListener('close', (event) => seen.push(`close ${event.code} ${event.wasClean}`));
    streams.last.refuse();
    await firstValueFrom(socket.close$);
    expect(seen).toEqual(['error', 'close 1006 false']);
    // Why it failed reaches the close error's cause.
    const error = await firstValueFrom(socket.open$).catch((e: unknown) => e);
    expect(isWebSocketCloseError(error) && error.code).toBe(1006);
    expect(((error as Error).cause as Error).message).toBe('WebSocket closed before handshake complete.');
  });

  it('aborts the handshake when the subscription ends while connecting', async () => {
    const streams = fakeWebSocketStreams();
    const subscription = fromWebSocket({
      url: 'ws://example.test/',
      WebSocket: webSocketStream(streams.WebSocketStream),
    }).subscribe();
    subscription.unsubscribe();
    expect(streams.last.signal?.aborted).toBe(true);
    await settle();
    expect(streams.last.closeCalls).toEqual([]);
  });

  it('closes with the code and reason, validated first; what arrives after close() is dropped', async () => {
    const { socket, fake } = open();
    const data = lastValueFrom(socket.data$.pipe(toArray()));
    await firstValueFrom(socket.open$);
    expect(() => socket.close(999)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(fake.closeCalls).toEqual([]);
    fake.serverSend('before');
    await settle();
    fake.serverSend('after');
    socket.close(4000, 'done');
    expect(fake.closeCalls).toEqual([{ closeCode: 4000, reason: 'done' }]);
    expect(await data).toEqual(['before']);
    const close = await firstValueFrom(socket.close$);
    expect([close.code, close.reason, close.wasClean]).toEqual([4000, 'done', true]);
  });

  it('counts bufferedAmount until the stream completes each write, and sends a Blob as its bytes, in order', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    socket.send('abc');
    socket.send(new Blob([new Uint8Array([1, 2])]));
    socket.send('déjà'); // 6 bytes of UTF-8
    expect(socket.bufferedAmount).toBe(3 + 2 + 6);
    await settle();
    fake.completeWrites(1);
    await settle();
    expect(socket.bufferedAmount).toBe(2 + 6);
    fake.completeWrites();
    await settle();
    fake.completeWrites();
    await settle();
    expect(socket.bufferedAmount).toBe(0);
    expect(fake.written[0]).toBe('abc');
    expect(fake.written[1]).toBeInstanceOf(ArrayBuffer);
    expect([...new Uint8Array(fake.written[1] as ArrayBuffer)]).toEqual([1, 2]);
    expect(fake.written[2]).toBe('déjà');
  });

  it('whenDrained() and bufferedAmount$() wake on the completions, with no timer', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    socket.send(kb(1));
    socket.send(kb(2));
    const amounts: number[] = [];
    const watch = bufferedAmount$(socket, { scheduler: noTimers }).subscribe((bytes) => amounts.push(bytes));
    const drained = firstValueFrom(whenDrained(socket, 1024, { scheduler: noTimers }));
    await settle();
    fake.completeWrites(1);
    expect(await drained).toBe(1024);
    await settle();
    fake.completeWrites();
    await settle();
    expect(amounts).toEqual([2048, 1024, 0]);
    watch.unsubscribe();
  });
});

describe('webSocketStream(): what it takes is released', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  /** Counts the listeners live on sockets of `Socket` (other EventTargets, such as AbortSignals, are left out). */
  function countListeners(Socket: new (...args: never[]) => unknown): () => number {
    const live = new Set<string>();
    const ids = new WeakMap<object, number>();
    let made = 0;
    const key = (type: string, listener: EventListenerOrEventListenerObject | null) => {
      if (!listener) return type;
      if (!ids.has(listener)) ids.set(listener, ++made);
      return `${type} ${ids.get(listener)}`;
    };
    const add = EventTarget.prototype.addEventListener;
    const remove = EventTarget.prototype.removeEventListener;
    vi.spyOn(EventTarget.prototype, 'addEventListener').mockImplementation(function (this: EventTarget, ...args) {
      if (this instanceof Socket) live.add(key(args[0], args[1]));
      return add.apply(this, args);
    });
    vi.spyOn(EventTarget.prototype, 'removeEventListener').mockImplementation(function (this: EventTarget, ...args) {
      if (this instanceof Socket) live.delete(key(args[0], args[1]));
      return remove.apply(this, args);
    });
    return () => live.size;
  }

  it.each([
    ['the page closes', (fake: ReturnType<typeof open>) => fake.socket.close(1000)],
    ['the server closes', (fake: ReturnType<typeof open>) => fake.fake.serverClose(1001)],
    ['the connection drops', (fake: ReturnType<typeof open>) => fake.fake.drop()],
  ])('no listener is left on the stream socket once %s', async (_, end) => {
    const streams = fakeWebSocketStreams();
    const Socket = webSocketStream(streams.WebSocketStream) as WebSocketConstructorLike;
    const live = countListeners(Socket);
    const socket = new RxWebSocket('ws://example.test/', [], { WebSocket: Socket });
    streams.last.accept();
    const data = socket.data$.subscribe({ error: () => {} });
    await firstValueFrom(socket.open$);
    expect(live()).toBeGreaterThan(0);
    end({ streams, socket, fake: streams.last });
    await firstValueFrom(socket.close$);
    data.unsubscribe();
    expect(live()).toBe(0);
  });

  it('a wait for room ends with the close error when the connection drops with writes pending', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    socket.send(kb(1));
    const drained = firstValueFrom(whenDrained(socket, 0, { scheduler: noTimers })).catch((error: unknown) => error);
    await settle();
    fake.drop();
    const error = await drained;
    expect(isWebSocketCloseError(error) && error.code).toBe(1006);
  });
});

describe('receive() over webSocketStream(): real inbound backpressure', () => {
  it('stops reading above highWaterMark, so unread messages stay with the network, and reads again at lowWaterMark', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    const inbound = receive(socket, { highWaterMark: 4096, lowWaterMark: 1024 });
    fake.serverSend(...Array.from({ length: 100 }, (_, i) => kb(i)));
    await settle();
    // Five messages pass 4 KB; the one that did is the last read.
    expect(inbound.paused).toBe(true);
    expect(inbound.bufferedBytes).toBe(5 * 1024);
    expect(fake.unread).toBe(95);
    const readsWhilePaused = fake.reads;
    await settle();
    expect(fake.reads).toBe(readsWhilePaused);

    const got: string[] = [];
    for (let i = 0; i < 100; i++) {
      const { value } = await inbound.next();
      got.push(String(value).split('.')[0] as string);
      expect(inbound.bufferedBytes).toBeLessThanOrEqual(4096 + 1024);
    }
    expect(got).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
    expect(inbound.dropped).toBe(0);
    expect(fake.unread).toBe(0);
  });

  it('delivers the close after every message the server sent before it, once the consumer has read them', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    const inbound = receive(socket, { highWaterMark: 1024, lowWaterMark: 512 });
    fake.serverSend(kb(0), kb(1), kb(2), kb(3));
    fake.serverClose(1000, 'end');
    await settle();
    expect(socket.readyState).toBe(2); // closing: the close frame is in, the messages before it are not all read
    const got: string[] = [];
    for await (const message of inbound) got.push(String(message).split('.')[0] as string);
    expect(got).toEqual(['0', '1', '2', '3']);
    expect(socket.readyState).toBe(3);
  });

  it('sendStream() keeps the bytes waiting in the stream within highWaterMark plus one message', async () => {
    const { socket, fake } = open();
    await firstValueFrom(socket.open$);
    let peak = 0;
    const progress = lastValueFrom(
      sendStream(
        socket,
        Array.from({ length: 40 }, (_, i) => kb(i)),
        { highWaterMark: 8192, lowWaterMark: 2048, scheduler: noTimers },
      ),
    );
    while (fake.written.length < 40 || fake.pendingWrites > 0) {
      await settle();
      peak = Math.max(peak, socket.bufferedAmount);
      fake.completeWrites(1);
    }
    expect((await progress).messages).toBe(40);
    expect(peak).toBeLessThanOrEqual(8192 + 1024);
    expect(fake.written.map((m) => String(m).split('.')[0])).toEqual(Array.from({ length: 40 }, (_, i) => String(i)));
  });
});
