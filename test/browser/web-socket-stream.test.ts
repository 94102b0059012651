// webSocketStream() in Chromium (WebSocketStream shipped in 124), against real ws servers on 127.0.0.1: the flood
// server (test/helpers/flood-server.ts) sends only while its own bufferedAmount is under 8 MB, so a page that stops
// reading shows up at the server as a stall; its sink reads nothing until told to.
import {
  bufferedAmount$,
  fromWebSocket,
  isWebSocketCloseError,
  RxWebSocket,
  receive,
  sendStream,
  type WebSocketConstructorLike,
  webSocketStream,
} from 'rx-websocket';
import { filter, firstValueFrom, lastValueFrom } from 'rxjs';
import { describe, expect, inject, it } from 'vitest';
import type { FloodStats } from '../helpers/flood-server.js';

const MB = 1024 * 1024;
const floodUrl = inject('floodUrl');
let ids = 0;
const nextId = () => `${Date.now()}-${++ids}`;

/** Asks the flood server for a connection's figures, over a control connection of its own. */
async function stats(id: string): Promise<FloodStats> {
  const control = new WebSocket(`${floodUrl}/control`);
  await new Promise((resolve, reject) => {
    control.onopen = resolve;
    control.onerror = reject;
  });
  const reply = new Promise<FloodStats>((resolve) => {
    control.onmessage = (event) => resolve(JSON.parse(String(event.data)) as FloodStats);
  });
  control.send(`stats:${id}`);
  const result = await reply;
  control.close();
  return result;
}

async function command(text: string): Promise<void> {
  const control = new WebSocket(`${floodUrl}/control`);
  await new Promise((resolve, reject) => {
    control.onopen = resolve;
    control.onerror = reject;
  });
  control.send(text);
  control.close();
}

