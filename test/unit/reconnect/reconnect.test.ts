// Every timing rule of reconnect() in virtual time: the fake socket is synchronous and the test
// scripts the server on the TestScheduler's clock.

import {
  type ConnectionState,
  ConnectionTimeoutError,
  closeCodeOf,
  defaultShouldReconnect,
  fromWebSocket,
  HeartbeatTimeoutError,
  ProviderError,
  type ReconnectOptions,
  ReconnectStoppedError,
  type RxWebSocket,
  reconnect,
  type WebSocketConstructorLike,
} from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { BehaviorSubject, type Observable, Subject, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { FakeEnvironment } from '../../helpers/fake-environment.js';

interface Run {
  scheduler: TestScheduler;
  fake: ReturnType<typeof fakeWebSocket>;
  /** Scheduler times at which sockets were created (one per attempt). */
  attempts: number[];
  /** Sockets emitted by reconnect(), with the time. */
  opened: Array<[number, RxWebSocket]>;
  states: ConnectionState[];
  end: { error?: unknown; complete?: number };
  subscription: Subscription;
  /** Runs `action` at an absolute scheduler time (before anything else scheduled for that time). */
  at(time: number, action: () => void): void;
  /** Runs `action` on the `index`th socket `delay` ms after it was created. */
  on(index: number, delay: number, action: (socket: FakeWebSocket) => void): void;
}

const HORIZON = 1_000_000;

/** How a run ended: completed at a time, or errored with an error of this name. */
type RunEnd = { complete: number } | { error: string };

/** Runs `body` in virtual time with fromWebSocket(fake).pipe(reconnect(options)) subscribed at 0. */
function virtual(
  options: ReconnectOptions,
  body: (run: Run) => void,
  source?: (WebSocket: WebSocketConstructorLike) => Observable<RxWebSocket>,
  runtime: 'browser' | 'ws' = 'browser',
): Run {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  let run: Run | undefined;
  scheduler.run(({ flush }) => {
    const fake = fakeWebSocket({ runtime });
    const attempts: number[] = [];
    const scripts = new Map<number, Array<[number, (socket: FakeWebSocket) => void]>>();
    const Counting = class extends fake.WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        attempts.push(scheduler.now());
        const socket = fake.last;
        for (const [delay, action] of scripts.get(attempts.length - 1) ?? []) {
          scheduler.schedule(() => action(socket), delay);
        }
      }
    };
    const states: ConnectionState[] = [];
    const opened: Array<[number, RxWebSocket]> = [];
    const end: Run['end'] = {};
    const stream = (source?.(Counting) ?? fromWebSocket({ url: 'ws://test', WebSocket: Counting })).pipe(
      reconnect({
        environment: null,
        jitter: 0,
        initialDelay: 1000,
        ...options,
        onState: (s) => {
          states.push(s);
          options.onState?.(s);
        },
      }),
    );
    let subscription: Subscription | undefined;
    run = {
      scheduler,
      fake,
      attempts,
      opened,
      states,
      end,
      get subscription() {
        return subscription as Subscription;
      },
      at: (time, action) => {
        scheduler.schedule(action, time - scheduler.now());
      },
      on: (index, delay, action) => {
        const list = scripts.get(index) ?? [];
        list.push([delay, action]);
        scripts.set(index, list);
      },
    };
    // The script first: the first socket is created during subscribe.
    body(run);
    subscription = stream.subscribe({
      next: (socket) => opened.push([scheduler.now(), socket]),
      error: (error: unknown) => {
        end.error = error;
      },
      complete: () => {
        end.complete = scheduler.now();
      },
    });
    // A horizon, so that a test whose last attempt never opens still ends.
    scheduler.schedule(() => subscription?.unsubscribe(), HORIZON);
    flush();
  });
  return run as unknown as Run;
}

const socketAt = (run: Run, index: number) => run.fake.sockets[index] as FakeWebSocket;

