// Property tests (fast-check): random interleavings of what an app and a server can do to an RxWebSocket keep the
// standard's rules, checked against a small model of the standard's state machine, on a browser's socket and on
// ws's. Checks throw short errors (not expect() on sockets, whose diffs are huge).
import fc from 'fast-check';
import { type DroppedMessage, RxWebSocket } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import type { Subscription } from 'rxjs';
import { describe, expect, it } from 'vitest';

type Command =
  | { kind: 'send'; text: string }
  | { kind: 'next'; text: string }
  | { kind: 'close'; code?: number; reason?: string }
  | { kind: 'open' }
  | { kind: 'receive'; text: string }
  | { kind: 'serverClose'; code: number; clean: boolean }
  | { kind: 'fail' }
  | { kind: 'finishClose' }
  | { kind: 'subscribe' }
  | { kind: 'unsubscribe'; index: number }
  | { kind: 'onmessage'; set: boolean };

const text = fc.string({ maxLength: 6 });
const command: fc.Arbitrary<Command> = fc.oneof(
  text.map<Command>((t) => ({ kind: 'send', text: t })),
  text.map<Command>((t) => ({ kind: 'next', text: t })),
  fc
    .record(
      {
        code: fc.constantFrom(1000, 3000, 4999, 1001, 1005, 2999, 5000, 1000.4),
        reason: fc.constantFrom('', 'bye', 'é'.repeat(61), 'x'.repeat(124)),
      },
      { requiredKeys: [] },
    )
    .map<Command>((args) => ({ kind: 'close', ...args })),
  fc.constant<Command>({ kind: 'open' }),
  text.map<Command>((t) => ({ kind: 'receive', text: t })),
  fc
    .record({ code: fc.constantFrom(1000, 1001, 1006, 1011, 4000), clean: fc.boolean() })
    .map<Command>((c) => ({ kind: 'serverClose', ...c })),
  fc.constant<Command>({ kind: 'fail' }),
  fc.constant<Command>({ kind: 'finishClose' }),
  fc.constant<Command>({ kind: 'subscribe' }),
  fc.nat(5).map<Command>((index) => ({ kind: 'unsubscribe', index })),
  fc.boolean().map<Command>((set) => ({ kind: 'onmessage', set })),
);

const [CONNECTING, OPEN, CLOSING, CLOSED] = [0, 1, 2, 3] as const;
const bytes = (s: string) => new TextEncoder().encode(s).length;

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** The DOMException the standard's close() throws for these arguments, or undefined when they are allowed. */
function closeError(code: number | undefined, reason: string | undefined): string | undefined {
  if (code !== undefined) {
    const clamped = Math.round(code);
    if (clamped !== 1000 && !(clamped >= 3000 && clamped <= 4999)) return 'InvalidAccessError';
  }
  if (reason !== undefined && bytes(reason) > 123) return 'SyntaxError';
  return undefined;
}

/** One data$ subscriber: what it saw, and the slice of all deliveries it should have seen. */
interface Watcher {
  subscription: Subscription | undefined;
  seen: unknown[];
  from: number;
  to: number | undefined;
  ended: boolean;
}

