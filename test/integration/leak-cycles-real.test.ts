// 10,000 subscribe/unsubscribe cycles over real sockets on 127.0.0.1, on cold fromWebSocket() and on a shared
// webSocket() subject with two subscribers, 50 at a time: every underlying socket ends CLOSED with no
// listener left, the server ends with no connection, TCP handles and timers return to where they were,
// and the heap is flat after GC.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fromWebSocket, type WebSocketConstructorLike, webSocket } from 'rx-websocket';
import { firstValueFrom, Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const CYCLES = 10_000;
const BATCH = 50;
const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout').length;
const EVENTS = ['open', 'message', 'error', 'close'] as const;

/** ws's WebSocket that checks each socket once it has closed, and holds none of them afterwards. */
function checkedWs() {
  const stats = { created: 0, closedClean: 0, leftListeners: 0, live: new Set<WebSocket>() };
  class Checked extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      stats.created++;
      stats.live.add(this);
      this.once('close', () => {
        // After every other close listener has run.
        setImmediate(() => {
          stats.live.delete(this);
          if (this.readyState === this.CLOSED) stats.closedClean++;
          stats.leftListeners += EVENTS.reduce((n, type) => n + this.listenerCount(type), 0);
        });
      });
    }
  }
  return { Ctor: Checked as unknown as WebSocketConstructorLike, stats };
}

async function cycles(run: () => Promise<void>): Promise<{ heapGrowth: number }> {
  const batch = async (count: number) => {
    for (let done = 0; done < count; done += BATCH) await Promise.all(Array.from({ length: BATCH }, run));
  };
  await batch(1000); // warm-up: JIT, caches and socket pools settle
  await server.idle();
  gc();
  const before = process.memoryUsage().heapUsed;
  await batch(CYCLES - 1000);
  await server.idle();
  gc();
  return { heapGrowth: process.memoryUsage().heapUsed - before };
}

async function settled(stats: ReturnType<typeof checkedWs>['stats']) {
  const deadline = Date.now() + 10_000;
  while (stats.live.size > 0 && Date.now() < deadline) await new Promise((resolve) => setImmediate(resolve));
}

/** Runs CYCLES cycles over checked ws sockets, then asserts that everything was released. */
async function expectReleasedAfter(cycle: (WebSocket: WebSocketConstructorLike) => Promise<void>): Promise<void> {
  await server.idle();
  const baseline = handles();
  const { Ctor, stats } = checkedWs();
  const { heapGrowth } = await cycles(() => cycle(Ctor));
  await settled(stats);
  expect(stats.created).toBe(CYCLES);
  expect(stats.live.size).toBe(0);
  expect(stats.closedClean).toBe(CYCLES);
  expect(stats.leftListeners).toBe(0);
  expect(server.clients.size).toBe(0);
  expect(handles()).toBeLessThanOrEqual(baseline);
  expect(heapGrowth).toBeLessThan(4 * 1024 * 1024);
}

describe('10,000 subscribe/unsubscribe cycles over real sockets', () => {
  it('on cold fromWebSocket(): every socket closed, no listener, connection, handle or heap left', async () => {
    await expectReleasedAfter(async (WebSocket) => {
      const opened = new Subject<void>();
      const subscription = fromWebSocket({ url: server.url, WebSocket }).subscribe(() => opened.next());
      await firstValueFrom(opened);
      subscription.unsubscribe();
    });
  }, 120_000);

  it('on a shared webSocket() subject with two subscribers: one socket per cycle, closed after the last leaves', async () => {
    await expectReleasedAfter(async (WebSocketCtor) => {
      const opened = new Subject<Event>();
      const subject = webSocket<unknown>({ url: server.url, WebSocketCtor, openObserver: opened });
      const first = firstValueFrom(opened);
      const a = subject.subscribe();
      const b = subject.subscribe();
      await first;
      a.unsubscribe();
      b.unsubscribe();
    });
  }, 120_000);
});
