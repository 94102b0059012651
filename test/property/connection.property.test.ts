// Property tests (fast-check): random interleavings of subscribe, unsubscribe, send, server open and
// close, client close, reconnectNow and time passing keep connection()'s invariants, in virtual time. Checks throw short
// errors (not expect() on scheduler or socket objects, whose diffs are huge).
import fc from 'fast-check';
import { backpressure, type ConnectionState } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { Subject, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { expect, it } from 'vitest';
import { advancer } from '../helpers/advance.js';
import { connection } from '../helpers/connection.js';

type Command =
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe'; index: number }
  | { kind: 'send' }
  | { kind: 'open' }
  | { kind: 'serverClose'; code: number }
  | { kind: 'clientClose' }
  | { kind: 'closeAfterQueue' }
  | { kind: 'full'; full: boolean }
  | { kind: 'ackClose' }
  | { kind: 'pong' }
  | { kind: 'drop'; index: number }
  | { kind: 'reconnectNow' }
  | { kind: 'wait'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.constant<Command>({ kind: 'subscribe' }),
  fc.nat(5).map<Command>((index) => ({ kind: 'unsubscribe', index })),
  fc.constant<Command>({ kind: 'send' }),
  fc.constant<Command>({ kind: 'send' }),
  fc.constant<Command>({ kind: 'open' }),
  fc.constantFrom(1000, 1001, 1006, 1011, 1012, 4000).map<Command>((code) => ({ kind: 'serverClose', code })),
  fc.constant<Command>({ kind: 'clientClose' }),
  fc.constant<Command>({ kind: 'closeAfterQueue' }),
  // The socket fills up or drains: only backpressure() reads it.
  fc.boolean().map<Command>((full) => ({ kind: 'full', full })),
  fc.constant<Command>({ kind: 'ackClose' }),
  fc.constant<Command>({ kind: 'pong' }),
  // Any socket, an old one still closing included, loses its link.
  fc.nat(5).map<Command>((index) => ({ kind: 'drop', index })),
  fc.constant<Command>({ kind: 'reconnectNow' }),
  fc.integer({ min: 0, max: 3000 }).map<Command>((ms) => ({ kind: 'wait', ms })),
);

type Status = ConnectionState['status'];
const LEGAL: Record<Status, readonly Status[]> = {
  closed: ['connecting', 'reconnecting'],
  // connecting -> connecting: reconnectNow abandons an attempt for a new one.
  connecting: ['open', 'reconnecting', 'closed', 'connecting'],
  // open -> connecting: a subscribe after close() starts a new connection while the old one closes (as rxjs does).
  open: ['reconnecting', 'closed', 'connecting'],
  reconnecting: ['connecting', 'reconnecting', 'closed'],
};

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}
const live = (sockets: readonly FakeWebSocket[]) => sockets.filter((s) => s.readyState < 2).length;

// With a heartbeat too (whose pings the server answers only when told), on a browser's socket and on ws's (which a
// missed pong terminates); and with backpressure(), which holds the queue while the socket is full.
const VARIANTS = [
  ['without a heartbeat', 'browser', false, false],
  ['with a heartbeat, on a browser socket', 'browser', true, false],
  ['with a heartbeat, on a ws socket', 'ws', true, false],
  ['with backpressure', 'browser', false, true],
] as const;

