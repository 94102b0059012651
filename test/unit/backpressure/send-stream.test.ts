import {
  closeGracefully,
  QueueOverflowError,
  RxWebSocket,
  type SendProgress,
  sendQueue,
  sendStream,
  sendWithBackpressure,
} from 'rx-websocket';
import { from, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { slowLink } from '../../helpers/slow-link.js';

function openLink() {
  const link = slowLink();
  const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
  return { socket, link };
}

describe('sendStream() with an Observable source', () => {
  it('never lets bufferedAmount pass highWaterMark plus one message, and loses or reorders nothing', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const { socket, link } = openLink();
      link.last.open();
      const source = new Subject<string>();
      let peak = 0;
      let done = false;
      sendStream(socket, source, {
        highWaterMark: 100,
        lowWaterMark: 20,
        queue: sendQueue({ maxMessages: 100 }),
      }).subscribe({
        next: () => {
          peak = Math.max(peak, link.last.bufferedAmount);
        },
        complete: () => (done = true),
      });
      // A burst of 50 messages of 30 bytes, while the network drains 30 bytes every 5 ms.
      for (let i = 0; i < 50; i++) source.next(`${String(i).padStart(2, '0')}${'.'.repeat(28)}`);
      source.complete();
      const drain = () => {
        link.last.drain(30);
        if (!done) scheduler.schedule(drain, 5);
      };
      scheduler.schedule(drain, 5);
      flush();
      expect(done).toBe(true);
      expect(peak).toBeLessThanOrEqual(100 + 30);
      expect(link.last.sent.map((m) => String(m).slice(0, 2))).toEqual(
        Array.from({ length: 50 }, (_, i) => String(i).padStart(2, '0')),
      );
    });
  });

  it('reports progress in messages and bytes', () => {
    const { socket, link } = openLink();
    link.last.open();
    const progress: SendProgress[] = [];
    sendStream(socket, from(['ab', 'cde'])).subscribe((p) => progress.push(p));
    expect(progress).toEqual([
      { messages: 1, bytes: 2, bufferedAmount: 2, dropped: 0 },
      { messages: 2, bytes: 5, bufferedAmount: 5, dropped: 0 },
    ]);
  });

  it('waits for the socket to open', () => {
    const { socket, link } = openLink();
    const progress: SendProgress[] = [];
    sendStream(socket, from(['a'])).subscribe((p) => progress.push(p));
    expect(progress).toEqual([]);
    link.last.open();
    expect(link.last.sent).toEqual(['a']);
  });

  it("errors with QueueOverflowError when an Observable outruns the queue under 'error'", () => {
    const { socket, link } = openLink();
    link.last.open();
    link.last.bufferedAmount = 1000; // a stalled network
    let error: unknown;
    sendStream(socket, from(['a', 'b', 'c']), {
      highWaterMark: 10,
      lowWaterMark: 0,
      queue: sendQueue({ maxMessages: 2 }),
    }).subscribe({
      error: (e) => (error = e),
    });
    expect(error).toBeInstanceOf(QueueOverflowError);
    expect(error).toMatchObject({ limit: 'maxMessages', max: 2 });
    // The advice fits a source that cannot be paused, not next()'s "wait for the socket to open".
    expect((error as Error).message).toContain('pass an array or an (async) iterable');
    expect((error as Error).message).not.toContain('Wait for the socket to open');
  });

  it('gives the same advice under the default bound', () => {
    const { socket, link } = openLink();
    link.last.open();
    link.last.bufferedAmount = 1000;
    let error: unknown;
    sendStream(socket, from(Array.from({ length: 1001 }, String)), { highWaterMark: 10, lowWaterMark: 0 }).subscribe({
      error: (e) => (error = e),
    });
    expect(error).toMatchObject({ name: 'QueueOverflowError', limit: 'maxMessages', max: 1000 });
    expect((error as Error).message).toContain('sendStream() the queue option sendQueue({ maxMessages, overflow })');
  });

  it("sends what 'drop-oldest' kept once the buffer drains, and counts what it dropped", () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { socket, link } = openLink();
      link.last.open();
      link.last.bufferedAmount = 1000; // a stalled network
      const progress: SendProgress[] = [];
      sendStream(socket, from(['a', 'b', 'c']), {
        highWaterMark: 10,
        lowWaterMark: 0,
        queue: sendQueue({ maxMessages: 2, overflow: 'drop-oldest' }),
      }).subscribe((p) => progress.push(p));
      expect(link.last.sent).toEqual([]);
      link.last.drain();
      flush();
      expect(link.last.sent).toEqual(['b', 'c']);
      expect(progress.at(-1)).toMatchObject({ messages: 2, dropped: 1 });
    });
  });

  it('errors with WebSocketCloseError when the socket closes before everything was sent', () => {
    const { socket, link } = openLink();
    link.last.open();
    link.last.bufferedAmount = 1000;
    let error: unknown;
    sendStream(socket, from(['a']), { highWaterMark: 10, lowWaterMark: 0 }).subscribe({ error: (e) => (error = e) });
    link.last.serverClose(1006, '', false);
    expect(error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });

  it('works as an operator', () => {
    const { socket, link } = openLink();
    link.last.open();
    from(['x', 'y']).pipe(sendWithBackpressure(socket)).subscribe();
    expect(link.last.sent).toEqual(['x', 'y']);
  });

  it.each([
    [{ highWaterMark: -1 }, 'highWaterMark'],
    [{ highWaterMark: Number.POSITIVE_INFINITY }, 'highWaterMark'],
    [{ lowWaterMark: Number.NaN }, 'lowWaterMark'],
    [{ highWaterMark: 100, lowWaterMark: 100 }, 'lowWaterMark'],
    [{ highWaterMark: 100, lowWaterMark: 200 }, 'lowWaterMark'],
    [{ fallbackRate: 0 }, 'fallbackRate'],
    [{ queue: { overflow: 'drop-oldest' } }, 'queue'],
    [{ queue: sendQueue({ ttl: 1000 }) }, 'ttl'],
  ])('rejects %j naming %s, at the call', (options, option) => {
    const { socket } = openLink();
    expect(() => sendStream(socket, from([]), options as never)).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option }),
    );
  });
});

