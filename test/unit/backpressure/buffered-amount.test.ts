import { bufferedAmount$, RxWebSocket, whenDrained } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { slowLink } from '../../helpers/slow-link.js';

function openLink() {
  const link = slowLink();
  const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
  link.last.open();
  return { socket, fake: link.last };
}

describe('bufferedAmount$()', () => {
  it('emits the current value first, and sets no timer at all while the buffer is empty', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const { socket } = openLink();
      const seen: number[] = [];
      bufferedAmount$(socket).subscribe((v) => seen.push(v));
      expect(seen).toEqual([0]);
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('wakes on a send and polls with a doubling interval while nothing drains, then stops at 0', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const { socket, fake } = openLink();
      const seen: Array<[number, number]> = [];
      const polls: number[] = [];
      const read = Object.getOwnPropertyDescriptor(RxWebSocket.prototype, 'bufferedAmount')?.get as () => number;
      Object.defineProperty(socket, 'bufferedAmount', {
        get() {
          polls.push(scheduler.now());
          return read.call(this);
        },
      });
      bufferedAmount$(socket, { maxInterval: 16 }).subscribe((v) => seen.push([scheduler.now(), v]));
      socket.send('x'.repeat(100));
      scheduler.schedule(() => fake.drain(40), 10);
      scheduler.schedule(() => fake.drain(), 40);
      flush();
      expect(seen).toEqual([
        [0, 0],
        [0, 100],
        [15, 60],
        [46, 0],
      ]);
      // Doubling while nothing drains (1, 3, 7, 15), back to 1 ms after the drain seen at 15 (16, 18, 22,
      // 30), then 16 (maxInterval), when it reads 0 (the drain at 40): then no timer is left.
      expect(polls.filter((t) => t > 0)).toEqual([1, 3, 7, 15, 16, 18, 22, 30, 46]);
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it('completes when the socket closes', () => {
    const { socket, fake } = openLink();
    let completed = false;
    bufferedAmount$(socket).subscribe({ complete: () => (completed = true) });
    fake.serverClose();
    expect(completed).toBe(true);
  });

  it('estimates from the bytes sent when the runtime reports no bufferedAmount, draining at fallbackRate', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const fake = fakeWebSocket();
      const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
      (fake.last as { bufferedAmount: number | undefined }).bufferedAmount = undefined; // as mock-socket
      fake.last.open();
      const seen: Array<[number, number]> = [];
      bufferedAmount$(socket, { fallbackRate: 1000, maxInterval: 250 }).subscribe((v) =>
        seen.push([scheduler.now(), Math.round(v)]),
      );
      socket.send('x'.repeat(1000));
      flush();
      expect(seen[1]).toEqual([0, 1000]);
      expect(seen.at(-1)?.[1]).toBe(0);
      expect(seen.at(-1)?.[0]).toBeGreaterThanOrEqual(1000);
      expect(seen.at(-1)?.[0]).toBeLessThanOrEqual(1250);
    });
  });

  it.each([
    [{ minInterval: 0 }, 'minInterval'],
    [{ maxInterval: Number.NaN }, 'maxInterval'],
    [{ minInterval: 10, maxInterval: 5 }, 'maxInterval'],
  ])('rejects %j naming %s', (options, option) => {
    const { socket } = openLink();
    expect(() => bufferedAmount$(socket, options)).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option }),
    );
  });
});

describe('whenDrained()', () => {
  it('emits at once when the buffer is already low enough', () => {
    const { socket } = openLink();
    const seen: number[] = [];
    whenDrained(socket, 10).subscribe((v) => seen.push(v));
    expect(seen).toEqual([0]);
  });

  it('waits for the buffer to reach the low-water mark', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const { socket, fake } = openLink();
      socket.send('x'.repeat(100));
      cold('-----a-----b').subscribe((e) => fake.drain(e === 'a' ? 50 : 30));
      // Polls at 1, 3, 7 (50 after the drain at 5), then back to 1 ms steps: 8, 10, 14 (20 after the drain at 11).
      expectObservable(whenDrained(socket, 20)).toBe('14ms (v|)', { v: 20 });
    });
  });

  it('errors with the close error when the socket closes first', () => {
    const { socket, fake } = openLink();
    socket.send('x'.repeat(100));
    let error: unknown;
    whenDrained(socket, 0).subscribe({ error: (e) => (error = e) });
    fake.serverClose(1006, '', false);
    expect(error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });
});
