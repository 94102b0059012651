// Fault injection on loopback: a TCP proxy that stalls, delays, cuts one direction or drops connections,
// a raw server that answers the upgrade wrongly or sends malformed frames, and an app close code that makes
// the url provider run again. Each test checks timing bounds, at most one live socket, what was queued, and
// that no socket, listener or timer is left. Waits are on events, with deadlines.

import type { ConnectionState, WebSocketCloseError } from 'rx-websocket';
import { filter, firstValueFrom, type Observable } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { connection } from '../helpers/connection.js';
import { type RawScenario, type RawServer, startRawServer } from '../helpers/raw-server.js';
import { recordingWs } from '../helpers/recording-ws.js';
import { startTcpProxy, type TcpProxy } from '../helpers/tcp-proxy.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
let proxy: TcpProxy;
let raw: RawServer;
const cleanup: Array<() => unknown> = [];
beforeAll(async () => {
  server = await startTestServer();
  proxy = await startTcpProxy({ port: Number(new URL(server.url).port) });
  raw = await startRawServer();
});
afterAll(async () => {
  await proxy.close();
  await raw.close();
  await server.close();
});
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  proxy.setMode('pass');
  proxy.setDelay(0);
});

const until = (state$: Observable<ConnectionState>, status: ConnectionState['status']) =>
  firstValueFrom(state$.pipe(filter((s) => s.status === status)));
const handles = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout' || r === 'TCPSocketWrap').length;
const live = (created: WebSocket[]) => created.filter((ws) => ws.readyState !== ws.CLOSED).length;
const listeners = (created: WebSocket[]) =>
  created.reduce(
    (sum, ws) => sum + ['open', 'message', 'error', 'close'].reduce((n, t) => n + ws.listenerCount(t), 0),
    0,
  );

/** Runs `connection()` over recorded ws sockets, checks at most one live socket on every state change. */
function watched(options: Omit<Parameters<typeof connection>[0], 'WebSocket'>) {
  const { Ctor, created } = recordingWs();
  const states: ConnectionState[] = [];
  let maxLive = 0;
  const conn = connection({ environment: null, ...options, WebSocket: Ctor } as Parameters<typeof connection>[0]);
  const stateSubscription = conn.state$.subscribe((state) => {
    states.push(state);
    maxLive = Math.max(maxLive, live(created));
  });
  const received: string[] = [];
  const subscription = conn.data$.subscribe({ next: (data) => received.push(String(data)), error: () => {} });
  cleanup.push(() => {
    subscription.unsubscribe();
    stateSubscription.unsubscribe();
  });
  return {
    conn,
    created,
    states,
    received,
    maxLive: () => maxLive,
    async stop() {
      subscription.unsubscribe();
      stateSubscription.unsubscribe();
      await waitFor(() => live(created) === 0);
      expect(listeners(created)).toBe(0);
    },
  };
}