describe('reconnect() backoff', () => {
  it('waits up to 2 s (full jitter) before the first retry by default', () => {
    for (const [random, expected] of [
      [0, 2000],
      [0.5, 1000],
      [0.75, 500],
    ] as const) {
      const defaults = { initialDelay: undefined, jitter: undefined } as unknown as ReconnectOptions;
      const run = virtual({ ...defaults, random: () => random }, (r) => {
        r.on(0, 0, (s) => s.fail());
        r.on(1, 0, (s) => s.open());
      });
      expect(run.attempts).toEqual([0, expected]);
    }
  });

  it('reconnects after an abnormal close, after the backoff delay, with exactly one new socket', () => {
    const run = virtual({}, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 100, (s) => s.serverClose(1006, '', false));
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 1100]);
    expect(run.opened.map(([t]) => t)).toEqual([0, 1100]);
    expect(run.fake.sockets).toHaveLength(2);
  });

  it('grows the delay while attempts keep failing: 1 s, 2 s, 4 s, 8 s', () => {
    const run = virtual({}, (r) => {
      for (const i of [0, 1, 2, 3]) r.on(i, 0, (s) => s.fail());
      r.on(4, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 1000, 3000, 7000, 15000]);
    expect(run.opened).toHaveLength(1);
  });

  it('draws jitter from the injected random source on each attempt', () => {
    const draws = [0.5, 0.75];
    const run = virtual({ jitter: 1, random: () => draws.shift() ?? 0 }, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.on(1, 0, (s) => s.fail());
      r.on(2, 0, (s) => s.open());
    });
    // 1000 * (1 - 0.5) = 500, then 2000 * (1 - 0.75) = 500
    expect(run.attempts).toEqual([0, 500, 1000]);
  });

  it('takes a custom backoff function, and stops when it says so', () => {
    const run = virtual({ backoff: (n) => (n < 3 ? n * 10 : 'stop') }, (r) => {
      for (const i of [0, 1, 2]) r.on(i, 0, (s) => s.fail());
    });
    expect(run.attempts).toEqual([0, 10, 30]);
    expect(run.end.error).toMatchObject({ name: 'WebSocketCloseError' });
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'policy' });
  });

  it('gives up after maxAttempts with ReconnectStoppedError carrying the last error', () => {
    const run = virtual({ maxAttempts: 2, initialDelay: 10 }, (r) => {
      for (const i of [0, 1, 2]) r.on(i, 0, (s) => s.fail());
    });
    expect(run.attempts).toEqual([0, 10, 30]);
    expect(run.end.error).toBeInstanceOf(ReconnectStoppedError);
    expect(run.end.error).toMatchObject({ attempts: 2, cause: { name: 'WebSocketCloseError', code: 1006 } });
    // Three sockets, two of them reconnections: the message counts what maxAttempts counts, and says so.
    expect((run.end.error as Error).message).toContain('2 reconnection attempts in a row that failed');
    expect((run.end.error as Error).message).toContain('the first connection is not counted');
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'max-attempts' });
  });

  it('counts connections that opened but closed before minUptime, and its message says so', () => {
    const run = virtual({ maxAttempts: 2, initialDelay: 10, minUptime: 100 }, (r) => {
      for (const i of [0, 1, 2]) {
        r.on(i, 0, (s) => s.open());
        r.on(i, 50, (s) => s.serverClose(1011, 'oops'));
      }
    });
    expect(run.opened).toHaveLength(3);
    expect(run.end.error).toBeInstanceOf(ReconnectStoppedError);
    expect((run.end.error as Error).message).toContain('that failed or closed before minUptime');
  });

  it('resets the attempt count only after a connection stayed up minUptime', () => {
    const run = virtual({ minUptime: 5000 }, (r) => {
      for (const i of [0, 1, 2, 3]) r.on(i, 0, (s) => s.open());
      r.on(0, 100, (s) => s.serverClose(1006, '', false)); // up 100 ms: counts as a failure, delay 1 s
      r.on(1, 100, (s) => s.serverClose(1006, '', false)); // up 100 ms again: delay 2 s
      r.on(2, 6000, (s) => s.serverClose(1006, '', false)); // up 6 s: reset, delay 1 s
    });
    expect(run.attempts).toEqual([0, 1100, 3200, 10200]);
  });

  it('keeps growing the backoff for a flapping server that closes right after accepting', () => {
    const run = virtual({ maxDelay: 8000 }, (r) => {
      for (let i = 0; i < 6; i++) {
        r.on(i, 0, (s) => s.open());
        r.on(i, 1, (s) => s.serverClose(1012, 'restart', true));
      }
    });
    const gaps = run.attempts.slice(1, 6).map((t, i) => t - (run.attempts[i] as number) - 1);
    expect(gaps).toEqual([1000, 2000, 4000, 8000, 8000]);
  });
});

