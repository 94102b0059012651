// Property test (fast-check): random interleavings of next(), multiplex() topics joined and left, opens, drops and
// time passing keep webSocket()'s control frames consistent with what the server was told, in virtual time. Checks
// throw short errors (not expect() on sockets, whose diffs are huge).
import fc from 'fast-check';
import { backpressure, reconnect, sendQueue, webSocket } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import type { Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { it } from 'vitest';
import { advancer } from '../helpers/advance.js';

type Frame = { type: 'msg'; n: number } | { type: 'sub' | 'unsub'; topic: number };

type Command =
  | { kind: 'next' }
  | { kind: 'join'; topic: number }
  | { kind: 'leave'; index: number }
  | { kind: 'open' }
  | { kind: 'drop' }
  | { kind: 'full'; full: boolean }
  | { kind: 'wait'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ kind: 'next' }),
  fc.nat(2).map<Command>((topic) => ({ kind: 'join', topic })),
  fc.nat(5).map<Command>((index) => ({ kind: 'leave', index })),
  fc.constant<Command>({ kind: 'open' }),
  fc.constant<Command>({ kind: 'drop' }),
  fc.boolean().map<Command>((full) => ({ kind: 'full', full })),
  fc.integer({ min: 0, max: 3000 }).map<Command>((ms) => ({ kind: 'wait', ms })),
);

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

// With a queue whose ttl drops what waited too long, messages may be lost (each reported on dropped$), but a topic's
// subscribe message never is. With backpressure, a socket that fills up ('full') leaves the rest of the queue waiting,
// for its drain or for the next connection.
const VARIANTS = [
  ['with the default queue', undefined, false],
  ['with a ttl', 2500, false],
  ['with backpressure', undefined, true],
] as const;

it.each(VARIANTS)(
  'multiplex() tells the server exactly the topics held, and next() sends in order, %s',
  (_, ttl, paced) => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
        const scheduler = new TestScheduler(() => {});
        const advance = advancer(scheduler);
        const fake = fakeWebSocket();
        const subject = webSocket<Frame>({
          url: 'ws://test',
          WebSocket: fake.WebSocket,
          scheduler,
          reconnect: reconnect({ scheduler, environment: null, initialDelay: 100, maxDelay: 1000, jitter: 0 }),
          ...(ttl === undefined ? {} : { queue: sendQueue({ ttl }) }),
          ...(paced ? { backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 0 }) } : {}),
        });
        subject.subscribe(); // holds the connection whatever the topics do
        const expired = new Set<string>();
        subject.dropped$.subscribe(({ data, reason }) => {
          check(reason === 'expired', `dropped for ${reason}`);
          expired.add(String(data));
        });
        const held: Array<{ topic: number; subscription: Subscription }> = [];
        let sent = 0;
        /** The first socket to open, and what the calls made before its open or while it was open should send on it. */
        let opened: FakeWebSocket | undefined;
        const first: Frame[] = [];
        const onFirst = (frame: Frame) => {
          if (!opened || (opened === fake.last && opened.readyState === 1)) first.push(frame);
        };
        const open = (socket: FakeWebSocket | undefined) => {
          if (socket?.readyState !== 0) return;
          socket.open();
          opened ??= socket;
        };
        for (const step of commands) {
          const socket = fake.sockets.at(-1);
          if (step.kind === 'next') {
            onFirst({ type: 'msg', n: sent });
            subject.next({ type: 'msg', n: sent++ });
          } else if (step.kind === 'join') {
            const { topic } = step;
            if (!held.some((each) => each.topic === topic)) onFirst({ type: 'sub', topic });
            const subscription = subject
              .multiplex(
                () => ({ type: 'sub', topic }),
                () => ({ type: 'unsub', topic }),
                (frame) => frame.type !== 'msg' && frame.topic === topic,
              )
              .subscribe();
            held.push({ topic, subscription });
          } else if (step.kind === 'leave') {
            const [left] = held.splice(step.index % Math.max(held.length, 1), 1);
            if (left && !held.some((each) => each.topic === left.topic)) onFirst({ type: 'unsub', topic: left.topic });
            left?.subscription.unsubscribe();
          } else if (step.kind === 'open') open(socket);
          else if (step.kind === 'drop') {
            if (socket?.readyState === 1) socket.serverClose(1006, '', false);
          } else if (step.kind === 'full') {
            if (socket) socket.bufferedAmount = step.full ? 1000 : 0;
          } else advance(step.ms);
        }
        // Then the link comes back and stays: the last socket opens (after the backoff, if one is due).
        for (let tries = 0; tries < 5 && fake.sockets.at(-1)?.readyState !== 1; tries++) {
          advance(2000);
          open(fake.sockets.at(-1));
        }
        const last = fake.last;
        check(last.readyState === 1, 'the last socket opened');
        last.bufferedAmount = 0; // and drains what it was given
        advance(2000);

        const frames = fake.sockets.map((socket) => socket.sent.map((data) => JSON.parse(String(data)) as Frame));
        // The first connection has nothing to subscribe again: it sends what the calls gave, in their order, as rxjs's
        // subject does (an auth message before a topic goes first). A socket that filled up and dropped sent only the
        // start of them.
        const text = (list: readonly Frame[]) => list.map((frame) => JSON.stringify(frame)).join();
        const onOpened = text((opened?.sent ?? []).map((data) => JSON.parse(String(data)) as Frame));
        const want = text(first);
        if (ttl === undefined && (paced ? !want.startsWith(onOpened) : onOpened !== want)) {
          check(false, `the first socket to open sent ${onOpened}, the calls gave ${want}`);
        }
        // Every message once, in the order of the calls, across the connections, but those the ttl dropped.
        const messages = frames.flat().flatMap((frame) => (frame.type === 'msg' ? [frame.n] : []));
        const kept = Array.from({ length: sent }, (_, n) => n).filter(
          (n) => !expired.has(JSON.stringify({ type: 'msg', n })),
        );
        check(messages.join() === kept.join(), `messages ${messages.join()}, expected ${kept.join()}`);
        // On each connection, a topic is subscribed before it is left, and never twice at once.
        for (const [index, connection] of frames.entries()) {
          const subscribed = new Set<number>();
          for (const frame of connection) {
            if (frame.type === 'sub') {
              check(!subscribed.has(frame.topic), `socket ${index}: topic ${frame.topic} subscribed twice`);
              subscribed.add(frame.topic);
            } else if (frame.type === 'unsub') {
              check(subscribed.delete(frame.topic), `socket ${index}: topic ${frame.topic} left before subscribed`);
            }
          }
          // The open connection holds exactly the topics that have local subscribers.
          if (connection === frames.at(-1)) {
            const wanted = [...new Set(held.map((each) => each.topic))].sort().join();
            check([...subscribed].sort().join() === wanted, `held ${wanted}, server has ${[...subscribed].join()}`);
          }
        }
        subject.unsubscribe();
      }),
      {
        // Interleavings that once broke an invariant, run every time before the random ones.
        examples: [
          // An unsubscribe frame queued behind a full socket that dropped went to the next connection.
          [
            [
              { kind: 'join', topic: 0 },
              { kind: 'open' },
              { kind: 'full', full: true },
              { kind: 'leave', index: 0 },
              { kind: 'drop' },
              { kind: 'open' },
            ],
          ],
        ],
        numRuns: Number(process.env.FC_RUNS ?? 300),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
  },
);