describe.each(['browser', 'ws'] as const)('RxWebSocket over a %s socket', (runtime) => {
  it('keeps the standard state machine, event order and delivery under random interleavings', () => {
    fc.assert(
      fc.property(fc.array(command, { maxLength: 30 }), (commands) => {
        const fake = fakeWebSocket({ runtime });
        const socket = new RxWebSocket('ws://test', [], { WebSocket: fake.WebSocket });
        const raw = fake.last as FakeWebSocket;

        // The model: the standard's ready state, what reaches the wire, what the app receives.
        let model: number = CONNECTING;
        const queued: string[] = [];
        const wire: string[] = [];
        const delivered: string[] = [];
        const dropped: string[] = [];
        let bytesAfter = 0;

        const events: string[] = [];
        for (const type of ['open', 'message', 'error', 'close'] as const) {
          socket.addEventListener(type, () => events.push(`${type}:${socket.readyState}`));
        }
        const handled: string[] = [];
        const handler = (event: MessageEvent) => handled.push(event.data as string);
        const handledExpected: string[] = [];
        const states: number[] = [];
        let statesDone = false;
        socket.readyState$.subscribe({ next: (s) => states.push(s), complete: () => (statesDone = true) });
        const drops: DroppedMessage[] = [];
        socket.dropped$.subscribe((d) => drops.push(d));
        const watchers: Watcher[] = [];
        let active: Watcher[] = [];

        for (const step of commands) {
          const before = socket.readyState;
          switch (step.kind) {
            case 'send': {
              let thrown: unknown;
              try {
                socket.send(step.text);
              } catch (error) {
                thrown = error;
              }
              if (model === CONNECTING) {
                check(
                  (thrown as Error | undefined)?.name === 'InvalidStateError',
                  'send() while CONNECTING must throw',
                );
              } else {
                check(thrown === undefined, `send() threw in state ${model}`);
                if (model === OPEN) wire.push(step.text);
                else bytesAfter += bytes(step.text);
              }
              break;
            }
            case 'next':
              socket.next(step.text);
              if (model === CONNECTING) queued.push(step.text);
              else if (model === OPEN) wire.push(step.text);
              else if (model === CLOSING) dropped.push(step.text); // once CLOSED, dropped$ has completed
              break;
            case 'close': {
              const expected = closeError(step.code, step.reason);
              let thrown: unknown;
              try {
                socket.close(step.code, step.reason);
              } catch (error) {
                thrown = error;
              }
              if (expected) {
                check(thrown instanceof DOMException && thrown.name === expected, `close() must throw ${expected}`);
                check(socket.readyState === before, 'a rejected close() changed the state');
              } else {
                check(thrown === undefined, 'close() with allowed arguments threw');
                if (model < CLOSING) model = CLOSING; // what the queue holds is reported at the close event
              }
              break;
            }
            case 'open':
              if (raw.readyState !== CONNECTING) break;
              raw.open();
              model = OPEN;
              wire.push(...queued.splice(0));
              break;
            case 'receive':
              // Also while closing: the standard drops what arrives once close() was called.
              if (raw.readyState !== OPEN && raw.readyState !== CLOSING) break;
              raw.receive(step.text);
              if (model === OPEN) {
                delivered.push(step.text);
                if (socket.onmessage) handledExpected.push(step.text);
              }
              break;
            case 'serverClose':
              if (raw.readyState === CLOSED) break;
              raw.serverClose(step.code, '', step.clean);
              dropped.push(...queued.splice(0));
              model = CLOSED;
              break;
            case 'fail':
              if (raw.readyState === CLOSED) break;
              raw.fail();
              dropped.push(...queued.splice(0));
              model = CLOSED;
              break;
            case 'finishClose':
              if (raw.readyState !== CLOSING) break;
              raw.finishClose();
              dropped.push(...queued.splice(0));
              model = CLOSED;
              break;
            case 'subscribe': {
              const watcher: Watcher = {
                subscription: undefined,
                seen: [],
                from: delivered.length,
                to: undefined,
                ended: false,
              };
              watcher.subscription = socket.data$.subscribe({
                next: (data) => watcher.seen.push(data),
                error: () => (watcher.ended = true),
                complete: () => (watcher.ended = true),
              });
              watchers.push(watcher);
              active.push(watcher);
              break;
            }
            case 'unsubscribe': {
              const watcher = active[step.index % Math.max(1, active.length)];
              if (!watcher) break;
              watcher.subscription?.unsubscribe();
              watcher.to = delivered.length;
              active = active.filter((each) => each !== watcher);
              break;
            }
            case 'onmessage':
              socket.onmessage = step.set ? handler : null;
              break;
          }
          // The close ends every data$ subscriber (a late one at once), and only the close does.
          for (const watcher of active) check(watcher.ended === (model === CLOSED), 'data$ ended at the wrong time');
          if (model === CLOSED) {
            for (const watcher of active) watcher.to = delivered.length;
            active = [];
          }
          check(socket.readyState === model, `readyState ${socket.readyState}, the standard says ${model}`);
          check(
            socket.bufferedAmount === bytesAfter,
            `bufferedAmount ${socket.bufferedAmount}, expected ${bytesAfter}`,
          );
        }

        // The standard's event order: open?, message*, then error? just before close, each with its ready state.
        const order = events.map((e) => e.split(':')[0]).join(' ');
        check(/^(open( message)*)?( ?(error )?close)?$/.test(order), `event order: ${order}`);
        for (const event of events) {
          const [type, state] = event.split(':');
          const want = type === 'open' || type === 'message' ? OPEN : CLOSED;
          check(Number(state) === want, `${type} fired in ready state ${state}`);
        }
        check(order.includes('close') === (model === CLOSED), 'close fired exactly when the socket closed');
        // Messages: every listener, the handler and each data$ subscriber saw what arrived while it listened.
        const messages = events.filter((e) => e.startsWith('message')).length;
        check(messages === delivered.length, `${messages} message events, ${delivered.length} expected`);
        check(JSON.stringify(handled) === JSON.stringify(handledExpected), 'onmessage saw other messages');
        for (const watcher of watchers) {
          const want = delivered.slice(watcher.from, watcher.to);
          check(JSON.stringify(watcher.seen) === JSON.stringify(want), 'a data$ subscriber saw other messages');
        }
        // What reached the wire, what was reported dropped, and the ready states as readyState$ told them.
        check(JSON.stringify(raw.sent) === JSON.stringify(wire), `sent ${JSON.stringify(raw.sent)}`);
        const droppedSeen = drops.map((d) => d.data);
        check(JSON.stringify(droppedSeen) === JSON.stringify(dropped), `dropped ${JSON.stringify(droppedSeen)}`);
        check(
          drops.every((d) => d.reason === 'closed'),
          'a drop other than closed',
        );
        check(
          states.every((s, i) => i === 0 || s > (states[i - 1] as number)),
          `readyState$ ${states}`,
        );
        check(states.at(-1) === model && statesDone === (model === CLOSED), 'readyState$ did not follow the state');

        // Closing releases every listener on the runtime's socket and ends every stream.
        if (raw.readyState !== CLOSED) raw.serverClose(1000, '', true);
        check(raw.listenerCount() === 0, 'a listener is still attached after close');
        check(statesDone, 'readyState$ did not complete');
        for (const watcher of active) check(watcher.ended, 'a data$ subscriber was not ended by the close');
      }),
      {
        numRuns: Number(process.env.FC_RUNS ?? 300),
        ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
      },
    );
    expect(true).toBe(true);
  }, 60_000);
});
