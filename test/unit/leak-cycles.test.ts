// 10,000 subscribe/unsubscribe cycles on cold (connect) and shared (webSocket, connection) sockets:
// every socket is closed, every listener and timer released, and the heap stays flat after GC.

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { fromWebSocket, webSocket } from 'rx-websocket';
import { FakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';
import { connection } from '../helpers/connection.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** A fake that remembers only its latest socket, so the test itself holds nothing across cycles. */
function latestOnly() {
  const seen = { count: 0, openListeners: 0, last: undefined as FakeWebSocket | undefined };
  class Latest extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      seen.count++;
      seen.last = this;
    }
  }
  return { WebSocket: Latest, seen };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

/**
 * The heap growth over 10,000 runs, measured once the microtasks they queued have run: a socket that failed waits for
 * one (the close a runtime may never send), which is not a leak.
 */
async function cycle(run: () => void): Promise<{ heapGrowth: number }> {
  for (let i = 0; i < 1000; i++) run(); // warm-up: JIT and caches settle
  await Promise.resolve();
  gc();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < 10_000; i++) run();
  await Promise.resolve();
  gc();
  return { heapGrowth: process.memoryUsage().heapUsed - before };
}

describe('10,000 subscribe/unsubscribe cycles', () => {
  it('on cold fromWebSocket(): each socket closed with 1000 and released', async () => {
    const fake = latestOnly();
    const baseline = timers();
    const { heapGrowth } = await cycle(() => {
      const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).subscribe();
      const socket = fake.seen.last as FakeWebSocket;
      socket.open();
      subscription.unsubscribe();
      expect(socket.closeCalls).toEqual([{ code: 1000, reason: '' }]);
      socket.finishClose();
      expect(socket.listenerCount()).toBe(0);
    });
    expect(fake.seen.count).toBe(11_000);
    expect(timers()).toBeLessThanOrEqual(baseline);
    expect(heapGrowth).toBeLessThan(2 * 1024 * 1024);
  });

  it('on a shared webSocket() subject with two subscribers', async () => {
    const fake = latestOnly();
    const subject = webSocket<unknown>({ url: 'ws://x', WebSocketCtor: fake.WebSocket });
    const baseline = timers();
    const { heapGrowth } = await cycle(() => {
      const a = subject.subscribe();
      const b = subject.subscribe();
      const socket = fake.seen.last as FakeWebSocket;
      socket.open();
      a.unsubscribe();
      expect(socket.closeCalls).toEqual([]);
      b.unsubscribe();
      socket.finishClose();
      expect(socket.listenerCount()).toBe(0);
    });
    expect(fake.seen.count).toBe(11_000);
    expect(timers()).toBeLessThanOrEqual(baseline);
    expect(heapGrowth).toBeLessThan(2 * 1024 * 1024);
  });

  it('on a reconnecting connection() unsubscribed while connecting', async () => {
    const fake = latestOnly();
    const live = connection({ url: 'ws://x', WebSocket: fake.WebSocket, environment: null });
    const baseline = timers();
    const { heapGrowth } = await cycle(() => {
      const subscription = live.data$.subscribe();
      const socket = fake.seen.last as FakeWebSocket;
      subscription.unsubscribe();
      socket.finishClose();
      expect(socket.listenerCount()).toBe(0);
    });
    expect(live.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
    expect(timers()).toBeLessThanOrEqual(baseline); // the connection timeout timers are gone too
    expect(heapGrowth).toBeLessThan(2 * 1024 * 1024);
  });
});
