// Every backpressure function in every closing state (issue 16, item 3: no unhandled rejections, no hangs).
//
// The socket closes: close() while CONNECTING, close() while OPEN with data buffered, the server's close frame
// with TCP left half-open (the socket stays CLOSING until the close event), or the connection drops (CLOSED). The
// function is called before that, or once the socket is closing, or its consumer leaves while it closes. Each time
// it must wait for the close event, end as its contract says (the close error, built from that event; or, for a
// clean close, receive()'s end and closeGracefully()'s event), release its source, and leave no timer, no
// subscription and no pending promise behind. Unhandled rejections and errors RxJS could not deliver fail the test.
import {
  CLOSING,
  closeGracefully,
  concatMapIncoming,
  RxWebSocket,
  receive,
  sendStream,
  type WebSocketData,
  whenDrained,
} from 'rx-websocket';
import { Observable, Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countSubscriptions } from '../../helpers/leftovers.js';
import { type Outcome, observe, observeNext, type Run } from '../../helpers/observe-run.js';
import { slowLink } from '../../helpers/slow-link.js';
import { settle, type UnhandledWatch, watchUnhandled } from '../../helpers/unhandled.js';

/** The highWaterMark of the sendStream cases that wait for room: below what an open socket has buffered. */
const HIGH = 100;
const BUFFERED = 150;
const CHUNK = 'c'.repeat(60);

interface World {
  readonly socket: RxWebSocket;
  readonly fake: ReturnType<typeof slowLink>['last'];
  readonly scheduler: TestScheduler;
  /** What sources wait for: opened once the socket is closing, so they produce while it closes. */
  readonly gate: Promise<void>;
  openGate(): void;
}

interface Closing {
  /** Whether the socket opens (with BUFFERED bytes on a stalled network) before it starts closing. */
  readonly opens: boolean;
  /** Whether `start` already delivers the close event. */
  readonly closesAtOnce: boolean;
  /** The socket starts closing. */
  start(world: World): void;
  /** The close event arrives (nothing when it already has). */
  finish(world: World): void;
  /** The close event's code and wasClean. */
  readonly code: number;
  readonly wasClean: boolean;
}

const closings: Array<[string, Closing]> = [
  [
    'close() while CONNECTING',
    {
      opens: false,
      closesAtOnce: false,
      start: ({ socket }) => socket.close(),
      finish: ({ fake }) => fake.finishClose(), // an unopened connection fails: error, then close 1006
      code: 1006,
      wasClean: false,
    },
  ],
  [
    'close() while OPEN with data buffered',
    {
      opens: true,
      closesAtOnce: false,
      start: ({ socket }) => socket.close(4000, 'bye'),
      finish: ({ fake }) => fake.finishClose(),
      code: 4000,
      wasClean: true,
    },
  ],
  [
    "the server's close frame, TCP left half-open",
    {
      opens: true,
      closesAtOnce: false,
      // What a runtime does on the server's close frame: CLOSING, with no event until the TCP connection ends.
      start: ({ fake }) => {
        fake.readyState = CLOSING;
      },
      finish: ({ fake }) => fake.serverClose(4001, 'going away'),
      code: 4001,
      wasClean: true,
    },
  ],
  [
    'the connection dropped (CLOSED)',
    {
      opens: true,
      closesAtOnce: true,
      start: ({ fake }) => fake.fail(),
      finish: () => {},
      code: 1006,
      wasClean: false,
    },
  ],
];

type Timing =
  | 'called before the socket starts closing'
  | 'called once it is closing or closed'
  | 'left by its consumer';
const timings: Timing[] = [
  'called before the socket starts closing',
  'called once it is closing or closed',
  'left by its consumer',
];

/** How a function ended: an Observable's error or completion (with its values), or an iterator's end. */
interface Driver {
  start(world: World): Run;
  /** How it ends on `closing`'s close event. */
  expected(closing: Closing): Outcome;
  /** What the consumer has once it left: nothing for an Observable; an iterator's pending `next()` settles as done. */
  readonly left?: Outcome;
  /** Combinations that do not exist, with why. */
  skip?(closing: Closing, timing: Timing): boolean;
}