describe('reconnect() connection timeout', () => {
  it('abandons a handshake that hangs, closes that socket, retries, and never uses its late open', () => {
    const run = virtual({ connectionTimeout: 3000, initialDelay: 1000 }, (r) => {
      r.on(0, 3500, (s) => s.open()); // the abandoned socket opens late
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 4000]);
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    expect(run.opened.map(([t]) => t)).toEqual([4000]);
    expect(run.states).toContainEqual(
      expect.objectContaining({ status: 'reconnecting', attempt: 1, reason: expect.any(ConnectionTimeoutError) }),
    );
  });
});

describe('reconnect() close-code policy', () => {
  const endWith = (code: number, options: ReconnectOptions = {}) =>
    virtual(options, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 10, (s) => s.serverClose(code, 'why', code !== 1006));
      r.on(1, 0, (s) => s.open());
    });

  it.each([1001, 1005, 1006, 1011, 1012])('reconnects after %d', (code) => {
    expect(endWith(code).attempts).toHaveLength(2);
  });

  it.each([1000, 1002, 1003, 1007, 1008, 1009, 1010, 4000, 4999])('does not reconnect after %d', (code) => {
    const run = endWith(code);
    expect(run.attempts).toHaveLength(1);
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'policy', lastClose: { code } });
    expect(run.end.complete).toBe(10); // a clean close ends the stream without an error
  });

  it('waits maxDelay after 1013 (try again later)', () => {
    const run = endWith(1013, { maxDelay: 20000 });
    expect(run.attempts).toEqual([0, 20010]);
  });

  it('lets the app reconnect after its own codes with shouldReconnect', () => {
    const run = endWith(4001, { shouldReconnect: (r) => closeCodeOf(r) === 4001 || defaultShouldReconnect(r) });
    expect(run.attempts).toEqual([0, 1010]);
  });

  // However the close then ends: the server's answer, a dropped link, a close with the server's own code, no answer
  // at all (the heartbeat then finds the link dead); on a browser's socket and on ws's. The clean ends complete; the
  // others error, as rxjs's subject does.
  const endings: Array<[string, (socket: FakeWebSocket) => void, RunEnd]> = [
    ['the handshake completes', (s) => s.finishClose(), { complete: 11 }],
    ['the link drops (1006)', (s) => s.serverClose(1006, '', false), { error: 'WebSocketCloseError' }],
    ['the socket reports an error', (s) => s.fail(), { error: 'WebSocketCloseError' }],
    ["the server's close (1012) crosses it", (s) => s.serverClose(1012, 'restart'), { complete: 11 }],
    ['nothing answers', () => {}, { error: 'HeartbeatTimeoutError' }],
  ];
  describe.each(['browser', 'ws'] as const)("after the app's own close() (%s socket)", (runtime) => {
    it.each(endings)('never reconnects when %s', (_, ending, expected) => {
      const run = virtual(
        { initialDelay: 100, heartbeat: { interval: 8, timeout: 20, ping: 'ping', isPong: (d) => d === 'pong' } },
        (r) => {
          r.on(0, 0, (s) => s.open());
          r.at(10, () => {
            const [, socket] = r.opened[0] as [number, RxWebSocket];
            socket.close(4001, 'bye');
          });
          r.on(0, 11, ending);
        },
        undefined,
        runtime,
      );
      expect(run.attempts).toHaveLength(1);
      expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'client' });
      if ('complete' in expected) expect(run.end).toEqual(expected);
      else expect(run.end.error).toMatchObject({ name: expected.error });
      // A browser's socket that gets no answer stays closing until the browser gives up; ws's is terminated.
      const unanswered = runtime === 'browser' && 'error' in expected && expected.error === 'HeartbeatTimeoutError';
      expect(run.fake.last.readyState).toBe(unanswered ? 2 : 3);
      expect(run.scheduler.actions).toHaveLength(0);
    });
  });

  it('does not retry bad input: an invalid URL errors at once', () => {
    const run = virtual(
      {},
      () => {},
      (WebSocket) => fromWebSocket({ url: 'ftp://nope', WebSocket }),
    );
    expect(run.end.error).toMatchObject({ name: 'SyntaxError' });
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'error' });
  });
});

