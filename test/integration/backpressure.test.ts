// Backpressure against real ws servers on 127.0.0.1: a server that stops reading its TCP socket, a large
// pull source, a server that floods a slow consumer, and a server that closes and leaves TCP half-open.
import type { AddressInfo } from 'node:net';
import { bufferedAmount$, CLOSING, closeGracefully, RxWebSocket, receive, sendStream, whenDrained } from 'rx-websocket';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { type CountingScheduler, countingScheduler } from '../helpers/leftovers.js';
import { observe, observeNext, type Run } from '../helpers/observe-run.js';
import { settle, type UnhandledWatch, watchUnhandled } from '../helpers/unhandled.js';

const servers: WebSocketServer[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function serve(onConnection: (socket: WebSocket) => void): Promise<string> {
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 1 << 20 });
  servers.push(server);
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', onConnection);
  return `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function openSocket(url: string): Promise<RxWebSocket> {
  const socket = new RxWebSocket(url, [], { WebSocket, binaryType: 'arraybuffer' });
  await firstValueFrom(socket.open$);
  return socket;
}

const CHUNK = 64 * 1024;
const chunk = (i: number) => {
  const bytes = new Uint8Array(CHUNK);
  new DataView(bytes.buffer).setUint32(0, i);
  return bytes;
};

describe('sendStream() against a server that stops reading', () => {
  it('keeps bufferedAmount under highWaterMark plus one message, and loses or reorders nothing', async () => {
    const received: number[] = [];
    let resume = () => {};
    const url = await serve((socket) => {
      const tcp = (socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
      tcp.pause(); // the reader stalls: the client's buffer must fill
      resume = () => tcp.resume();
      socket.on('message', (data: Buffer) => received.push(data.readUInt32BE(0)));
    });
    const socket = await openSocket(url);
    const high = 1 << 20;
    let peak = 0;
    const watch = bufferedAmount$(socket).subscribe((bytes) => {
      peak = Math.max(peak, bytes);
      if (bytes >= high) resume(); // the reader comes back once the sender had to wait
    });
    // 400 × 64 KB = 25 MB: more than loopback's kernel buffers can absorb, so the client's own buffer fills.
    function* chunks() {
      for (let i = 0; i < 400; i++) yield chunk(i);
    }
    const last = await lastValueFrom(sendStream(socket, chunks(), { highWaterMark: high, lowWaterMark: high / 4 }));
    watch.unsubscribe();
    expect(last.messages).toBe(400);
    expect(peak).toBeGreaterThanOrEqual(high); // backpressure was exercised
    expect(peak).toBeLessThanOrEqual(high + CHUNK);
    await firstValueFrom(closeGracefully(socket));
    expect(received).toEqual(Array.from({ length: 400 }, (_, i) => i));
  });
});

describe('sendStream() with a large pull source', () => {
  it('streams 10,000 chunks pulling each only when there is room', async () => {
    let bytes = 0;
    const url = await serve((socket) => socket.on('message', (data: Buffer) => (bytes += data.length)));
    const socket = await openSocket(url);
    let pulled = 0;
    let ahead = 0;
    let sent = 0;
    async function* chunks() {
      for (let i = 0; i < 10_000; i++) {
        pulled++;
        ahead = Math.max(ahead, pulled - sent);
        yield new Uint8Array(4096);
      }
    }
    const heapBefore = process.memoryUsage().heapUsed;
    let peak = 0;
    await new Promise<void>((resolve, reject) =>
      sendStream(socket, chunks(), { highWaterMark: 256 * 1024, lowWaterMark: 64 * 1024 }).subscribe({
        next: (p) => {
          sent = p.messages;
          peak = Math.max(peak, p.bufferedAmount);
        },
        complete: resolve,
        error: reject,
      }),
    );
    await firstValueFrom(closeGracefully(socket));
    expect(pulled).toBe(10_000);
    expect(ahead).toBeLessThanOrEqual(1);
    expect(peak).toBeLessThanOrEqual(256 * 1024 + 4096);
    expect(bytes).toBe(10_000 * 4096);
    // 40 MB went through; the heap did not keep it.
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(20 * 1024 * 1024);
  });
});

describe('receive() from a server that floods a slow consumer', () => {
  it('pauses the ws socket, keeps its buffer near highWaterMark, and delivers everything in order', async () => {
    const COUNT = 2000;
    const url = await serve((socket) => {
      for (let i = 0; i < COUNT; i++) socket.send(`${i}`.padEnd(16 * 1024, '.'));
      socket.close(1000, 'done');
    });
    const socket = new RxWebSocket(url, [], { WebSocket });
    const high = 1 << 20;
    const inbound = receive(socket, { highWaterMark: high, lowWaterMark: high / 4 });
    let expected = 0;
    let maxBuffered = 0;
    let sawPause = false;
    for await (const message of inbound) {
      maxBuffered = Math.max(maxBuffered, inbound.bufferedBytes);
      sawPause ||= inbound.paused;
      expect(Number.parseInt(String(message), 10)).toBe(expected++);
      if (expected % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 1)); // a slow consumer
    }
    expect(expected).toBe(COUNT);
    expect(sawPause).toBe(true);
    // Frames ws had already read when it paused still arrive: allow 256 KB over the mark.
    expect(maxBuffered).toBeLessThanOrEqual(high + 256 * 1024);
  });
});

describe("every backpressure function when the server's close frame leaves TCP half-open", () => {
  // The server sends its close frame and stops reading: it never sees the client's close frame nor its FIN, so the
  // client stays CLOSING with no close event until the server reads again (or ws's 30 s close timer fires). Then
  // the function must still end with what the close event says, release its source, and leave nothing behind.
  interface Link {
    readonly socket: RxWebSocket;
    /** Opened once the client is CLOSING: sources produce from then on. */
    readonly closing: Promise<void>;
    /** Sends `bytes` the stalled server does not read, so the client's buffer stays full. */
    fill(bytes: number): void;
    /** Where the function under test takes its time, counting its timers. */
    readonly scheduler: CountingScheduler;
  }
  const closeError = { error: expect.objectContaining({ name: 'WebSocketCloseError', code: 4001, wasClean: true }) };
  const drivers: Array<[string, (link: Link) => Run, Run['outcome']]> = [
    [
      'sendStream() from an async generator that yields once the socket is closing',
      ({ socket, closing, scheduler }) => {
        let returned = false;
        async function* chunks() {
          try {
            yield chunk(0);
            await closing;
            for (let i = 1; ; i++) yield chunk(i);
          } finally {
            returned = true;
          }
        }
        return observe(sendStream(socket, chunks(), { highWaterMark: 64 << 20, scheduler }), () => returned);
      },
      closeError,
    ],
    [
      'whenDrained() with a full buffer',
      ({ socket, fill, scheduler }) => {
        fill(32 << 20);
        return observe(whenDrained(socket, 0, { scheduler }));
      },
      closeError,
    ],
    [
      'receive()',
      ({ socket }) => {
        return observeNext(receive(socket));
      },
      { done: true },
    ],
    [
      'closeGracefully() with a full buffer',
      ({ socket, fill, scheduler }) => {
        fill(32 << 20);
        return observe(closeGracefully(socket, { timeout: 60_000, scheduler }));
      },
      { complete: [expect.objectContaining({ code: 4001, reason: 'going away' })] },
    ],
  ];

  let unhandled: UnhandledWatch;
  beforeEach(() => {
    unhandled = watchUnhandled();
  });
  afterEach(async () => {
    await unhandled.stop();
  });

  it.each(drivers)('%s: waits for the close event, ends as it says, and leaves nothing', async (_, start, expected) => {
    let server: WebSocket | undefined;
    const url = await serve((socket) => {
      server = socket;
    });
    const socket = await openSocket(url);
    const peer = server as WebSocket;
    const tcp = (peer as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause(); // the server stops reading from here on
    const serverClosed = new Promise((resolve) => peer.once('close', resolve));
    let enterClosing = () => {};
    const closing = new Promise<void>((resolve) => {
      enterClosing = resolve;
    });
    const fill = (bytes: number) => {
      for (let sent = 0; sent < bytes; sent += 512 * 1024) socket.send(new Uint8Array(512 * 1024));
    };
    const scheduler = countingScheduler();
    const run = start({ socket, closing, fill, scheduler });

    peer.close(4001, 'going away');
    await vi.waitFor(() => expect(socket.readyState).toBe(CLOSING), { timeout: 5000 });
    enterClosing();
    // sendStream() stops reading its source as soon as it sees the socket closing, without waiting for the close.
    await vi.waitFor(() => expect(run.released).toBe(true), { timeout: 5000 });
    await settle();
    expect(run.outcome).toBeUndefined(); // still half-open: no close event, so nothing to end with yet

    tcp.resume();
    await vi.waitFor(() => expect(run.outcome).toBeDefined(), { timeout: 10_000 });
    await serverClosed;
    expect(run.outcome).toEqual(expected);
    expect(scheduler.pending).toBe(0);
    expect(await unhandled.stop()).toEqual([]);
  });
});