const closeError = (closing: Closing) => ({
  error: expect.objectContaining({ name: 'WebSocketCloseError', code: closing.code, wasClean: closing.wasClean }),
});

/** Records whether `iterator.return()` was called (a generator that never started runs no `finally`). */
function watchReturn(iterator: { return?(value?: never): unknown }): () => boolean {
  let returned = false;
  const original = iterator.return?.bind(iterator);
  iterator.return = (value?: never) => {
    returned = true;
    return original?.(value);
  };
  return () => returned;
}

const sendToClose = (world: World, source: Parameters<typeof sendStream>[1], highWaterMark = HIGH) =>
  sendStream(world.socket, source, { highWaterMark, lowWaterMark: 0, scheduler: world.scheduler });

const drivers: Array<[string, Driver]> = [
  [
    'sendStream() from an async generator, waiting for room',
    {
      start(world) {
        async function* chunks(): AsyncGenerator<WebSocketData> {
          for (;;) yield CHUNK;
        }
        const source = chunks();
        return observe(sendToClose(world, source), watchReturn(source));
      },
      expected: closeError,
    },
  ],
  [
    'sendStream() from an async generator, waiting for the source',
    {
      start(world) {
        async function* chunks(): AsyncGenerator<WebSocketData> {
          for (;;) {
            await world.gate;
            yield CHUNK;
          }
        }
        const source = chunks();
        return observe(sendToClose(world, source, 10_000), watchReturn(source));
      },
      expected: closeError,
    },
  ],
  [
    'sendStream() from a ReadableStream, waiting for the source',
    {
      start(world) {
        let cancelled = false;
        const source = new ReadableStream<WebSocketData>(
          {
            pull: async (controller) => {
              await world.gate;
              controller.enqueue(CHUNK);
            },
            cancel: () => {
              cancelled = true;
            },
          },
          { highWaterMark: 0 },
        );
        return observe(sendToClose(world, source, 10_000), () => cancelled);
      },
      expected: closeError,
    },
  ],
  [
    'sendStream() from an Iterable, waiting for room',
    {
      start(world) {
        function* chunks(): Generator<WebSocketData> {
          for (;;) yield CHUNK;
        }
        const source = chunks();
        return observe(sendToClose(world, source), watchReturn(source));
      },
      expected: closeError,
    },
  ],
  [
    'sendStream() from an Observable, with a message queued for room',
    {
      start(world) {
        const source = new Subject<WebSocketData>();
        const run = observe(sendToClose(world, source), () => !source.observed);
        source.next(CHUNK);
        // The source cannot be paused: it goes on while the socket closes.
        void world.gate.then(() => {
          for (let i = 0; i < 3; i++) source.next(CHUNK);
        });
        return run;
      },
      expected: closeError,
    },
  ],
  [
    'whenDrained()',
    {
      start: (world) => observe(whenDrained(world.socket, 0, { scheduler: world.scheduler })),
      expected: closeError,
      // A CONNECTING socket has nothing buffered: whenDrained() emits 0 at once, before anything closes.
      skip: (closing, timing) => !closing.opens && timing !== 'called once it is closing or closed',
    },
  ],
  [
    'receive()',
    {
      start({ socket }) {
        return observeNext(receive(socket));
      },
      expected: (closing) => (closing.wasClean ? { done: true } : closeError(closing)),
      left: { done: true },
    },
  ],
  [
    'concatMapIncoming()',
    {
      start: ({ socket }) => observe(concatMapIncoming(socket, async (data) => data)),
      expected: (closing) => (closing.wasClean ? { complete: [] } : closeError(closing)),
    },
  ],
  [
    'closeGracefully()',
    {
      start: (world) => observe(closeGracefully(world.socket, { timeout: 60_000, scheduler: world.scheduler })),
      expected: (closing) => ({ complete: [expect.objectContaining({ type: 'close', code: closing.code })] }),
    },
  ],
];

function setUp(closing: Closing): World {
  const link = slowLink();
  const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
  const fake = link.last;
  if (closing.opens) {
    fake.open();
    socket.send('x'.repeat(BUFFERED)); // the network takes none of it until the world goes on
  }
  let openGate = () => {};
  const gate = new Promise<void>((resolve) => {
    openGate = resolve;
  });
  return { socket, fake, scheduler: new TestScheduler((a, b) => expect(a).toEqual(b)), gate, openGate };
}