describe('reconnect() url and protocols functions', () => {
  it('calls them for each attempt, and goes on with backoff when one throws', () => {
    let calls = 0;
    const run = virtual(
      { initialDelay: 100 },
      (r) => {
        r.on(0, 0, (s) => s.fail());
        r.on(1, 0, (s) => s.open());
      },
      (WebSocket) =>
        fromWebSocket({
          url: () => {
            calls++;
            if (calls === 2) throw new Error('token service down');
            return `ws://test/?token=t${calls}`;
          },
          protocols: () => ['v1'],
          WebSocket,
        }),
    );
    expect(calls).toBe(3);
    expect(run.attempts).toEqual([0, 300]); // 100 ms, then the provider fails, then 200 ms
    expect(run.fake.sockets.map((s) => s.url)).toEqual(['ws://test/?token=t1', 'ws://test/?token=t3']);
    expect(run.states).toContainEqual(
      expect.objectContaining({ status: 'reconnecting', reason: expect.any(ProviderError) }),
    );
    expect(run.opened).toHaveLength(1);
  });
});

describe('reconnect() online and visibility', () => {
  it('makes no attempt while offline, and one at once on online', () => {
    const environment = new FakeEnvironment();
    environment.online = false;
    const run = virtual({ environment }, (r) => {
      r.at(5000, () => environment.emit('online'));
      r.on(0, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([5000]);
    expect(run.states[0]).toMatchObject({ status: 'reconnecting', offline: true, delay: Number.POSITIVE_INFINITY });
  });

  it('says offline at once when the connection drops while the device is offline, and attempts when it is back', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment, initialDelay: 10000, jitter: 0 }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 100, (s) => {
        environment.online = false; // the device went offline, and its connection with it
        s.serverClose(1006, '', false);
      });
      r.at(20000, () => {
        environment.online = true;
        environment.emit('online');
      });
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 20000]);
    const waits = run.states.filter((state) => state.status === 'reconnecting');
    expect(waits).toEqual([expect.objectContaining({ offline: true, delay: Number.POSITIVE_INFINITY })]);
  });

  it('attempts at once when the network comes back during the backoff', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment, initialDelay: 10000, jitter: 0 }, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.at(2000, () => environment.emit('online'));
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 2000]);
  });

  it('attempts at once when a hidden page becomes visible after an unclean close', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment, initialDelay: 10000 }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 100, (s) => s.serverClose(1006, '', false));
      r.at(3000, () => environment.emit('visible'));
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 3000]);
  });

  it('waits out the backoff when the page becomes visible after a clean close', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment, initialDelay: 10000 }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 100, (s) => s.serverClose(1001, 'going away', true));
      r.at(3000, () => environment.emit('visible'));
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 10100]);
  });

  it('never starts a second attempt while one is in flight', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment }, (r) => {
      r.at(10, () => environment.emit('online'));
      r.at(20, () => environment.emit('visible'));
      r.on(0, 30, (s) => s.open());
    });
    expect(run.attempts).toEqual([0]);
  });

  it('stops listening when unsubscribed', () => {
    const environment = new FakeEnvironment();
    const run = virtual({ environment }, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.at(10, () => r.subscription.unsubscribe());
    });
    expect(environment.listeners).toBe(0);
    expect(run.attempts).toEqual([0]);
  });
});

