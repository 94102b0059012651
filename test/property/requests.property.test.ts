// Property test (fast-check): random interleavings of request() (onDisconnect 'fail' and 'retry'), cancellations,
// replies, opens, drops, reconnectNow, a socket filling up under backpressure() and time passing. Only a request that went out on a
// connection that dropped is lost with it; one still in the queue goes on the next connection, once; nothing is sent
// for a request that has ended. Virtual time. Checks throw short errors (not expect() on sockets, whose diffs are huge).
import fc from 'fast-check';
import { backpressure, RequestAbortedError, reconnect, requests, webSocket } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { Subject, type Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { it } from 'vitest';
import { advancer } from '../helpers/advance.js';

type Frame = { id: string; reply?: true };

type Command =
  | { kind: 'ask'; retry: boolean }
  | { kind: 'cancel'; index: number }
  | { kind: 'reply' }
  | { kind: 'open' }
  | { kind: 'drop' }
  | { kind: 'now' }
  | { kind: 'full'; full: boolean }
  | { kind: 'wait'; ms: number };

const command: fc.Arbitrary<Command> = fc.oneof(
  fc.boolean().map<Command>((retry) => ({ kind: 'ask', retry })),
  fc.nat(5).map<Command>((index) => ({ kind: 'cancel', index })),
  fc.constant<Command>({ kind: 'reply' }),
  fc.constant<Command>({ kind: 'open' }),
  fc.constant<Command>({ kind: 'drop' }),
  fc.constant<Command>({ kind: 'now' }),
  fc.boolean().map<Command>((full) => ({ kind: 'full', full })),
  fc.integer({ min: 0, max: 3000 }).map<Command>((ms) => ({ kind: 'wait', ms })),
);

interface Asked {
  readonly id: string;
  readonly retry: boolean;
  readonly subscription: Subscription;
  /** How it ended, once it has. */
  ended?: 'reply' | 'aborted' | 'cancelled';
}

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

const ids = (socket: FakeWebSocket) => socket.sent.map((data) => (JSON.parse(String(data)) as Frame).id);

it('request() loses only what went out on a dropped connection, and sends the rest once', () => {
  fc.assert(
    fc.property(fc.array(command, { maxLength: 40 }), (commands) => {
      const scheduler = new TestScheduler(() => {});
      const advance = advancer(scheduler);
      const fake = fakeWebSocket();
      const now = new Subject<void>();
      /** What a subscriber's callback found wrong: rxjs would report a throw there later, out of fast-check's sight. */
      const wrong: string[] = [];
      const subject = webSocket<Frame>({
        url: 'ws://test',
        WebSocket: fake.WebSocket,
        scheduler,
        reconnect: reconnect({
          scheduler,
          environment: null,
          initialDelay: 100,
          maxDelay: 1000,
          jitter: 0,
          reconnectNow: now,
        }),
        backpressure: backpressure({ highWaterMark: 1000, lowWaterMark: 0 }),
        requests: requests({ timeout: Number.POSITIVE_INFINITY }),
      });
      subject.subscribe(); // holds the connection whatever the requests do
      const asked: Asked[] = [];
      const pending = () => asked.filter((each) => each.ended === undefined);
      /** Where each request's frames went: the sockets, in order. */
      const wentOn = (id: string) => fake.sockets.filter((socket) => ids(socket).includes(id));
      for (const step of commands) {
        const socket = fake.sockets.at(-1);
        const ended = new Set(asked.filter((each) => each.ended !== undefined).map((each) => each.id));
        const before = fake.sockets.map((each) => each.sent.length);
        if (step.kind === 'ask') {
          const id = `r${asked.length}`;
          const entry: Asked = {
            id,
            retry: step.retry,
            subscription: subject.request({ id }, { id, onDisconnect: step.retry ? 'retry' : 'fail' }).subscribe({
              next: () => {
                entry.ended = 'reply';
              },
              error: (error: unknown) => {
                if (!(error instanceof RequestAbortedError)) wrong.push(`${id} failed with ${String(error)}`);
                if (step.retry) wrong.push(`${id} ('retry') was aborted`);
                // Only a request that went out on a connection that is gone (dropped, or replaced by reconnectNow).
                if (!wentOn(id).some((each) => each !== fake.sockets.at(-1) || each.readyState !== 1)) {
                  wrong.push(`${id} aborted though it never went out on a connection that is gone`);
                }
                entry.ended = 'aborted';
              },
            }),
          };
          asked.push(entry);
        } else if (step.kind === 'cancel') {
          const each = pending()[step.index % Math.max(pending().length, 1)];
          if (each) {
            each.ended = 'cancelled';
            each.subscription.unsubscribe();
          }
        } else if (step.kind === 'reply') {
          // The server answers the oldest request it has heard of on this connection that nobody answered yet.
          const answered = new Set(asked.filter((each) => each.ended === 'reply').map((each) => each.id));
          const id = socket?.readyState === 1 ? ids(socket).find((each) => !answered.has(each)) : undefined;
          if (socket && id) socket.receive(JSON.stringify({ id, reply: true }));
        } else if (step.kind === 'open') {
          if (socket?.readyState === 0) socket.open();
        } else if (step.kind === 'drop') {
          if (socket?.readyState === 1) {
            const lost = pending().filter((each) => !each.retry && ids(socket).includes(each.id));
            socket.serverClose(1006, '', false);
            for (const each of lost) check(each.ended === 'aborted', `${each.id} outlived the connection it went on`);
          }
        } else if (step.kind === 'now') {
          if (socket?.readyState === 1) {
            const lost = pending().filter((each) => !each.retry && ids(socket).includes(each.id));
            now.next();
            for (const each of lost) check(each.ended === 'aborted', `${each.id} outlived the connection it went on`);
          }
        } else if (step.kind === 'full') {
          if (socket) socket.bufferedAmount = step.full ? 1000 : 0;
        } else advance(step.ms);
        check(wrong.length === 0, wrong.join('; '));
        // Nothing goes out for a request that had ended before this step.
        for (const [index, each] of fake.sockets.entries()) {
          for (const id of ids(each).slice(before[index] ?? 0)) check(!ended.has(id), `${id} sent after it ended`);
        }
      }
      // Then the link comes back and stays, and drains what it was given.
      for (let tries = 0; tries < 5 && fake.sockets.at(-1)?.readyState !== 1; tries++) {
        advance(2000);
        const socket = fake.sockets.at(-1);
        if (socket?.readyState === 0) socket.open();
      }
      const last = fake.last;
      check(last.readyState === 1, 'the last socket opened');
      last.bufferedAmount = 0;
      advance(2000);
      // On each connection, a request goes out once at most.
      for (const [index, socket] of fake.sockets.entries()) {
        const sent = ids(socket);
        check(new Set(sent).size === sent.length, `socket ${index} got a request twice: ${sent.join()}`);
      }
      // Every request still waiting for its reply is on the last connection: none is lost in the queue.
      for (const each of pending()) {
        check(ids(last).includes(each.id), `${each.id} is waiting, but the open connection never got it`);
      }
      subject.unsubscribe();
    }),
    {
      numRuns: Number(process.env.FC_RUNS ?? 300),
      ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
    },
  );
});
