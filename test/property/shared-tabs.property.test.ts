// Property tests (fast-check): random interleavings of tabs subscribing, sending, asking and cancelling requests,
// unsubscribing, reconnecting now and going away, and of a server opening, sending, answering and closing, keep
// sharedWebSocket()'s promises for webSocket() subjects with reconnect(): one live connection for all tabs, nothing
// duplicated or reordered, a request never sent after it ended nor twice on one connection, every tab back on one
// connection once the server lets it, and nothing left behind. The tabs' messages and locks are tasks (settle()); the backoff is virtual time.
import fc from 'fast-check';
import {
  reconnect,
  requests,
  sharedWebSocket,
  type WebSocketConstructorLike,
  type WebSocketSubject,
  webSocket,
} from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import { Subject, type Subscription } from 'rxjs';
import { expect, it } from 'vitest';
import { fakeBrowser, settle } from '../helpers/fake-tabs.js';
import { virtualTime } from '../helpers/shared-tabs.js';

type Command =
  | { kind: 'subscribe'; tab: number }
  | { kind: 'unsubscribe'; tab: number }
  | { kind: 'next'; tab: number }
  | { kind: 'request'; tab: number; retry: boolean }
  | { kind: 'cancel'; tab: number }
  | { kind: 'reply' }
  | { kind: 'closeTab'; tab: number }
  | { kind: 'reconnectNow'; tab: number }
  | { kind: 'serverOpen' }
  | { kind: 'serverSend' }
  | { kind: 'serverClose'; code: number }
  | { kind: 'advance'; ms: number }
  | { kind: 'settle' };

const TABS = 3;
const tab = fc.nat(TABS - 1);
const command: fc.Arbitrary<Command> = fc.oneof(
  { weight: 1, arbitrary: tab.map<Command>((t) => ({ kind: 'subscribe', tab: t })) },
  { weight: 1, arbitrary: tab.map<Command>((t) => ({ kind: 'unsubscribe', tab: t })) },
  { weight: 3, arbitrary: tab.map<Command>((t) => ({ kind: 'next', tab: t })) },
  {
    weight: 2,
    arbitrary: fc.tuple(tab, fc.boolean()).map<Command>(([t, retry]) => ({ kind: 'request', tab: t, retry })),
  },
  { weight: 1, arbitrary: tab.map<Command>((t) => ({ kind: 'cancel', tab: t })) },
  { weight: 1, arbitrary: fc.constant<Command>({ kind: 'reply' }) },
  { weight: 1, arbitrary: tab.map<Command>((t) => ({ kind: 'closeTab', tab: t })) },
  { weight: 1, arbitrary: tab.map<Command>((t) => ({ kind: 'reconnectNow', tab: t })) },
  { weight: 3, arbitrary: fc.constant<Command>({ kind: 'serverOpen' }) },
  { weight: 2, arbitrary: fc.constant<Command>({ kind: 'serverSend' }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(1000, 1001, 1006, 1012, 4000).map<Command>((code) => ({ kind: 'serverClose', code })),
  },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 1500 }).map<Command>((ms) => ({ kind: 'advance', ms })) },
  { weight: 3, arbitrary: fc.constant<Command>({ kind: 'settle' }) },
);

/** One subscription of a tab's subject, and what it received. */
interface Subscriber {
  readonly subscription: Subscription;
  readonly received: string[];
}

/** One request of a tab: its frame (`q:` and its id), and whether it ended (answered, aborted or cancelled). */
interface Asked {
  frame: string;
  ended: boolean;
  subscription?: Subscription;
  /** Its tab reconnected now while it waited. */
  reattached?: boolean;
}

const isRequest = (frame: string) => frame.startsWith('q:');

function check(ok: boolean, what: string): void {
  if (!ok) throw new Error(what);
}

/** Whether `part` appears in `whole` in the same order (not necessarily next to each other). */
function isSubsequence(part: readonly unknown[], whole: readonly unknown[]): boolean {
  let i = 0;
  for (const each of whole) if (i < part.length && each === part[i]) i++;
  return i === part.length;
}

const live = (sockets: readonly FakeWebSocket[]) => sockets.filter((s) => s.readyState < 2).length;