describe('reconnect() heartbeat', () => {
  const heartbeat = { interval: 1000, timeout: 500, ping: 'ping', isPong: (d: unknown) => d === 'pong' };

  it('pings every interval and keeps a connection whose pongs arrive', () => {
    const run = virtual({ heartbeat }, (r) => {
      r.on(0, 0, (s) => s.open());
      for (const t of [1010, 2010, 3010]) r.on(0, t, (s) => s.receive('pong'));
      r.at(3500, () => r.subscription.unsubscribe());
    });
    expect(socketAt(run, 0).sent).toEqual(['ping', 'ping', 'ping']);
    expect(run.attempts).toHaveLength(1);
  });

  it('discards a half-open connection within interval + timeout, without waiting for a close event, and reconnects', () => {
    const run = virtual({ heartbeat, initialDelay: 100 }, (r) => {
      r.on(0, 0, (s) => s.open()); // then no pong ever, and no close event ever
      r.on(1, 0, (s) => s.open());
      r.at(1700, () => r.subscription.unsubscribe());
    });
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    expect(socketAt(run, 0).readyState).toBe(2); // still CLOSING: no close event came, none was awaited
    expect(run.attempts[1]).toBe(1500 + 100);
    expect(run.states).toContainEqual(
      expect.objectContaining({ status: 'reconnecting', reason: expect.any(HeartbeatTimeoutError) }),
    );
  });

  it('terminates a dead link at once where the runtime can (ws), so its socket closes with 1006 now', () => {
    const run = virtual(
      { heartbeat, initialDelay: 100 },
      (r) => {
        r.on(0, 0, (s) => s.open()); // then no pong ever
        r.on(1, 0, (s) => s.open());
        r.at(1700, () => r.subscription.unsubscribe());
      },
      undefined,
      'ws',
    );
    expect(socketAt(run, 0).terminated).toBe(true);
    expect(socketAt(run, 0).readyState).toBe(3);
    // No close frame first: a server would read 1000 as a deliberate goodbye, not a dead link.
    expect(socketAt(run, 0).closeCalls).toEqual([]);
    expect(run.attempts[1]).toBe(1500 + 100);
    // The reason is the missed pong, not the 1006 close that dropping the link causes.
    expect(run.states).toContainEqual(
      expect.objectContaining({ status: 'reconnecting', reason: expect.any(HeartbeatTimeoutError) }),
    );
  });

  it('raises no alarm when the pong arrives late in wall time but within the timeout on the clock', () => {
    const run = virtual({ heartbeat }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 1499, (s) => s.receive('pong')); // 499 ms after the ping at 1000: in time
      r.on(0, 2400, (s) => s.receive('pong'));
      r.at(2600, () => r.subscription.unsubscribe());
    });
    expect(run.attempts).toHaveLength(1);
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]); // only the unsubscribe
  });
});