/** Polls a condition on real time (for what has no event to wait on: a peer's socket closing). */
async function waitFor(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('a TCP proxy between client and server', () => {
  it('a half-open link (stall) is caught by the heartbeat within interval + timeout, and the connection comes back', async () => {
    const baseline = handles();
    const c = watched({
      url: proxy.url(),
      initialDelay: 50,
      heartbeat: { interval: 100, timeout: 100, ping: 'ping', isPong: (d) => d === 'ping' },
    });
    await until(c.conn.state$, 'open');
    proxy.setMode('stall');
    const stalledAt = Date.now();
    const reconnecting = await until(c.conn.state$, 'reconnecting');
    expect(Date.now() - stalledAt).toBeLessThan(100 + 100 + 500);
    expect(reconnecting.status === 'reconnecting' && String(reconnecting.reason)).toMatch(
      /HeartbeatTimeout|heartbeat/i,
    );
    // The dead socket is dropped at once, not held for ws's 30-second close timeout.
    const dead = c.created[0] as WebSocket;
    await waitFor(() => dead.readyState === dead.CLOSED, 1000);
    expect(listeners([dead])).toBe(0);
    proxy.setMode('pass');
    await until(c.conn.state$, 'open');
    expect(c.conn.send('after')).toBe('sent');
    await waitFor(() => c.received.includes('after'));
    expect(c.maxLive()).toBeLessThanOrEqual(1);
    await c.stop();
    await waitFor(() => handles() <= baseline);
  });

  it.each(['cut-upstream', 'cut-downstream'] as const)(
    'one-way loss (%s) is caught by the heartbeat; messages sent after it are delivered once',
    async (mode) => {
      const c = watched({
        url: proxy.url(),
        initialDelay: 50,
        heartbeat: { interval: 100, timeout: 100, ping: 'ping', isPong: (d) => d === 'ping' },
      });
      await until(c.conn.state$, 'open');
      proxy.setMode(mode);
      const cutAt = Date.now();
      await until(c.conn.state$, 'reconnecting');
      expect(Date.now() - cutAt).toBeLessThan(100 + 100 + 500);
      proxy.setMode('pass');
      // Sent while reconnecting: queued, then delivered once the new connection is open.
      expect(['queued', 'sent']).toContain(c.conn.send(`after-${mode}`));
      await waitFor(() => c.received.includes(`after-${mode}`));
      expect(c.received.filter((m) => m === `after-${mode}`)).toHaveLength(1);
      expect(c.maxLive()).toBeLessThanOrEqual(1);
      await c.stop();
    },
  );

  it('a delayed link keeps every message, once and in order', async () => {
    proxy.setDelay(30);
    const c = watched({ url: proxy.url() });
    const sent = Array.from({ length: 50 }, (_, i) => `d${i}`);
    for (const message of sent) c.conn.send(message);
    await waitFor(() => c.received.length >= sent.length);
    expect(c.received).toEqual(sent);
    expect(c.states.filter((s) => s.status === 'reconnecting')).toHaveLength(0);
    await c.stop();
  });

  it('dropped connections reconnect within the backoff bound, and what was queued during the outage arrives once, in order', async () => {
    const c = watched({ url: proxy.url(), initialDelay: 100 });
    await until(c.conn.state$, 'open');
    const accepted = proxy.accepted;
    proxy.dropAll();
    const reconnecting = await until(c.conn.state$, 'reconnecting');
    const droppedAt = Date.now();
    const queued = ['q1', 'q2', 'q3'].map((m) => c.conn.send(m));
    expect(queued).toEqual(['queued', 'queued', 'queued']);
    await until(c.conn.state$, 'open');
    expect(Date.now() - droppedAt).toBeLessThan(
      (reconnecting.status === 'reconnecting' ? reconnecting.delay : 0) + 500,
    );
    expect(proxy.accepted - accepted).toBe(1);
    await waitFor(() => c.received.length >= 3);
    expect(c.received).toEqual(['q1', 'q2', 'q3']);
    expect(c.maxLive()).toBeLessThanOrEqual(1);
    await c.stop();
  });
});

describe('a raw server that answers wrongly', () => {
  it.each(['http-401', 'http-404', 'http-500'] as const)(
    'an HTTP error instead of the upgrade (%s) reconnects with growing backoff, one attempt at a time, and leaves nothing',
    async (scenario: RawScenario) => {
      const before = raw.requests.get(scenario) ?? 0;
      const c = watched({ url: raw.url(scenario), initialDelay: 40, maxDelay: 1000, maxAttempts: 3, jitter: 0 });
      const closed = await until(c.conn.state$, 'closed');
      expect(closed).toMatchObject({ reason: 'max-attempts' });
      expect((raw.requests.get(scenario) ?? 0) - before).toBe(4);
      const delays = c.states.flatMap((s) => (s.status === 'reconnecting' ? [s.delay] : []));
      expect(delays).toEqual([40, 80, 160]);
      const cause = closed.status === 'closed' ? (closed.error as { cause?: { cause?: unknown } }) : undefined;
      expect(String((cause?.cause as WebSocketCloseError | undefined)?.cause)).toContain(scenario.slice(5));
      expect(c.maxLive()).toBeLessThanOrEqual(1);
      await c.stop();
    },
  );

  it('a subprotocol the client did not offer is terminal: one attempt, no retry loop', async () => {
    const c = watched({ url: raw.url('protocol-evil'), protocols: ['chat.v1'], initialDelay: 10 });
    const closed = await until(c.conn.state$, 'closed');
    expect(closed).toMatchObject({ reason: 'policy' });
    expect(raw.requests.get('protocol-evil')).toBe(1);
    expect(c.created).toHaveLength(1);
    await c.stop();
  });

  it.each([
    ['frame-invalid-utf8', /invalid UTF-8/],
    ['frame-reserved-opcode', /invalid opcode 3/],
    ['frame-oversized', /Max payload size exceeded/],
  ] as const)(
    'a malformed frame (%s) fails the connection (1006) with the cause, then reconnects with backoff',
    async (scenario, cause) => {
      const c = watched({ url: raw.url(scenario), initialDelay: 30, maxAttempts: 1, jitter: 0 });
      const first = await until(c.conn.state$, 'reconnecting');
      expect(first).toMatchObject({ attempt: 1, delay: 30, lastClose: { code: 1006, wasClean: false } });
      const reason = first.status === 'reconnecting' ? (first.reason as WebSocketCloseError) : undefined;
      expect(String(reason?.cause)).toMatch(cause);
      expect(await until(c.conn.state$, 'closed')).toMatchObject({ reason: 'max-attempts' });
      expect(c.created).toHaveLength(2);
      await c.stop();
    },
  );
});

describe('servers that go away', () => {
  it('an unreachable server (nothing listening) is retried with growing backoff and ECONNREFUSED as the cause', async () => {
    const probe = await startRawServer();
    const url = probe.url('hang');
    await probe.close();
    const c = watched({ url, initialDelay: 20, maxAttempts: 2, jitter: 0 });
    const closed = await until(c.conn.state$, 'closed');
    expect(closed).toMatchObject({ reason: 'max-attempts' });
    expect(c.states.flatMap((s) => (s.status === 'reconnecting' ? [s.delay] : []))).toEqual([20, 40]);
    const reason = c.states.find((s) => s.status === 'reconnecting');
    expect(String(((reason?.status === 'reconnecting' && reason.reason) as WebSocketCloseError).cause)).toMatch(
      /ECONNREFUSED/,
    );
    expect(c.created).toHaveLength(3);
    await c.stop();
  });

  it.each([1001, 1012])(
    'a graceful restart (%d) reconnects at once within the backoff bound and keeps order',
    async (code) => {
      const c = watched({ url: server.url, initialDelay: 50 });
      await until(c.conn.state$, 'open');
      c.conn.send(`close:${code}:restarting`);
      const reconnecting = await until(c.conn.state$, 'reconnecting');
      expect(reconnecting).toMatchObject({ lastClose: { code, reason: 'restarting', wasClean: true } });
      expect(c.conn.send('after-restart')).toBe('queued');
      await until(c.conn.state$, 'open');
      await waitFor(() => c.received.includes('after-restart'));
      expect(c.maxLive()).toBeLessThanOrEqual(1);
      await c.stop();
    },
  );
});

describe('an expired token', () => {
  it('an app close code (4001) makes the url provider run again, and the queued message is sent once with the new token', async () => {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise((resolve) => wss.once('listening', resolve));
    const port = (wss.address() as { port: number }).port;
    const tokens: string[] = [];
    const got: string[] = [];
    wss.on('connection', (socket, request) => {
      const token = new URL(request.url ?? '/', 'http://x').searchParams.get('token') ?? '';
      tokens.push(token);
      // Token t1 is expired: the server accepts the upgrade, then closes with the app's code.
      if (token === 't1') socket.close(4001, 'token expired');
      else socket.on('message', (data) => got.push(String(data)));
    });
    cleanup.push(() => new Promise((resolve) => wss.close(resolve)));
    let issued = 0;
    const c = watched({
      url: async () => `ws://127.0.0.1:${port}/?token=t${++issued}`,
      initialDelay: 20,
      shouldReconnect: (reason) => (reason as { code?: number }).code === 4001 || reason instanceof Error,
    });
    // Queued while the expired connection is being replaced (what was flushed into the expired one is
    // the server's to drop: delivery across a drop is at most once).
    await until(c.conn.state$, 'reconnecting');
    expect(c.conn.send('hello')).toBe('queued');
    await waitFor(() => got.length > 0);
    expect(tokens).toEqual(['t1', 't2']);
    expect(got).toEqual(['hello']);
    expect(c.states.find((s) => s.status === 'reconnecting')).toMatchObject({ lastClose: { code: 4001 } });
    await c.stop();
  });
});

describe('a subscriber that throws', () => {
  it('is reported, and the socket and the other subscribers go on', async () => {
    const { config } = await import('rxjs');
    const reported: unknown[] = [];
    const previous = config.onUnhandledError;
    config.onUnhandledError = (error) => reported.push(error);
    cleanup.push(() => {
      config.onUnhandledError = previous;
    });
    const c = watched({ url: server.url });
    const throwing = c.conn.data$.subscribe(() => {
      throw new Error('app bug');
    });
    cleanup.push(() => throwing.unsubscribe());
    c.conn.send('one');
    c.conn.send('two');
    await waitFor(() => c.received.length === 2 && reported.length === 2);
    expect(c.received).toEqual(['one', 'two']);
    expect(String(reported[0])).toContain('app bug');
    expect(c.conn.state.status).toBe('open');
    throwing.unsubscribe();
    await c.stop();
  });
});
