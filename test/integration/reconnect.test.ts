// reconnect() and connection() against real servers on 127.0.0.1: an in-process ws server, a ws
// server in a child process that is killed and restarted on the same port, a flapping server and a
// TCP server that never answers the handshake. Waits are on events, with deadlines.

import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import { type ConnectionState, fromWebSocket, type RxWebSocket, reconnect } from 'rx-websocket';
import {
  filter,
  firstValueFrom,
  type Observable,
  ReplaySubject,
  Subject,
  type Subscription,
  skip,
  switchMap,
  take,
  tap,
  toArray,
} from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { connection } from '../helpers/connection.js';
import { recordingWs } from '../helpers/recording-ws.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
const cleanup: Array<() => unknown> = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
});

const until = (state$: Observable<ConnectionState>, status: ConnectionState['status']) =>
  firstValueFrom(state$.pipe(filter((s) => s.status === status)));

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('reconnect() against real servers', () => {
  it('reconnects within the backoff bound after the server terminates the connection, with one new connection', async () => {
    await server.idle();
    const live = connection({ url: server.url, WebSocket, initialDelay: 100, environment: null });
    const subscription = live.data$.subscribe();
    cleanup.push(() => subscription.unsubscribe());
    await until(live.state$, 'open');
    const accepted = server.accepted;
    live.send('terminate');
    const dropped = await until(live.state$, 'reconnecting');
    const droppedAt = Date.now();
    expect(dropped).toMatchObject({ attempt: 1, lastClose: { code: 1006 } });
    expect(dropped.status === 'reconnecting' && dropped.delay).toBeLessThanOrEqual(100);
    await until(live.state$, 'open');
    expect(Date.now() - droppedAt).toBeLessThan(100 + 1000);
    expect(server.accepted - accepted).toBe(1);
    expect(server.clients.size).toBe(1);
  });

  it('keeps the fromWebSocket() -> reconnect() -> switchMap(data$) pipeline going after the server terminates the connection', async () => {
    await server.idle();
    const sockets = new ReplaySubject<RxWebSocket>();
    const messages = new ReplaySubject<unknown>();
    // An error ends the waits below at once, with that error.
    const fail = (error: unknown) => {
      sockets.error(error);
      messages.error(error);
    };
    const subscription = fromWebSocket({ url: server.url, WebSocket })
      .pipe(
        reconnect({ initialDelay: 20, environment: null }),
        tap((socket) => sockets.next(socket)),
        switchMap((socket) => socket.data$),
      )
      .subscribe({ next: (data) => messages.next(data), error: fail });
    cleanup.push(() => subscription.unsubscribe());
    const first = await firstValueFrom(sockets);
    first.send('before');
    await firstValueFrom(messages);
    first.send('terminate');
    const second = await firstValueFrom(sockets.pipe(skip(1)));
    expect(first.readyState).toBe(first.CLOSED);
    second.send('after');
    expect(await firstValueFrom(messages.pipe(take(2), toArray()))).toEqual(['before', 'after']);
    expect(subscription.closed).toBe(false);
  });

  it('calls an async url function for each attempt, and goes on after one rejects', async () => {
    let calls = 0;
    const states: ConnectionState[] = [];
    const live = connection({
      url: async () => {
        calls++;
        if (calls === 1) throw new Error('token service down');
        return `${server.url}/?token=t${calls}`;
      },
      WebSocket,
      initialDelay: 20,
      environment: null,
    });
    live.state$.subscribe((state) => states.push(state));
    const subscription = live.data$.subscribe();
    cleanup.push(() => subscription.unsubscribe());
    await until(live.state$, 'open');
    expect(calls).toBe(2);
    expect(live.socket?.url).toBe(`${server.url}/?token=t2`);
    expect(states).toContainEqual(
      expect.objectContaining({
        status: 'reconnecting',
        reason: expect.objectContaining({ name: 'ProviderError', option: 'url' }),
      }),
    );
  });

  const refresh = { code: 4000, reason: 'token refresh' };
  it.each<[string, unknown, { code: number; reason: string }]>([
    ['any value', undefined, { code: 1000, reason: '' }],
    ["{ code, reason } (partysocket's reconnect(code, reason))", refresh, refresh],
  ])(
    'reconnects now with a fresh token on %s: the old connection closes with its code, one new one opens',
    async (_, value, expected) => {
      await server.idle();
      let token = 't1';
      const refreshed = new Subject<unknown>();
      const { Ctor, created } = recordingWs();
      const live = connection({
        url: () => `${server.url}/?token=${token}`,
        WebSocket: Ctor,
        environment: null,
        reconnectNow: refreshed,
      });
      const subscription = live.data$.subscribe();
      cleanup.push(() => subscription.unsubscribe());
      await until(live.state$, 'open');
      const accepted = server.accepted;
      const closes = server.closes.length;
      const old = created[0] as WebSocket;
      const oldClosed = new Promise<number>((resolve) => old.once('close', resolve));
      token = 't2';
      refreshed.next(value);
      expect(live.state.status).toBe('connecting');
      await until(live.state$, 'open');
      expect(live.socket?.url).toBe(`${server.url}/?token=t2`);
      expect(await oldClosed).toBe(expected.code);
      expect(server.closes.slice(closes)).toEqual([expected]);
      expect(server.accepted - accepted).toBe(1);
      expect(created).toHaveLength(2);
      expect(live.send('still here')).toBe('sent');
    },
  );

  describe('with a server process', () => {
    let child: ServerProcess;
    beforeAll(async () => {
      child = await startServerProcess();
    });
    afterAll(() => child.kill());

    it('delivers messages queued while the server was down once and in order after it restarts', async () => {
      const live = connection({ url: child.url, WebSocket, initialDelay: 50, maxDelay: 200, environment: null });
      const subscription = live.data$.subscribe();
      cleanup.push(() => subscription.unsubscribe());
      await until(live.state$, 'open');
      expect(live.send('m1')).toBe('sent');
      await child.until(() => child.messages.includes('m1'));
      await child.kill();
      await until(live.state$, 'reconnecting');
      expect(live.send('m2')).toBe('queued');
      expect(live.send('m3')).toBe('queued');
      await child.restart();
      await child.until(() => child.messages.includes('m3'));
      expect(child.messages).toEqual(['m1', 'm2', 'm3']);
      expect(live.state.status).toBe('open');
    });
  });

  it('keeps growing the backoff for a flapping server', async () => {
    const flapping = await startServerProcess('flap');
    cleanup.push(() => flapping.kill());
    const subscription = fromWebSocket({ url: flapping.url, WebSocket })
      .pipe(reconnect({ initialDelay: 40, factor: 2, jitter: 0, maxDelay: 5000, environment: null }))
      .subscribe();
    cleanup.push(() => subscription.unsubscribe());
    await flapping.until(() => flapping.connections.length >= 5);
    const gaps = flapping.connections.slice(1, 5).map((t, i) => t - (flapping.connections[i] as number));
    // 40, 80, 160, 320 ms of backoff, plus the time to connect and close each time.
    [40, 80, 160, 320].forEach((delay, i) => {
      expect(gaps[i]).toBeGreaterThanOrEqual(delay - 5);
    });
    expect(gaps[3]).toBeGreaterThan(gaps[0] as number);
  });

  it('abandons a handshake that never completes after connectionTimeout, and tries again', async () => {
    const accepted: Array<{ socket: Socket; closedAt?: number }> = [];
    let check = () => {};
    const done = new Promise<void>((resolve) => {
      check = () => {
        if (accepted.length >= 2 && accepted[0]?.closedAt) resolve();
      };
    });
    const silent: Server = createServer((socket) => {
      const entry: { socket: Socket; closedAt?: number } = { socket };
      accepted.push(entry);
      socket.on('close', () => {
        entry.closedAt = Date.now();
        check();
      });
      socket.on('error', () => {});
      socket.resume(); // read (and ignore) the upgrade request, so that the client's FIN is seen
      check();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    cleanup.push(
      () =>
        new Promise<void>((resolve) => {
          for (const entry of accepted) entry.socket.destroy();
          silent.close(() => resolve());
        }),
    );
    const url = `ws://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const states: ConnectionState[] = [];
    const subscription = fromWebSocket({ url, WebSocket })
      .pipe(
        reconnect({
          connectionTimeout: 150,
          initialDelay: 10,
          jitter: 0,
          environment: null,
          onState: (s) => states.push(s),
        }),
      )
      .subscribe();
    cleanup.push(() => subscription.unsubscribe());
    await done;
    // The first connection was dropped by the client, for its timeout (only the timer makes that error; when it fires
    // is checked in virtual time, in test/unit/reconnect/reconnect.test.ts, not against this machine's clock), and a
    // second one followed.
    expect(accepted.length).toBeGreaterThanOrEqual(2);
    expect(accepted[0]?.closedAt).toBeDefined();
    expect(states).toContainEqual(
      expect.objectContaining({
        status: 'reconnecting',
        reason: expect.objectContaining({ name: 'ConnectionTimeoutError', timeout: 150 }),
      }),
    );
    expect(states.findIndex((s) => s.status === 'open')).toBe(-1);
  });

  it('never has more than one live socket through 1000 rapid subscribe/unsubscribe toggles, and leaves nothing behind', async () => {
    await server.idle();
    const baseline = timers();
    const { Ctor, created } = recordingWs();
    const stream = fromWebSocket({ url: server.url, WebSocket: Ctor }).pipe(reconnect({ environment: null }));
    let maxLive = 0;
    for (let i = 0; i < 1000; i++) {
      const subscription = stream.subscribe();
      maxLive = Math.max(maxLive, created.filter((ws) => ws.readyState < 2).length);
      subscription.unsubscribe();
    }
    expect(created).toHaveLength(1000);
    expect(maxLive).toBe(1);
    await Promise.all(created.map((ws) => (ws.readyState === 3 ? undefined : new Promise((r) => ws.once('close', r)))));
    await server.idle();
    expect(timers()).toBeLessThanOrEqual(baseline);
  });

  it('makes no further attempt and leaves no timer when unsubscribed during the backoff', async () => {
    const closed = await startTestServer();
    const url = closed.url;
    await closed.close(); // nothing listens there any more
    const baseline = timers();
    const { Ctor, created } = recordingWs();
    const live = connection({ url, WebSocket: Ctor, initialDelay: 100, jitter: 0, environment: null });
    const subscription: Subscription = live.data$.subscribe();
    await until(live.state$, 'reconnecting');
    subscription.unsubscribe();
    expect(live.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
    expect(timers()).toBeLessThanOrEqual(baseline);
    const attempts = created.length;
    // An observation window past the backoff: no attempt may start in it.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(created).toHaveLength(attempts);
  });
});
