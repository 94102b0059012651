// state$ of webSocket() with and without reconnection. Without `reconnect`, the subject runs one connection and
// reports it as reconnect() would with a policy that never reconnects (src/reconnect/once.ts), so that apps read
// one state model whether or not they bundle reconnection.
import { CloseEvent, type ConnectionState, fromWebSocket, reconnect, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { Subject } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

function watched(withReconnect = false) {
  const fake = fakeWebSocket();
  const scheduler = new TestScheduler(() => {});
  const subject = webSocket<unknown>({
    url: 'ws://test',
    WebSocket: fake.WebSocket,
    scheduler,
    ...(withReconnect ? { reconnect: reconnect({ initialDelay: 100, jitter: 0, environment: null }) } : {}),
  });
  const states: ConnectionState[] = [];
  subject.state$.subscribe((state) => states.push(state));
  const summary = () => states.map((s) => (s.status === 'closed' ? `closed:${s.reason}` : s.status));
  return { fake, scheduler, subject, states, summary };
}

describe('webSocket() without reconnect: one connection, its states as reconnect() names them', () => {
  it('a clean close by the server ends it: closed by policy, with the close and no error', () => {
    const { fake, subject, states, summary } = watched();
    subject.subscribe({ complete: () => {} });
    fake.last.open();
    fake.last.serverClose(1000, 'bye');
    expect(summary()).toEqual(['closed:idle', 'connecting', 'open', 'closed:policy']);
    expect(states.at(-1)).toMatchObject({ lastClose: { code: 1000, reason: 'bye', wasClean: true }, error: undefined });
    expect(fake.sockets).toHaveLength(1);
  });

  it('an abnormal close ends it too, with the close error, and opens no second socket', () => {
    const { fake, subject, states, summary } = watched();
    subject.subscribe({ error: () => {} });
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    expect(summary()).toEqual(['closed:idle', 'connecting', 'open', 'closed:policy']);
    expect(states.at(-1)).toMatchObject({ lastClose: { code: 1006 }, error: { name: 'WebSocketCloseError' } });
    expect(fake.sockets).toHaveLength(1);
  });

  it('a failed attempt is closed by policy with the error; complete() is the client; unsubscribing is unsubscribed', () => {
    const failed = watched();
    failed.subject.subscribe({ error: () => {} });
    failed.fake.last.fail();
    expect(failed.summary()).toEqual(['closed:idle', 'connecting', 'closed:policy']);
    expect(failed.states.at(-1)).toMatchObject({ lastClose: { code: 1006 }, error: { name: 'WebSocketCloseError' } });

    const completed = watched();
    completed.subject.subscribe();
    completed.fake.last.open();
    completed.subject.complete();
    completed.fake.last.serverClose(1000);
    expect(completed.summary()).toEqual(['closed:idle', 'connecting', 'open', 'closed:client']);

    const left = watched();
    const subscription = left.subject.subscribe();
    left.fake.last.open();
    subscription.unsubscribe();
    expect(left.summary()).toEqual(['closed:idle', 'connecting', 'open', 'closed:unsubscribed']);
  });
});

describe('webSocket({ reconnect: reconnect() })', () => {
  it('reconnects on the subject scheduler after a drop, with the options given to reconnect()', () => {
    const { fake, scheduler, subject, states, summary } = watched(true);
    subject.subscribe({ error: () => {} });
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    expect(states.at(-1)).toMatchObject({ status: 'reconnecting', attempt: 1, delay: 100 });
    scheduler.flush();
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    expect(summary()).toEqual(['closed:idle', 'connecting', 'open', 'reconnecting', 'connecting', 'open']);
    subject.unsubscribe();
  });

  it('reconnects now on reconnectNow, keeping its subscribers and its queue; the old socket ends no one', () => {
    const fake = fakeWebSocket();
    const now = new Subject<void>();
    const subject = webSocket<string, string>({
      url: 'ws://test',
      WebSocket: fake.WebSocket,
      reconnect: reconnect({ environment: null, reconnectNow: now }),
    });
    const received: string[] = [];
    const ends: string[] = [];
    const subscription = subject.subscribe({
      next: (message) => received.push(message),
      error: () => ends.push('error'),
      complete: () => ends.push('complete'),
    });
    const states: string[] = [];
    subject.state$.subscribe((state) => states.push(state.status));
    const first = fake.last;
    first.open();
    first.receive('"one"');
    now.next();
    subject.next('queued while reconnecting');
    first.finishClose();
    expect(fake.sockets).toHaveLength(2);
    expect(first.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    const second = fake.last;
    second.open();
    second.receive('"two"');
    expect(second.sent).toEqual(['"queued while reconnecting"']);
    expect(received).toEqual(['one', 'two']);
    expect(ends).toEqual([]);
    expect(states).toEqual(['connecting', 'open', 'connecting', 'open']);
    subscription.unsubscribe();
    expect(now.observed).toBe(false);
    expect(second.closeCalls).toEqual([{}]); // the last subscriber left: no code, as rxjs
  });

  it("tells reconnect()'s own onState too", () => {
    const fake = fakeWebSocket();
    const seen: string[] = [];
    const subject = webSocket({
      url: 'ws://test',
      WebSocket: fake.WebSocket,
      reconnect: reconnect({ environment: null, onState: (state) => seen.push(state.status) }),
    });
    const subscription = subject.subscribe();
    fake.last.open();
    subscription.unsubscribe();
    expect(seen).toEqual(['connecting', 'open', 'closed']);
    expect(subject.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
  });

  // The policy and state$ read the typed error (with the runtime's error as its cause); the subscribers get the
  // CloseEvent, as rxjs's subject's do, however the connection ends uncleanly.
  it.each([
    ['a close the policy does not retry', { shouldReconnect: () => false }, 'policy'],
    ['maxAttempts', { maxAttempts: 0 }, 'max-attempts'],
  ] as const)(
    'ends on %s: the policy got the WebSocketCloseError, the subscribers the fitting error',
    (_, options, reason) => {
      const fake = fakeWebSocket();
      const asked: unknown[] = [];
      const subject = webSocket({
        url: 'ws://test',
        WebSocket: fake.WebSocket,
        reconnect: reconnect({
          environment: null,
          ...options,
          shouldReconnect: (why) => {
            asked.push(why);
            return 'shouldReconnect' in options ? options.shouldReconnect() : true;
          },
        }),
      });
      let error: unknown;
      subject.subscribe({ error: (e) => (error = e) });
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      expect(asked).toEqual([expect.objectContaining({ name: 'WebSocketCloseError', code: 1006 })]);
      expect(subject.state).toMatchObject({ status: 'closed', reason });
      if (reason === 'policy') {
        expect(error).toBeInstanceOf(CloseEvent);
        expect(error).toMatchObject({ type: 'close', code: 1006, wasClean: false });
        expect(subject.state).toMatchObject({ error: { name: 'WebSocketCloseError', code: 1006 } });
      } else {
        // Giving up is reconnect()'s own error, which rxjs has no counterpart of: it stays typed.
        expect(error).toMatchObject({ name: 'ReconnectStoppedError', cause: { name: 'WebSocketCloseError' } });
      }
    },
  );
});

describe('every state serializes as JSON (an app logs it, Angular shows it with its json pipe)', () => {
  it('for the subject, with and without reconnect, through open, a drop, a reconnection and the end', () => {
    for (const withReconnect of [false, true]) {
      const { fake, scheduler, subject, states } = watched(withReconnect);
      const subscription = subject.subscribe({ error: () => {} });
      fake.last.open();
      fake.last.serverClose(1006, '', false);
      scheduler.flush();
      if (withReconnect) fake.last.open();
      subscription.unsubscribe();
      expect(states.map((s) => s.status)).toContain('open');
      for (const state of states) {
        const json = JSON.parse(JSON.stringify(state)) as Record<string, unknown>;
        expect(json.status).toBe(state.status);
        // The socket serializes as the standard's does: no walk into the runtime's socket.
        if (state.status === 'open') expect(json.socket).toEqual({});
      }
    }
  });

  it("for reconnect()'s onState over fromWebSocket(), whose sockets are RxWebSockets", () => {
    const fake = fakeWebSocket();
    const scheduler = new TestScheduler(() => {});
    const states: ConnectionState[] = [];
    const subscription = fromWebSocket({ url: 'ws://test', WebSocket: fake.WebSocket })
      .pipe(reconnect({ initialDelay: 100, jitter: 0, environment: null, scheduler, onState: (s) => states.push(s) }))
      .subscribe();
    fake.last.open();
    fake.last.fail();
    scheduler.flush();
    fake.last.open();
    subscription.unsubscribe();
    expect(states.map((s) => s.status)).toEqual(['connecting', 'open', 'reconnecting', 'connecting', 'open', 'closed']);
    for (const state of states) expect(JSON.parse(JSON.stringify(state))).toMatchObject({ status: state.status });
  });
});