it.each(VARIANTS)(
  'connection() keeps its invariants under random interleavings %s',
  (_, runtime, beats, paced) => {
    fc.assert(
      fc.property(
        fc.array(command, { maxLength: 40 }),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (commands, draw) => {
          const scheduler = new TestScheduler(() => {});
          /** Runs what is due within `ms` of virtual time. */
          const advance = advancer(scheduler);
          const fake = fakeWebSocket({ runtime });
          const now = new Subject<void>();
          const conn = connection({
            reconnectNow: now,
            url: 'ws://test',
            WebSocket: fake.WebSocket,
            environment: null,
            scheduler,
            random: () => draw,
            initialDelay: 100,
            maxDelay: 1000,
            connectionTimeout: 2000,
            shouldReconnect: () => true,
            ...(beats ? { heartbeat: { interval: 500, timeout: 300, ping: 'ping', isPong: (d) => d === 'pong' } } : {}),
            ...(paced ? { backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 0 }) } : {}),
          });
          const delivered = () => fake.sockets.flatMap((s) => s.sent).filter((m) => m !== 'ping');
          const states: Status[] = [];
          conn.state$.subscribe((s) => states.push(s.status));
          const subscriptions: Subscription[] = [];
          let sent = 0;

          for (const step of commands) {
            if (step.kind === 'subscribe') subscriptions.push(conn.data$.subscribe({ error: () => {} }));
            else if (step.kind === 'unsubscribe') {
              subscriptions.splice(step.index % Math.max(1, subscriptions.length), 1)[0]?.unsubscribe();
            } else if (step.kind === 'send') conn.send(`m${sent++}`);
            else if (step.kind === 'open') {
              const socket = fake.sockets.at(-1);
              if (socket?.readyState === 0) socket.open();
            } else if (step.kind === 'serverClose') {
              const socket = fake.sockets.at(-1);
              if (socket && socket.readyState < 3) socket.serverClose(step.code, '', step.code !== 1006);
            } else if (step.kind === 'drop') {
              const socket = fake.sockets[step.index % Math.max(1, fake.sockets.length)];
              if (socket && socket.readyState < 3) socket.serverClose(1006, '', false);
            } else if (step.kind === 'pong') {
              const socket = fake.sockets.at(-1);
              if (socket?.readyState === 1) socket.receive('pong');
            } else if (step.kind === 'reconnectNow') now.next();
            else if (step.kind === 'clientClose') conn.close();
            else if (step.kind === 'closeAfterQueue') {
              const open = conn.socket?.readyState === 1;
              conn.closeAfterQueue();
              // An open socket sends what waited before the call, full or not, then closes.
              if (open) check(delivered().length === sent, 'complete() left queued messages behind');
            } else if (step.kind === 'full') {
              const socket = fake.sockets.at(-1);
              if (socket) socket.bufferedAmount = step.full ? 1000 : 0;
            } else if (step.kind === 'ackClose') {
              for (const socket of fake.sockets) if (socket.readyState === 2) socket.finishClose();
            } else advance(step.ms);
            check(live(fake.sockets) <= 1, 'two live sockets at once');
          }

          // Closing handshakes complete (a runtime ends them by timeout at the latest); then a subscriber comes,
          // an attempt opens, and everything still queued must go out. Twice: a socket that a closeAfterQueue() made
          // while connecting closes as it opens, and the subscriber that came meanwhile ends with it.
          for (let round = 0; round < 2; round++) {
            for (const socket of fake.sockets) if (socket.readyState === 2) socket.finishClose();
            subscriptions.push(conn.data$.subscribe({ error: () => {} }));
            advance(5000);
            check(live(fake.sockets) <= 1, 'two live sockets at once');
            const last = fake.sockets.at(-1);
            if (last?.readyState === 0) last.open();
            if (last) last.bufferedAmount = 0; // and drains what it was given
            advance(1000);
          }
          const all = delivered();
          check(new Set(all).size === all.length, 'a message was delivered twice');
          if (conn.state.status === 'open') check(all.length === sent, `${sent - all.length} message(s) lost`);
          for (let i = 1; i < states.length; i++) {
            const [from, to] = [states[i - 1] as Status, states[i] as Status];
            check(LEGAL[from].includes(to), `illegal transition ${from} -> ${to}`);
          }

          // Leaving releases everything: sockets, listeners, timers.
          for (const subscription of subscriptions) subscription.unsubscribe();
          for (const socket of fake.sockets) if (socket.readyState === 2) socket.finishClose();
          advance(1_000_000);
          check(live(fake.sockets) === 0, 'a socket is still live');
          check(scheduler.actions.length === 0, 'a timer is still scheduled');
          check(!now.observed, 'reconnectNow is still subscribed');
          for (const socket of fake.sockets) check(socket.listenerCount() === 0, 'a listener is still attached');
        },
      ),
      {
        // Interleavings that once broke an invariant, run every time before the random ones.
        examples: [
          // complete() while connecting, then the connection timeout: reconnected, and the app's close was still
          // pending when the next socket opened, which it closed with what came after the call still queued.
          [[{ kind: 'subscribe' }, { kind: 'closeAfterQueue' }, { kind: 'send' }, { kind: 'wait', ms: 1500 }], 0],
          // complete() on a socket full under backpressure: what waited was left for the next connection.
          [
            [
              { kind: 'subscribe' },
              { kind: 'open' },
              { kind: 'full', full: true },
              { kind: 'send' },
              { kind: 'closeAfterQueue' },
            ],
            0,
          ],
          // The link drops while the app's close() waits for the server: the old connection reconnected beside the new.
          [[{ kind: 'subscribe' }, { kind: 'open' }, { kind: 'clientClose' }, { kind: 'serverClose', code: 1006 }], 0],
          // reconnectNow while the app's close() waits for the server: a new socket beside the next subscriber's.
          [[{ kind: 'subscribe' }, { kind: 'open' }, { kind: 'clientClose' }, { kind: 'reconnectNow' }], 0],
        ],
        numRuns: Number(process.env.FC_RUNS ?? 300),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
    expect(true).toBe(true);
  },
  60_000,
);