describe('reconnect() reconnectNow', () => {
  it('ends a wait at once, with the attempt count back at 0 (the next wait is the first one again)', () => {
    const now = new Subject<void>();
    const run = virtual({ reconnectNow: now, initialDelay: 1000 }, (r) => {
      r.on(0, 0, (s) => s.fail()); // waits 1000
      r.on(1, 0, (s) => s.fail()); // at 1000: waits 2000
      r.at(1500, () => now.next());
      r.on(2, 0, (s) => s.fail()); // at 1500: waits 1000 again, not 4000
      r.on(3, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 1000, 1500, 2500]);
    expect(run.states.filter((s) => s.status === 'connecting')).toEqual([
      { status: 'connecting', attempt: 0 },
      { status: 'connecting', attempt: 1 },
      { status: 'connecting', attempt: 0 },
      { status: 'connecting', attempt: 1 },
    ]);
    expect(run.opened.map(([t]) => t)).toEqual([2500]);
  });

  it('closes an open socket with 1000 and opens the next at once; that close is not a reason to reconnect again', () => {
    const now = new Subject<void>();
    const run = virtual({ reconnectNow: now }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(100, () => now.next());
      r.on(0, 150, (s) => s.finishClose()); // the server answers the old socket's close later
      r.on(1, 0, (s) => s.open());
    });
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    expect(socketAt(run, 0).readyState).toBe(3);
    expect(run.attempts).toEqual([0, 100]);
    expect(run.opened.map(([t, socket]) => [t, socket.url])).toEqual([
      [0, 'ws://test/'],
      [100, 'ws://test/'],
    ]);
    expect(run.opened[0]?.[1]).not.toBe(run.opened[1]?.[1]);
    expect(run.states.map((s) => s.status)).toEqual(['connecting', 'open', 'connecting', 'open', 'closed']);
  });

  it("closes an open socket with a value's { code, reason }, as partysocket's reconnect(code, reason), then opens the next", () => {
    const now = new Subject<{ code: number; reason?: string }>();
    const run = virtual({ reconnectNow: now }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(100, () => now.next({ code: 4000, reason: 'token refresh' }));
      r.on(1, 0, (s) => s.open());
      r.at(200, () => now.next({ code: 3001 })); // a code alone
      r.on(2, 0, (s) => s.open());
    });
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 4000, reason: 'token refresh' }]);
    expect(socketAt(run, 1).closeCalls).toEqual([{ code: 3001, reason: '' }]);
    expect(run.attempts).toEqual([0, 100, 200]);
  });

  it('ends the stream with the standard DOMException for a code close() refuses, and closes nothing with it', () => {
    for (const [value, name] of [
      [{ code: 1001 }, 'InvalidAccessError'],
      [{ code: 4000, reason: 'x'.repeat(124) }, 'SyntaxError'],
    ] as const) {
      const now = new Subject<{ code: number; reason?: string }>();
      const run = virtual({ reconnectNow: now }, (r) => {
        r.on(0, 0, (s) => s.open());
        r.at(100, () => now.next(value));
      });
      expect(run.end.error).toMatchObject({ name });
      expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'error', error: { name } });
      expect(run.attempts).toEqual([0]);
      // The stream's end closes the socket as an unsubscribe does, with 1000, never with the refused code.
      expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    }
  });

  it('validates the code while it waits too, where no socket is open to close', () => {
    const now = new Subject<{ code: number }>();
    const run = virtual({ reconnectNow: now, initialDelay: 1000 }, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.at(500, () => now.next({ code: 2000 }));
    });
    expect(run.end.error).toMatchObject({ name: 'InvalidAccessError' });
    expect(run.attempts).toEqual([0]);
  });

  it('abandons a connecting socket for a new one, and never uses the old one if it opens late', () => {
    const now = new Subject<void>();
    const run = virtual({ reconnectNow: now, connectionTimeout: 3000 }, (r) => {
      r.at(200, () => now.next());
      r.on(0, 300, (s) => s.open());
      r.on(1, 50, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 200]);
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    expect(run.opened.map(([t]) => t)).toEqual([250]);
    // The abandoned attempt's connection timeout went with it.
    expect(run.states.some((s) => s.status === 'reconnecting')).toBe(false);
  });

  it('waits for the network while offline, as any attempt does', () => {
    const now = new Subject<void>();
    const environment = new FakeEnvironment();
    const run = virtual({ reconnectNow: now, environment }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(100, () => {
        environment.online = false;
        now.next();
      });
      r.at(900, () => {
        environment.online = true;
        environment.emit('online');
      });
      r.on(1, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0, 900]);
    expect(run.states).toContainEqual(expect.objectContaining({ status: 'reconnecting', offline: true }));
  });

  it("does nothing after the app's own close(), which stays final while its closing handshake runs", () => {
    const now = new Subject<void>();
    const run = virtual({ reconnectNow: now }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(10, () => r.opened[0]?.[1].close());
      r.at(20, () => now.next());
      r.on(0, 30, (s) => s.finishClose());
    });
    expect(run.attempts).toEqual([0]);
    expect(run.end).toEqual({ complete: 30 });
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'client' });
    expect(now.observed).toBe(false);
  });

  it('takes no value replayed at subscription (a BehaviorSubject) for a request to reconnect', () => {
    const run = virtual({ reconnectNow: new BehaviorSubject<void>(undefined) }, (r) => {
      r.on(0, 0, (s) => s.open());
    });
    expect(run.attempts).toEqual([0]);
    expect(run.states.map((s) => s.status)).toEqual(['connecting', 'open', 'closed']);
  });

  it.each([
    ['connecting (a retry)', [0, 1000], [1000]],
    ['reconnecting', [0, 0], [0]],
    ['open', [0, 0], [0]],
  ] as const)('keeps one attempt at a time when onState asks for it on %s', (when, attempts, openedAt) => {
    const now = new Subject<void>();
    const status = when.split(' ')[0];
    let asked = false;
    const run = virtual(
      {
        reconnectNow: now,
        onState: (state) => {
          if (state.status !== status || asked || (state.status === 'connecting' && state.attempt === 0)) return;
          asked = true;
          now.next();
        },
      },
      (r) => {
        if (status === 'open') r.on(0, 0, (s) => s.open());
        else r.on(0, 0, (s) => s.fail());
        r.on(1, 0, (s) => s.open());
      },
    );
    expect(run.attempts).toEqual(attempts);
    // One socket handed on: on open, the one reconnectNow dropped was not.
    expect(run.opened.map(([t]) => t)).toEqual(openedAt);
    expect(run.end.error).toBeUndefined();
  });

  it('lets go of the trigger when unsubscribed and when the stream ends; a value after the end does nothing', () => {
    const now = new Subject<void>();
    const run = virtual({ reconnectNow: now }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(10, () => r.subscription.unsubscribe());
      r.at(20, () => now.next());
    });
    expect(now.observed).toBe(false);
    expect(run.attempts).toEqual([0]);

    const ended = new Subject<void>();
    const stopped = virtual({ reconnectNow: ended, maxAttempts: 0 }, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.at(20, () => ended.next());
    });
    expect(stopped.end.error).toBeInstanceOf(ReconnectStoppedError);
    expect(ended.observed).toBe(false);
    expect(stopped.attempts).toEqual([0]);
  });

  it("ends the stream with the trigger's error, closing the socket", () => {
    const now = new Subject<void>();
    const failure = new Error('trigger failed');
    const run = virtual({ reconnectNow: now }, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(10, () => now.error(failure));
    });
    expect(run.end.error).toBe(failure);
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
    expect(run.states.at(-1)).toMatchObject({ status: 'closed', reason: 'error', error: failure });
  });
});