it('sharedWebSocket() keeps one connection for every tab, and loses order nowhere, under random interleavings', async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(command, { maxLength: 25 }), async (commands) => {
      const browser = fakeBrowser();
      const server = fakeWebSocket();
      const { scheduler, advance } = virtualTime();
      /** Which tab's leader made each real socket: a browser drops a tab's sockets with the tab. */
      const madeBy = new Map<FakeWebSocket, number>();
      const tabs = Array.from({ length: TABS }, (_, index) => {
        const browserTab = browser.tab(`tab${index}`);
        const Counting = class extends server.WebSocket {
          constructor(url: string, protocols?: string | string[]) {
            super(url, protocols);
            madeBy.set(server.last, index);
          }
        };
        const WebSocket = sharedWebSocket({
          locks: browserTab.locks,
          BroadcastChannel: browserTab.BroadcastChannel,
          WebSocket: Counting,
        }) as WebSocketConstructorLike;
        const now = new Subject<void>();
        const subject: WebSocketSubject<string, string> = webSocket<string, string>({
          url: 'ws://example.test/chat',
          WebSocket,
          serializer: (value) => value,
          deserializer: (event) => String(event.data),
          scheduler,
          reconnect: reconnect({
            initialDelay: 100,
            maxDelay: 1000,
            jitter: 0,
            scheduler,
            environment: null,
            reconnectNow: now,
          }),
          requests: requests({ timeout: Number.POSITIVE_INFINITY }),
        });
        return {
          browserTab,
          subject,
          now,
          subscribers: [] as Subscriber[],
          sent: [] as string[],
          asked: [] as Asked[],
        };
      });
      const fromServer: string[] = [];
      let count = 0;
      const subscribe = (t: (typeof tabs)[number]) => {
        const received: string[] = [];
        const subscription = t.subject.subscribe({ next: (m) => received.push(m), error: () => {} });
        t.subscribers.push({ subscription, received });
      };
      /** Tabs still open with a subscription that the close-code policy has not ended (1000 and 4000 end it). */
      const waiting = () =>
        tabs.filter((t) => !t.browserTab.closed && t.subscribers.some((s) => !s.subscription.closed));

      // Every tab starts subscribed, on an open connection: the random steps start from the shared steady state.
      for (const t of tabs) subscribe(t);
      await advance(0);
      server.last.open();
      await settle();

      const asked = () => tabs.flatMap((t) => t.asked);
      /**
       * Requests that had ended before the last step that let the tabs' messages through: a frame a tab handed to the
       * leader before its request ended may still arrive in that step, never after.
       */
      let ended = new Set<string>();
      for (const step of commands) {
        const newest = server.sockets.at(-1);
        const endedNow = new Set(
          asked()
            .filter((each) => each.ended)
            .map((each) => each.frame),
        );
        const before = server.sockets.map((socket) => socket.sent.length);
        if ('tab' in step) {
          const t = tabs[step.tab] as (typeof tabs)[number];
          if (t.browserTab.closed) continue;
          if (step.kind === 'subscribe') subscribe(t);
          else if (step.kind === 'request') {
            const entry: Asked = { frame: '', ended: false };
            const end = () => {
              entry.ended = true;
            };
            entry.subscription = t.subject
              .request(
                (id) => {
                  entry.frame = `q:${id}`;
                  return entry.frame;
                },
                { match: (reply, id) => reply === `a:${id}`, onDisconnect: step.retry ? 'retry' : 'fail' },
              )
              .subscribe({ next: end, error: end });
            t.asked.push(entry);
          } else if (step.kind === 'cancel') {
            const entry = t.asked.find((each) => !each.ended);
            if (entry) {
              entry.ended = true;
              entry.subscription?.unsubscribe();
            }
          } else if (step.kind === 'unsubscribe') t.subscribers.pop()?.subscription.unsubscribe();
          else if (step.kind === 'next') {
            const text = `t${step.tab}-${count++}`;
            t.sent.push(text);
            t.subject.next(text);
          } else if (step.kind === 'reconnectNow') {
            // The tab's own connection ends, the shared one stays: its 'retry' requests go again on the same one.
            for (const each of t.asked) if (!each.ended) each.reattached = true;
            t.now.next();
          } else {
            t.browserTab.close();
            for (const [socket, maker] of madeBy) {
              if (maker === step.tab && socket.readyState < 3) socket.serverClose(1006, '', false);
            }
          }
        } else if (step.kind === 'serverOpen') {
          if (newest?.readyState === 0) newest.open();
        } else if (step.kind === 'serverSend') {
          if (newest?.readyState === 1) {
            const text = `s${count++}`;
            fromServer.push(text);
            newest.receive(text);
          }
        } else if (step.kind === 'reply') {
          // The server answers the oldest request this connection carried that it has not answered yet.
          const answered = new Set(fromServer);
          const frame =
            newest?.readyState === 1
              ? newest.sent.map(String).find((m) => isRequest(m) && !answered.has(`a:${m.slice(2)}`))
              : undefined;
          if (newest && frame) {
            const text = `a:${frame.slice(2)}`;
            fromServer.push(text);
            newest.receive(text);
          }
        } else if (step.kind === 'serverClose') {
          if (newest && newest.readyState < 3) newest.serverClose(step.code, '', step.code !== 1006);
        } else if (step.kind === 'advance') await advance(step.ms);
        else await settle();
        check(live(server.sockets) <= 1, 'two live connections at once');
        // A request that had ended (and whose frame, if its tab had handed it on, has landed) reaches the server no more.
        for (const [index, socket] of server.sockets.entries()) {
          for (const frame of socket.sent.slice(before[index] ?? 0).map(String)) {
            check(!ended.has(frame), `${frame} reached the server after it ended`);
          }
        }
        if (step.kind === 'settle' || step.kind === 'advance') ended = endedNow;
      }
      // A request goes out once per connection at most ('retry' sends it again on a later one), but where its tab
      // reconnected now on the shared connection (README, "Sharing one connection across tabs").
      const again = new Set(
        asked()
          .filter((each) => each.reattached)
          .map((each) => each.frame),
      );
      for (const socket of server.sockets) {
        const frames = socket.sent.map(String).filter((m) => isRequest(m) && !again.has(m));
        check(new Set(frames).size === frames.length, 'a request reached one connection twice');
      }

      // Nothing duplicated or reordered: at the server, each tab's messages in its order, each at most once; in each
      // tab, the server's messages in order, each at most once.
      const atServer = server.sockets.flatMap((socket) => socket.sent.map(String)).filter((m) => !isRequest(m));
      check(new Set(atServer).size === atServer.length, 'a message reached the server twice');
      for (const t of tabs) {
        const mine = atServer.filter((m) => t.sent.includes(m));
        check(isSubsequence(mine, t.sent), `${t.browserTab.name}'s messages reached the server out of order`);
        for (const { received } of t.subscribers) {
          check(isSubsequence(received, fromServer), `${t.browserTab.name} received out of order or twice`);
        }
      }

      // Once the server lets it, every tab still subscribed is back on one open connection that carries both ways.
      await settle(); // what the last step set off reaches every tab first
      const alive = waiting();
      for (let round = 0; round < 5 && alive.some((t) => t.subject.state.status !== 'open'); round++) {
        await advance(2000);
        const last = server.sockets.at(-1);
        if (last?.readyState === 0) last.open();
        else if (last && last.readyState === 2) last.finishClose();
        await settle();
      }
      check(live(server.sockets) <= 1, 'two live connections at once');
      for (const t of alive) check(t.subject.state.status === 'open', `${t.browserTab.name} did not get back`);
      if (alive.length > 0) {
        const real = server.last;
        real.receive('final');
        for (const t of alive) t.subject.next(`final from ${t.browserTab.name}`);
        await settle();
        for (const t of alive) {
          for (const { subscription, received } of t.subscribers) {
            if (!subscription.closed) check(received.at(-1) === 'final', `${t.browserTab.name} missed a message`);
          }
          const finals = real.sent.filter((m) => m === `final from ${t.browserTab.name}`);
          check(finals.length === 1, `${t.browserTab.name}'s message reached the server ${finals.length} times`);
          // A request still waiting for its reply is on this connection: none is lost in a queue.
          for (const each of t.asked) {
            if (!each.ended)
              check(real.sent.map(String).includes(each.frame), `${each.frame} never reached the server`);
          }
        }
      }

      // Leaving releases everything: the connection, its listeners, the timers, the locks and the channels.
      for (const t of tabs) for (const { subscription } of t.subscribers.splice(0)) subscription.unsubscribe();
      for (const each of asked()) each.subscription?.unsubscribe();
      await advance(5000);
      for (const socket of server.sockets) if (socket.readyState === 2) socket.finishClose();
      await settle();
      check(live(server.sockets) === 0, 'a connection is still live with no subscriber');
      for (const socket of server.sockets) check(socket.listenerCount() === 0, 'a listener is still attached');
      for (const t of tabs) t.browserTab.close();
      await settle();
      check(browser.waiting() === 0 && browser.openChannels() === 0, 'a lock request or a channel is left');
      check(scheduler.actions.length === 0, 'a timer is still scheduled');
      check(
        tabs.every((t) => !t.now.observed),
        'reconnectNow is still subscribed',
      );
    }),
    {
      // Interleavings the property once found, run every time: a leader's `opened` (then `closed`) still in flight
      // when the next leader took over bound a socket to the gone connection (open, receiving nothing), or ended one
      // waiting on the new leader's connection, which then stayed attached and kept the real socket open.
      examples: [
        // A request the only subscriber, failed by its tab's reconnectNow: reconnect() opened a socket after its
        // teardown, which nothing closed.
        [
          [
            { kind: 'request', tab: 0, retry: false },
            { kind: 'unsubscribe', tab: 0 },
            { kind: 'reconnectNow', tab: 0 },
          ],
        ],
        [
          [
            { kind: 'serverClose', code: 1001 },
            { kind: 'advance', ms: 100 },
            { kind: 'reconnectNow', tab: 1 },
            { kind: 'serverOpen' },
            { kind: 'closeTab', tab: 0 },
          ],
        ],
        [
          [
            { kind: 'serverClose', code: 1001 },
            { kind: 'advance', ms: 100 },
            { kind: 'reconnectNow', tab: 1 },
            { kind: 'serverClose', code: 1000 },
          ],
        ],
      ],
      numRuns: Number(process.env.FC_RUNS ?? 100),
      ...(process.env.FC_SEED ? { seed: Number(process.env.FC_SEED) } : {}),
    },
  );
  expect(true).toBe(true);
}, 120_000);