/** The JS heap Chromium reports (rounded, but enough to tell megabytes). */
const heap = () => (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;

const StreamSocket = webSocketStream();

it('Chromium has WebSocketStream, so webSocketStream() gives a constructor', () => {
  expect(typeof (globalThis as { WebSocketStream?: unknown }).WebSocketStream).toBe('function');
  expect(StreamSocket).toBeTypeOf('function');
});

describe('inbound backpressure', () => {
  it('a consumer that stops reading stalls the server, with the page holding no more than highWaterMark plus one message; then it gets everything, in order', async () => {
    const id = nextId();
    const size = 64 * 1024;
    const count = 1024; // 64 MB: far more than the kernel's buffers and the server's 8 MB hold
    const high = 1 * MB;
    const socket = new RxWebSocket(`${floodUrl}/flood?id=${id}&size=${size}&count=${count}`, [], {
      WebSocket: StreamSocket,
    });
    const heapBefore = heap();
    await firstValueFrom(socket.open$);
    const inbound = receive(socket, { highWaterMark: high, lowWaterMark: high / 4 });

    await expect.poll(() => stats(id).then((s) => s.stalled), { timeout: 20_000, interval: 50 }).toBe(true);
    const first = await stats(id);
    const second = await stats(id);
    expect(second.stalled).toBe(true);
    expect(second.messages).toBe(first.messages);
    expect(second.messages).toBeLessThan(count);
    expect(inbound.paused).toBe(true);
    expect(inbound.bufferedBytes).toBeLessThanOrEqual(high + size);
    expect(heap() - heapBefore).toBeLessThan(16 * MB);

    let next = 0;
    let outOfOrder = -1;
    for await (const message of inbound) {
      if (outOfOrder === -1 && Number(String(message).split(':')[0]) !== next) outOfOrder = next;
      if (++next === count) break;
    }
    expect(outOfOrder).toBe(-1);
    expect(next).toBe(count);
    expect(inbound.dropped).toBe(0);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  }, 60_000);

  it('a consumer that keeps up receives everything, in order, and the server seldom waits', async () => {
    const id = nextId();
    const count = 4096;
    const socket = new RxWebSocket(`${floodUrl}/flood?id=${id}&size=1024&count=${count}`, [], {
      WebSocket: StreamSocket,
    });
    await firstValueFrom(socket.open$);
    let next = 0;
    let outOfOrder = -1;
    for await (const message of receive(socket, { highWaterMark: 4 * MB })) {
      if (outOfOrder === -1 && Number(String(message).split(':')[0]) !== next) outOfOrder = next;
      if (++next === count) break;
    }
    expect(outOfOrder).toBe(-1);
    expect(next).toBe(count);
    const server = await stats(id);
    expect(server.messages).toBe(count);
    expect(server.peakBuffered).toBeLessThan(8 * MB);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  }, 30_000);
});

describe('outbound pacing', () => {
  it('a server that does not read keeps the bytes queued in the page within highWaterMark plus one message', async () => {
    const id = nextId();
    const size = 64 * 1024;
    const count = 1024;
    const high = 512 * 1024;
    const socket = new RxWebSocket(`${floodUrl}/sink?id=${id}`, [], { WebSocket: StreamSocket });
    await firstValueFrom(socket.open$);
    let peak = 0;
    const watch = bufferedAmount$(socket).subscribe((bytes) => {
      peak = Math.max(peak, bytes);
    });
    function* messages() {
      for (let i = 0; i < count; i++) yield `${i}:`.padEnd(size, '.');
    }
    let sent = 0;
    const done = lastValueFrom(
      sendStream(socket, messages(), { highWaterMark: high, lowWaterMark: high / 4 }).pipe(
        filter((progress) => {
          sent = progress.messages;
          return true;
        }),
      ),
    );
    // The kernel's buffers fill, then the stream stops completing writes and sendStream() stops: no progress
    // between two looks, with bytes still waiting (whenDrained() holds it until they drop to lowWaterMark).
    let last = -1;
    await expect
      .poll(
        () => {
          const stopped = sent === last && socket.bufferedAmount > high / 4;
          last = sent;
          return stopped;
        },
        { timeout: 20_000, interval: 100 },
      )
      .toBe(true);
    expect(sent).toBeLessThan(count);
    expect((await stats(id)).messages).toBe(0);

    await command(`resume:${id}`);
    expect((await done).messages).toBe(count);
    await expect.poll(() => stats(id).then((s) => s.messages), { timeout: 20_000, interval: 50 }).toBe(count);
    expect((await stats(id)).outOfOrder).toBe(-1);
    watch.unsubscribe();
    expect(peak).toBeLessThanOrEqual(high + size);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  }, 60_000);
});

/** What a socket showed for one scenario: its events in order, with the close's fields, and what was thrown. */
async function scenario(
  WebSocket: WebSocketConstructorLike | undefined,
  url: string,
  act: (socket: RxWebSocket) => void,
): Promise<string[]> {
  const socket = new RxWebSocket(url, [], { WebSocket });
  const seen: string[] = [];
  socket.addEventListener('open', () => seen.push('open'));
  socket.addEventListener('message', (event) => seen.push(`message ${String(event.data)}`));
  socket.addEventListener('error', () => seen.push('error'));
  socket.addEventListener('close', (event) =>
    seen.push(`close ${event.code} '${event.reason}' ${event.wasClean ? 'clean' : 'not clean'}`),
  );
  socket.open$.subscribe({ next: () => act(socket), error: () => {} });
  await firstValueFrom(socket.close$);
  seen.push(`readyState ${socket.readyState}`);
  return seen;
}

describe('the same events and errors as the standard socket', () => {
  const wsUrl = inject('wsUrl');
  const cases: Array<[string, string, (socket: RxWebSocket) => void]> = [
    ['the server closes with a code and reason', wsUrl, (s) => s.send('close:4001:bye')],
    ['the connection drops', wsUrl, (s) => s.send('terminate')],
    ['the handshake is refused', `${wsUrl}/reject`, () => {}],
    [
      'the page closes with a code and reason, after a message',
      wsUrl,
      (s) => {
        s.send('echo me');
        s.message$.subscribe(() => s.close(4000, 'done'));
      },
    ],
    [
      'invalid close arguments throw the standard DOMExceptions and leave the socket open',
      wsUrl,
      (s) => {
        for (const close of [() => s.close(999), () => s.close(1000, 'x'.repeat(124))]) {
          try {
            close();
          } catch (error) {
            s.send(`threw ${(error as DOMException).name}`);
          }
        }
        s.message$.pipe(filter((event) => event.data === 'threw SyntaxError')).subscribe(() => s.close(1000));
      },
    ],
  ];
  for (const [name, url, act] of cases) {
    it(name, async () => {
      const standard = await scenario(undefined, url, act);
      const stream = await scenario(StreamSocket, url, act);
      expect(stream).toEqual(standard);
    });
  }

  it('fromWebSocket() errors with the same WebSocketCloseError when the connection drops', async () => {
    const errorOf = (WebSocket: WebSocketConstructorLike | undefined) =>
      new Promise<unknown>((resolve) =>
        fromWebSocket({ url: wsUrl, WebSocket }).subscribe({ next: (s) => s.send('terminate'), error: resolve }),
      );
    const [standard, stream] = await Promise.all([errorOf(undefined), errorOf(StreamSocket)]);
    expect(isWebSocketCloseError(standard) && isWebSocketCloseError(stream)).toBe(true);
    expect([(stream as { code: number }).code, (stream as Error).name]).toEqual([
      (standard as { code: number }).code,
      (standard as Error).name,
    ]);
  });
});

it('falls back to the standard WebSocket where the runtime has no WebSocketStream', async () => {
  const global = globalThis as { WebSocketStream?: unknown };
  const saved = global.WebSocketStream;
  delete global.WebSocketStream;
  try {
    const fallback = webSocketStream();
    expect(fallback).toBeUndefined();
    const socket = new RxWebSocket(inject('wsUrl'), [], { WebSocket: fallback });
    const echo = firstValueFrom(socket.data$);
    await firstValueFrom(socket.open$);
    socket.send('still works');
    expect(await echo).toBe('still works');
    socket.close(1000);
    await firstValueFrom(socket.close$);
  } finally {
    global.WebSocketStream = saved;
  }
});