describe('reconnect() lifecycle', () => {
  it('reports every state in order', () => {
    const run = virtual({}, (r) => {
      r.on(0, 0, (s) => s.open());
      r.on(0, 10, (s) => s.serverClose(1006, '', false));
      r.on(1, 0, (s) => s.open());
      r.at(2000, () => r.subscription.unsubscribe());
    });
    expect(run.states.map((s) => s.status)).toEqual([
      'connecting',
      'open',
      'reconnecting',
      'connecting',
      'open',
      'closed',
    ]);
    expect(run.states[2]).toMatchObject({
      attempt: 1,
      delay: 1000,
      retryAt: 1010,
      lastClose: { code: 1006 },
      offline: false,
    });
    // The close before the connection that was open is no longer the last close.
    expect(run.states.at(-1)).toEqual({
      status: 'closed',
      reason: 'unsubscribed',
      lastClose: undefined,
      error: undefined,
    });
  });

  it('stops at once when unsubscribed during the backoff: no further attempt', () => {
    let pending = -1;
    const run = virtual({}, (r) => {
      r.on(0, 0, (s) => s.fail());
      r.at(500, () => r.subscription.unsubscribe());
      // Right after: nothing of reconnect() is left on the clock (only this test's horizon).
      r.at(501, () => {
        pending = r.scheduler.actions.filter((a) => (a as unknown as { delay: number }).delay < HORIZON).length;
      });
    });
    expect(run.attempts).toEqual([0]);
    expect(pending).toBe(0);
  });

  it('closes the socket with 1000 when unsubscribed while open', () => {
    const run = virtual({}, (r) => {
      r.on(0, 0, (s) => s.open());
      r.at(10, () => r.subscription.unsubscribe());
    });
    expect(socketAt(run, 0).closeCalls).toEqual([{ code: 1000, reason: '' }]);
  });

  it('never has two live sockets through 1000 rapid subscribe/unsubscribe toggles', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ flush }) => {
      const fake = fakeWebSocket();
      const stream = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).pipe(reconnect({ environment: null }));
      let maxLive = 0;
      for (let i = 0; i < 1000; i++) {
        const subscription = stream.subscribe();
        if (i % 3 === 0) fake.last.open();
        const live = fake.sockets.filter((s) => s.readyState < 2).length;
        maxLive = Math.max(maxLive, live);
        subscription.unsubscribe();
      }
      flush();
      expect(maxLive).toBe(1);
      expect(fake.sockets.filter((s) => s.readyState < 2)).toHaveLength(0);
      expect(fake.sockets.every((s) => s.closeCalls.length === 1)).toBe(true);
    });
  });

  it('rejects invalid options at the call, naming them', () => {
    for (const [options, option] of [
      [{ maxAttempts: -1 }, 'maxAttempts'],
      [{ maxAttempts: 1.5 }, 'maxAttempts'],
      [{ minUptime: Number.NaN }, 'minUptime'],
      [{ connectionTimeout: -5 }, 'connectionTimeout'],
      [{ initialDelay: Number.POSITIVE_INFINITY }, 'initialDelay'],
      [{ random: 0.5 }, 'random'],
      [{ heartbeat: { interval: 0, timeout: 1, ping: 'p', isPong: () => true } }, 'heartbeat.interval'],
      [{ heartbeat: { interval: 1, timeout: 1, ping: 'p', isPong: 'pong' } }, 'heartbeat.isPong'],
      [{ reconnectNow: 'now' }, 'reconnectNow'],
      [{ reconnectNow: null }, 'reconnectNow'],
    ] as const) {
      expect(() => reconnect(options as never)).toThrow(
        expect.objectContaining({ name: 'InvalidOptionError', option }),
      );
    }
  });

  it('takes its time from the scheduler it is given', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const fake = fakeWebSocket();
    const subscription = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket })
      .pipe(reconnect({ environment: null, scheduler, jitter: 0, initialDelay: 250 }))
      .subscribe();
    fake.last.fail();
    scheduler.schedule(() => subscription.unsubscribe(), 300);
    scheduler.flush();
    expect(scheduler.now()).toBe(300);
    expect(fake.sockets).toHaveLength(2);
  });
});
