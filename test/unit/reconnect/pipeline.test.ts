// The declarative pipeline the README and reconnect()'s example show: fromWebSocket() -> reconnect() ->
// switchMap to each socket's messages. However a connection ends, the stream of sockets says what comes next;
// a socket's own message stream only ends, so that switchMap does not end the whole pipeline.

import { fromWebSocket, json, type RxWebSocket, reconnect, WebSocketCloseError } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { filter, type Observable, retry, switchMap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { zodServerMessage } from '../../helpers/chat-schemas.js';

type Stream = 'data$' | 'message$';
const STREAMS: readonly Stream[] = ['data$', 'message$'];
const payloadOf = (stream: Stream) => (value: unknown) => (stream === 'data$' ? value : (value as MessageEvent).data);

/** Every way a connection ends that reconnect() reconnects after, as the fake's server side scripts it. */
const DROPS: ReadonlyArray<readonly [string, (socket: FakeWebSocket) => void]> = [
  ['the server closes abnormally (1006)', (s) => s.serverClose(1006, '', false)],
  ['the connection fails with an error event', (s) => s.fail(new Error('ECONNRESET'))],
  ['the server restarts (1012, clean)', (s) => s.serverClose(1012, 'restart', true)],
  ['ws drops the link (terminate)', (s) => s.terminate()],
];

/** A TestScheduler used outside run(): flush() runs what is due up to `until` ms, and stops there. */
function virtualTime(until: number): TestScheduler {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.maxFrames = until;
  return scheduler;
}

function run(stream: Stream, runtime: 'browser' | 'ws' = 'browser') {
  // Long enough for the retry (100 ms), short of the new attempt's connection timeout.
  const scheduler = virtualTime(1000);
  const fake = fakeWebSocket({ runtime });
  const received: unknown[] = [];
  const end: { error?: unknown; complete?: boolean } = {};
  const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
    .pipe(
      reconnect({ environment: null, scheduler, jitter: 0, initialDelay: 100 }),
      switchMap((socket: RxWebSocket) => socket[stream] as Observable<unknown>),
    )
    .subscribe({
      next: (value) => received.push(payloadOf(stream)(value)),
      error: (error: unknown) => {
        end.error = error;
      },
      complete: () => {
        end.complete = true;
      },
    });
  return { scheduler, fake, received, end, subscription };
}

describe('fromWebSocket() -> reconnect() -> switchMap(messages)', () => {
  for (const stream of STREAMS) {
    for (const [name, drop] of DROPS) {
      it(`goes on after ${name}, with ${stream}: the next socket's messages follow, nothing ends`, () => {
        const r = run(stream, name.startsWith('ws') ? 'ws' : 'browser');
        r.fake.last.open();
        r.fake.last.receive('a');
        drop(r.fake.last);
        r.scheduler.flush();
        expect(r.fake.sockets).toHaveLength(2);
        r.fake.last.open();
        r.fake.last.receive('b');
        expect(r.received).toEqual(['a', 'b']);
        expect(r.end).toEqual({});
        r.subscription.unsubscribe();
      });
    }

    it(`goes on after a missed heartbeat pong, with ${stream}, on both runtimes`, () => {
      for (const runtime of ['browser', 'ws'] as const) {
        const scheduler = virtualTime(1700); // the heartbeat fails at 1500, the second attempt is made at 1600
        const fake = fakeWebSocket({ runtime });
        const received: unknown[] = [];
        const errors: unknown[] = [];
        const heartbeat = { interval: 1000, timeout: 500, ping: 'ping', isPong: (d: unknown) => d === 'pong' };
        const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
          .pipe(
            reconnect({ environment: null, scheduler, jitter: 0, initialDelay: 100, heartbeat }),
            switchMap((socket: RxWebSocket) => socket[stream] as Observable<unknown>),
          )
          .subscribe({ next: (value) => received.push(payloadOf(stream)(value)), error: (e) => errors.push(e) });
        const first = fake.last;
        first.open();
        first.receive('a');
        scheduler.flush();
        // A browser's dead link ends long after: its close handshake never completes.
        if (runtime === 'browser') first.fail(new Error('timed out'));
        expect(fake.sockets).toHaveLength(2);
        fake.last.open();
        fake.last.receive('b');
        expect(errors).toEqual([]);
        expect(received).toEqual(['a', 'b']);
        subscription.unsubscribe();
      }
    });
  }

  it("keeps the heartbeat's pongs in data$; filtered out with isPong, json(schema, { report }) reports only the rest", () => {
    const isPong = (data: unknown) => data === 'pong';
    for (const withFilter of [false, true]) {
      const scheduler = virtualTime(1000);
      const fake = fakeWebSocket();
      const reported: unknown[] = [];
      const received: unknown[] = [];
      const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
        .pipe(
          reconnect({ environment: null, scheduler, heartbeat: { interval: 100, timeout: 50, ping: 'ping', isPong } }),
          switchMap((socket: RxWebSocket) => socket.data$),
          withFilter ? filter((data) => !isPong(data)) : (source) => source,
          json(zodServerMessage, { report: (error) => reported.push(error.preview) }),
        )
        .subscribe((message) => received.push(message));
      fake.last.open();
      fake.last.receive('pong');
      fake.last.receive('{"type":"id","id":7}');
      fake.last.receive('{"type":"id"}');
      expect(received).toEqual([{ type: 'id', id: 7 }]);
      // The preview quotes what arrived.
      const incomplete = JSON.stringify('{"type":"id"}');
      expect(reported).toEqual(withFilter ? [incomplete] : ['"pong"', incomplete]);
      subscription.unsubscribe();
    }
  });

  it('without reconnect(), an abnormal close errors the pipeline once, with WebSocketCloseError', () => {
    const fake = fakeWebSocket();
    const errors: unknown[] = [];
    fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
      .pipe(switchMap((socket: RxWebSocket) => socket.data$))
      .subscribe({ error: (error: unknown) => errors.push(error) });
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(WebSocketCloseError);
    expect(errors[0]).toMatchObject({ code: 1006, wasClean: false });
  });

  it('with retry() after switchMap, as rxjs pipelines put it, each abnormal close opens one new socket', () => {
    const fake = fakeWebSocket();
    const received: unknown[] = [];
    const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
      .pipe(
        switchMap((socket: RxWebSocket) => socket.data$),
        retry(2),
      )
      .subscribe((data) => received.push(data));
    for (const message of ['a', 'b']) {
      fake.last.open();
      fake.last.receive(message);
      fake.last.serverClose(1006, '', false);
    }
    expect(fake.sockets).toHaveLength(3);
    expect(received).toEqual(['a', 'b']);
    subscription.unsubscribe();
  });

  it('a socket of fromWebSocket() ends its message streams without an error, also for a late subscriber', () => {
    const fake = fakeWebSocket();
    let socket: RxWebSocket | undefined;
    fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).subscribe({
      next: (opened) => {
        socket = opened;
      },
      error: () => {},
    });
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    const ends: string[] = [];
    for (const stream of STREAMS) {
      (socket as RxWebSocket)[stream].subscribe({
        error: () => ends.push(`${stream} error`),
        complete: () => ends.push(`${stream} complete`),
      });
    }
    expect(ends).toEqual(['data$ complete', 'message$ complete']);
  });
});
