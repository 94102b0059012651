import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import { HeartbeatTimeoutError, heartbeat, RxWebSocket, receive } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import type { SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

/** A TestScheduler whose clock can jump forward without any timer firing: a laptop waking from sleep. */
function sleepyScheduler(scheduler: TestScheduler) {
  scheduler.maxFrames = Number.POSITIVE_INFINITY; // outside run(), TestScheduler stops at frame 750
  let offset = 0;
  const clock: SchedulerLike = {
    now: () => scheduler.now() + offset,
    schedule: scheduler.schedule.bind(scheduler) as SchedulerLike['schedule'],
  };
  return { clock, sleep: (ms: number) => (offset += ms) };
}

const options = { interval: 1000, timeout: 500, ping: 'ping', isPong: (d: unknown) => d === 'pong' };

function setup() {
  const fake = fakeWebSocket();
  const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
  fake.last.open();
  return { socket, fake: fake.last };
}

describe('heartbeat()', () => {
  it('errors with HeartbeatTimeoutError at interval + timeout when no pong comes', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      const { socket } = setup();
      expectObservable(heartbeat(socket, options)).toBe('1500ms #', undefined, new HeartbeatTimeoutError(500));
    });
  });

  it('stays silent while pongs arrive, and completes when the socket closes', () => {
    const { socket, fake } = setup();
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      cold('1100ms a 999ms a 999ms c').subscribe((e) => (e === 'a' ? fake.receive('pong') : fake.serverClose()));
      expectObservable(heartbeat(socket, options)).toBe('3100ms |');
    });
    expect(fake.sent).toEqual(['ping', 'ping', 'ping']);
  });

  it('detects a dead link after a clock jump, on the next timer, without waiting for more timers', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const { clock, sleep } = sleepyScheduler(scheduler);
    const { socket } = setup();
    const errors: Array<[number, unknown]> = [];
    heartbeat(socket, { ...options, scheduler: clock }).subscribe({ error: (e) => errors.push([scheduler.now(), e]) });
    scheduler.schedule(() => sleep(60_000), 1100); // asleep right after the ping of 1000
    scheduler.flush();
    expect(errors).toHaveLength(1);
    const [at, error] = errors[0] as [number, HeartbeatTimeoutError];
    expect(at).toBe(1500);
    expect(error.waited).toBe(60_500);
  });

  it('raises no false alarm when the clock jumps after the pong arrived', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    const { clock, sleep } = sleepyScheduler(scheduler);
    const { socket, fake } = setup();
    const errors: unknown[] = [];
    const subscription = heartbeat(socket, { ...options, scheduler: clock }).subscribe({
      error: (e) => errors.push(e),
    });
    scheduler.schedule(() => fake.receive('pong'), 1050);
    scheduler.schedule(() => sleep(60_000), 1100);
    scheduler.schedule(() => fake.receive('pong'), 2050);
    scheduler.schedule(() => subscription.unsubscribe(), 2600);
    scheduler.flush();
    expect(errors).toEqual([]);
  });

  it('sends a ping made by a function, and none while the socket is not OPEN', () => {
    const fake = fakeWebSocket();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
    let n = 0;
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold }) => {
      const subscription = heartbeat(socket, { ...options, ping: () => `ping ${++n}`, isPong: () => true }).subscribe();
      cold('1500ms o 600ms u').subscribe((e) => (e === 'o' ? fake.last.open() : subscription.unsubscribe()));
    });
    expect(fake.last.sent).toEqual(['ping 1']); // the tick at 1000 found it CONNECTING; the one at 2000 pinged
  });
});

describe('heartbeat() over a long-lived connection', () => {
  // gc() for this test only: the flag exposes it to contexts made after it is set.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  it('keeps only the current ping timeout, not one finished timer per ping', async () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.maxFrames = 500 * 1000; // 500 pings (in virtual time, each rescheduled tick is a new action in a chain)
    const actions: WeakRef<object>[] = [];
    const recording: SchedulerLike = {
      now: () => scheduler.now(),
      schedule: ((work: never, delay?: number, state?: never) => {
        const action = scheduler.schedule(work, delay, state);
        actions.push(new WeakRef(action));
        return action;
      }) as SchedulerLike['schedule'],
    };
    const { socket, fake } = setup();
    const send = fake.send.bind(fake);
    fake.send = (data) => {
      send(data);
      if (data === 'ping') fake.receive('pong'); // a healthy server answers at once
    };
    const subscription = heartbeat(socket, { ...options, scheduler: recording }).subscribe();
    scheduler.flush(); // 500 pings, each answered
    expect(fake.sent.length).toBeGreaterThanOrEqual(499);
    // WeakRefs hold their targets until the current job ends.
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
    // The repeating ping action and the current timeout; not 500 spent timeouts.
    expect(actions.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(2);
    subscription.unsubscribe();
  });
});

describe('heartbeat() beside inbound backpressure', () => {
  /**
   * A `ws` socket under the heartbeat and `receive()`: the ping goes at 1000; at 1200 the app's consumer falls behind
   * and reads are paused, until it catches up at 4200 and reads resume.
   */
  function pausedFrom1200To4200() {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.maxFrames = 10_000;
    const fake = fakeWebSocket({ runtime: 'ws' });
    const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
    fake.last.open();
    const errors: Array<[number, unknown]> = [];
    const beat = heartbeat(socket, { ...options, scheduler }).subscribe({
      error: (e) => errors.push([scheduler.now(), e]),
    });
    const inbound = receive(socket, { highWaterMark: 2048, lowWaterMark: 1024 });
    scheduler.schedule(() => {
      for (let i = 0; i < 3; i++) fake.last.receive('x'.repeat(1024));
    }, 1200);
    scheduler.schedule(() => {
      expect(inbound.paused).toBe(true);
      for (let i = 0; i < 3; i++) void inbound.next();
    }, 4200);
    return { scheduler, fake, errors, beat, inbound };
  }

  it('does not count the time reads are paused: the pong waits behind unread data, and the wait starts over', () => {
    const { scheduler, fake, errors, beat, inbound } = pausedFrom1200To4200();
    scheduler.schedule(() => fake.last.receive('pong'), 4300); // behind the data, the pong
    scheduler.schedule(() => {
      beat.unsubscribe();
      void inbound.return?.();
    }, 5100);
    scheduler.flush();
    expect(fake.last.paused).toBe(false);
    expect(errors).toEqual([]);
  });

  it('still finds a dead link once reads have resumed', () => {
    const { scheduler, errors } = pausedFrom1200To4200();
    scheduler.flush();
    // The wait for the pong of 1000 restarts while paused, and runs out 500 ms after reads resume at the latest.
    expect(errors).toHaveLength(1);
    const [at, error] = errors[0] as [number, unknown];
    expect(error).toBeInstanceOf(HeartbeatTimeoutError);
    expect(at).toBeGreaterThan(4200);
    expect(at).toBeLessThanOrEqual(4200 + 500 + 500);
  });
});