/** Virtual time passes: pollers poll, timers fire; the network stays stalled. */
async function passTime(world: World, ms = 1000): Promise<void> {
  await settle();
  // A bounded flush: a timer that never stops must show up in `scheduler.actions`, not loop for ever.
  world.scheduler.maxFrames = world.scheduler.now() + ms;
  world.scheduler.flush();
  await settle();
}

/** The world goes on: the network drains, sources produce, time passes. */
async function goOn(world: World): Promise<void> {
  world.fake.drain();
  world.openGate();
  await passTime(world);
}

let unhandled: UnhandledWatch;
beforeEach(() => {
  unhandled = watchUnhandled();
});
afterEach(async () => {
  await unhandled.stop();
});

// A socket whose connection dropped has ended the function before its consumer could leave.
const cases = closings.flatMap(([name, closing]) =>
  timings
    .filter((timing) => !(timing === 'left by its consumer' && closing.closesAtOnce))
    .map((timing) => [name, timing, closing] as const),
);

describe.each(drivers)('%s', (_, driver) => {
  it.each(cases.filter(([, timing, closing]) => !driver.skip?.(closing, timing)))(
    'when %s, %s: waits for the close event, ends as it says, and leaves nothing',
    async (_name, timing, closing) => {
      const world = setUp(closing);
      const live = countSubscriptions(world.socket);
      let run: Run;
      if (timing === 'called once it is closing or closed') {
        closing.start(world);
        run = driver.start(world);
      } else {
        run = driver.start(world);
        closing.start(world);
      }
      await passTime(world, 100);
      if (timing === 'left by its consumer') {
        run.leave(); // while it polls a full buffer, or waits for its source
        await settle();
        expect(run.outcome).toEqual(driver.left);
        expect(run.released).toBe(true);
        expect(live()).toBe(0); // the socket is still closing: its streams are still open
        expect(world.scheduler.actions).toHaveLength(0);
      }
      await goOn(world);
      // Until the close event, how the socket ends (code, reason, wasClean) is not known.
      if (!closing.closesAtOnce && timing !== 'left by its consumer') expect(run.outcome).toBeUndefined();
      closing.finish(world);
      await goOn(world);

      expect(run.outcome).toEqual(timing === 'left by its consumer' ? driver.left : driver.expected(closing));
      expect(run.released).toBe(true);
      // The socket's streams all end with the close event; its timers do not: they must be gone.
      expect(world.scheduler.actions).toHaveLength(0);
      expect(await unhandled.stop()).toEqual([]);
    },
  );
});

describe('receive() and concatMapIncoming() when the consumer leaves', () => {
  it('receive() settles every pending next(), also concurrent ones', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const inbound = receive(socket);
    const results: unknown[] = [];
    for (let i = 0; i < 2; i++) void inbound.next().then((result) => results.push(result));
    await inbound.return?.();
    await settle();
    expect(results).toEqual([
      { value: undefined, done: true },
      { value: undefined, done: true },
    ]);
    expect(await unhandled.stop()).toEqual([]);
  });

  it('receive() delivers messages to concurrent next() calls in the order they were made', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const inbound = receive(socket);
    const results: unknown[] = [];
    for (let i = 0; i < 3; i++) void inbound.next().then((result) => results.push(result));
    link.last.receive('a');
    link.last.receive('b');
    link.last.serverClose();
    await settle();
    expect(results).toEqual([
      { value: 'a', done: false },
      { value: 'b', done: false },
      { value: undefined, done: true },
    ]);
  });

  it('concatMapIncoming() stops the work in progress', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    let working = 0;
    const work = () =>
      new Observable<never>(() => {
        working++;
        return () => working--;
      });
    const live = countSubscriptions(socket);
    const subscription = concatMapIncoming(socket, work).subscribe();
    link.last.receive('a');
    await settle();
    expect(working).toBe(1);
    subscription.unsubscribe();
    expect(working).toBe(0);
    await settle();
    expect(live()).toBe(0);
    expect(await unhandled.stop()).toEqual([]);
  });
});
