// webSocket({ backpressure: backpressure(...) }): next() waits in the queue while the open socket's bufferedAmount is
// at or above the high watermark, and the queue goes out in order once it has drained to the low one. Virtual time.
import { backpressure, InvalidOptionError, type WebSocketSubject, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

function paced() {
  const fake = fakeWebSocket();
  const scheduler = new TestScheduler(() => {});
  const subject = webSocket<unknown, string>({
    url: 'ws://test',
    WebSocket: fake.WebSocket,
    scheduler,
    serializer: (text) => text,
    backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 100 }),
  });
  subject.subscribe();
  fake.last.open();
  return { fake, scheduler, subject };
}

describe('webSocket({ backpressure })', () => {
  it('sends at once below the high watermark', () => {
    const { fake, subject } = paced();
    fake.last.bufferedAmount = 999;
    subject.next('a');
    expect(fake.last.sent).toEqual(['a']);
    subject.unsubscribe();
  });

  it('holds messages while the socket is full, then sends them in order once it drained to the low watermark', () => {
    const { fake, scheduler, subject } = paced();
    fake.last.bufferedAmount = 1000;
    subject.next('a');
    subject.next('b');
    expect(fake.last.sent).toEqual([]);
    scheduler.schedule(() => {
      fake.last.bufferedAmount = 500; // below high, above low: still waiting
    }, 50);
    scheduler.schedule(() => {
      expect(fake.last.sent).toEqual([]);
      fake.last.bufferedAmount = 100;
    }, 100);
    scheduler.maxFrames = 1000;
    scheduler.flush();
    expect(fake.last.sent).toEqual(['a', 'b']);
    subject.next('c'); // room again: at once
    expect(fake.last.sent).toEqual(['a', 'b', 'c']);
    subject.unsubscribe();
    expect(scheduler.actions).toEqual([]); // no polling left behind
  });

  it.each([
    ['complete()', (subject: WebSocketSubject<unknown, string>) => subject.complete()],
    ['error({ code })', (subject: WebSocketSubject<unknown, string>) => subject.error({ code: 4000, reason: 'done' })],
  ])('%s on a full socket sends what waited before the call, then closes; what comes after waits', (_, close) => {
    const { fake, subject } = paced();
    fake.last.bufferedAmount = 1000;
    subject.next('a');
    subject.next('b');
    close(subject);
    subject.next('after');
    expect(fake.last.sent).toEqual(['a', 'b']);
    expect(fake.last.closeCalls).toHaveLength(1);
    subject.subscribe(); // a new connection, as with rxjs
    fake.last.open();
    expect(fake.last.sent).toEqual(['after']);
    subject.unsubscribe();
  });

  it('a new socket after complete() on a full one drains its own queue: it does not wait on the closing one', () => {
    const { fake, scheduler, subject } = paced();
    const first = fake.last;
    first.bufferedAmount = 1000;
    subject.next('a'); // waits for the first socket to drain
    subject.complete();
    subject.subscribe(); // a new socket, while the first one closes
    const second = fake.last;
    second.open();
    second.bufferedAmount = 1000;
    subject.next('b'); // waits for the second socket to drain
    scheduler.schedule(() => {
      second.bufferedAmount = 0;
    }, 100);
    scheduler.maxFrames = 1000;
    scheduler.flush();
    expect([first.sent, second.sent]).toEqual([['a'], ['b']]);
    subject.unsubscribe();
    expect(scheduler.actions).toEqual([]);
  });

  it('takes only what backpressure() returns, and names the fix', () => {
    expect(() =>
      webSocket({ url: 'ws://x', WebSocket: fakeWebSocket().WebSocket, backpressure: { highWaterMark: 1 } as never }),
    ).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option: 'backpressure' }));
    expect(() => backpressure({ highWaterMark: 10, lowWaterMark: 10 })).toThrow(InvalidOptionError);
  });
});