describe('sendStream() with pull sources', () => {
  it('pulls a generator only when there is room, so at most one chunk is out of the source unsent', async () => {
    const { socket, link } = openLink();
    link.last.open();
    let pulled = 0;
    function* chunks() {
      for (let i = 0; i < 200; i++) {
        pulled++;
        yield `chunk ${i}`.padEnd(50, '.');
      }
    }
    let maxAhead = 0;
    const done = new Promise<void>((resolve, reject) => {
      sendStream(socket, chunks(), { highWaterMark: 500, lowWaterMark: 100, minInterval: 1, maxInterval: 1 }).subscribe(
        {
          next: (p) => {
            maxAhead = Math.max(maxAhead, pulled - p.messages);
            if (link.last.bufferedAmount >= 500) setTimeout(() => link.last.drain(), 2);
          },
          complete: resolve,
          error: reject,
        },
      );
    });
    await done;
    expect(link.last.sent).toHaveLength(200);
    expect(maxAhead).toBeLessThanOrEqual(1);
  });

  it('reads a ReadableStream and cancels it when unsubscribed', async () => {
    const { socket, link } = openLink();
    link.last.open();
    let cancelled = false;
    let n = 0;
    const stream = new ReadableStream<string>({
      pull: (controller) => controller.enqueue(`m${n++}`),
      cancel: () => {
        cancelled = true;
      },
    });
    await new Promise<void>((resolve) => {
      const subscription = sendStream(socket, stream).subscribe((p) => {
        if (p.messages === 5) {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    await Promise.resolve();
    expect(link.last.sent).toEqual(['m0', 'm1', 'm2', 'm3', 'm4']);
    expect(cancelled).toBe(true);
  });
});

describe('closeGracefully()', () => {
  it('closes only once the buffer is empty', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ flush }) => {
      const { socket, link } = openLink();
      link.last.open();
      socket.send('x'.repeat(100));
      closeGracefully(socket, { reason: 'done' }).subscribe();
      expect(link.last.closeCalls).toEqual([]);
      link.last.drain();
      flush();
      expect(link.last.closeCalls).toEqual([{ code: 1000, reason: 'done' }]);
    });
  });

  it('closes anyway after the timeout', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold }) => {
      const { socket, link } = openLink();
      link.last.open();
      socket.send('x'.repeat(100));
      closeGracefully(socket, { timeout: 50 }).subscribe();
      cold('49ms a 1ms b').subscribe((e) => expect(link.last.closeCalls).toHaveLength(e === 'a' ? 0 : 1));
    });
  });

  it('emits the close event and closes at once when the buffer is already empty', () => {
    const { socket, link } = openLink();
    link.last.open();
    const events: number[] = [];
    closeGracefully(socket, { code: 4000 }).subscribe((e) => events.push(e.code));
    expect(link.last.closeCalls).toEqual([{ code: 4000, reason: '' }]);
    link.last.finishClose();
    expect(events).toEqual([4000]);
  });

  it('rejects an invalid code at the call, leaving the socket open', () => {
    const { socket, link } = openLink();
    link.last.open();
    expect(() => closeGracefully(socket, { code: 1001 })).toThrow(
      expect.objectContaining({ name: 'InvalidAccessError' }),
    );
    expect(socket.readyState).toBe(1);
  });
});
