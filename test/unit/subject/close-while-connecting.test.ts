// complete() and error({ code }) while the socket connects wait for it to open, as rxjs/webSocket's do (its queue
// holds them behind the messages sent before): the socket sends those, then closes. rxjs-parity.test.ts compares
// the common path side by side; this file covers what rxjs has no counterpart of.
import {
  CloseEvent,
  ConnectionTimeoutError,
  reconnect,
  WebSocketCloseError,
  type WebSocketSubject,
  webSocket,
} from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

type Message = { n: number };

function setup(withReconnect: boolean) {
  const scheduler = new TestScheduler(() => {});
  const fake = fakeWebSocket();
  const closing: number[] = [];
  const subject = webSocket<Message>({
    url: 'ws://test',
    WebSocket: fake.WebSocket,
    closingObserver: { next: () => closing.push(fake.last.readyState) },
    ...(withReconnect ? { reconnect: reconnect({ scheduler, environment: null, initialDelay: 100 }) } : {}),
  });
  return { scheduler, fake, subject, closing };
}

describe.each([
  ['without reconnect()', false],
  ['with reconnect()', true],
])('complete() while connecting, %s', (_, withReconnect) => {
  it('sends what was queued before it on open, tells closingObserver with the socket open, then closes it for good', () => {
    const { scheduler, fake, subject, closing } = setup(withReconnect);
    const ends: string[] = [];
    subject.subscribe({ complete: () => ends.push('complete'), error: () => ends.push('error') });
    subject.next({ n: 1 });
    subject.complete();
    expect([closing, ends, fake.last.closeCalls]).toEqual([[], [], []]);
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"n":1}']);
    expect(closing).toEqual([1]); // told once the socket opened, before it closes
    expect(fake.last.closeCalls).toEqual([{}]);
    fake.last.finishClose();
    expect(ends).toEqual(['complete']);
    expect(subject.state).toMatchObject({ status: 'closed', reason: 'client' });
    scheduler.flush();
    expect(fake.sockets).toHaveLength(1); // no reconnection: the app closed it
  });

  it('keeps a next() made after it for the next connection, as after complete() on an open socket', () => {
    const { fake, subject } = setup(withReconnect);
    subject.subscribe();
    subject.next({ n: 1 });
    subject.complete();
    subject.next({ n: 2 });
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"n":1}']);
    fake.last.finishClose();
    subject.subscribe();
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"n":2}']);
  });

  it('keeps a next() made after it for the next connection also when openObserver sends (which waits with it)', () => {
    const fake = fakeWebSocket();
    const subject = webSocket<Message>({
      url: 'ws://test',
      WebSocket: fake.WebSocket,
      openObserver: { next: () => subject.next({ n: 3 }) },
      ...(withReconnect ? { reconnect: reconnect({ environment: null }) } : {}),
    });
    subject.subscribe({ error: () => {} });
    subject.next({ n: 1 });
    subject.complete();
    subject.next({ n: 2 });
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"n":1}']);
    fake.last.finishClose();
    subject.subscribe({ error: () => {} });
    fake.last.open();
    // The next socket's open sends too: after what waited.
    expect(fake.last.sent).toEqual(['{"n":2}', '{"n":3}', '{"n":3}']);
    subject.unsubscribe();
  });

  it.each<readonly [string, (subject: ReturnType<typeof setup>['subject']) => void]>([
    ['complete()', (subject) => subject.complete()],
    ['error({ code: 4000 })', (subject) => subject.error({ code: 4000, reason: 'shutdown' })],
  ])(
    '%s, then a socket that never opens: ends as the connection failed, without reconnecting or telling closingObserver',
    (_, close) => {
      const { scheduler, fake, subject, closing } = setup(withReconnect);
      let error: unknown;
      const states: string[] = [];
      subject.state$.subscribe((state) => states.push(state.status));
      subject.subscribe({ error: (e) => (error = e) });
      close(subject);
      fake.last.fail();
      // Without reconnect(), at the error event with it, as rxjs; with it, at the close with the CloseEvent.
      if (withReconnect) expect(error).toBeInstanceOf(CloseEvent);
      expect(error).toMatchObject(withReconnect ? { code: 1006, wasClean: false } : { type: 'error' });
      expect(closing).toEqual([]);
      // The app's close, however it ended: never a reconnection on the way, as on an open socket.
      expect(states).toEqual(['closed', 'connecting', 'closed']);
      expect(subject.state).toMatchObject({ status: 'closed', reason: 'client', lastClose: { code: 1006 } });
      expect(subject.state.status === 'closed' && subject.state.error).toBeInstanceOf(WebSocketCloseError);
      scheduler.flush();
      expect(fake.sockets).toHaveLength(1);
      expect(fake.last.listenerCount()).toBe(0);
      expect(scheduler.actions).toHaveLength(0);
    },
  );

  it('is cut short by unsubscribe(), which closes the connecting socket at once, as rxjs does', () => {
    const { fake, subject, closing } = setup(withReconnect);
    subject.subscribe({ error: () => {} });
    subject.next({ n: 1 });
    subject.complete();
    subject.unsubscribe();
    expect(fake.last.closeCalls).toEqual([{}]);
    fake.last.finishClose();
    expect(fake.last.sent).toEqual([]);
    expect(closing).toEqual([]);
    expect(fake.last.listenerCount()).toBe(0);
  });

  it('is cut short when the last subscriber leaves: the connecting socket closes at once', () => {
    const { fake, subject } = setup(withReconnect);
    const subscription = subject.subscribe();
    subject.complete();
    subscription.unsubscribe();
    expect(fake.last.closeCalls).toEqual([{}]);
  });
});

it.each<readonly [string, (subject: WebSocketSubject<Message>) => void]>([
  ['complete()', (subject) => subject.complete()],
  ['error({ code: 4000 })', (subject) => subject.error({ code: 4000, reason: 'shutdown' })],
])('%s while connecting, then the connection timeout: ends as the app closed it, without reconnecting', (_, close) => {
  const scheduler = new TestScheduler(() => {});
  const fake = fakeWebSocket();
  const subject = webSocket<Message>({
    url: 'ws://test',
    WebSocket: fake.WebSocket,
    reconnect: reconnect({ scheduler, environment: null, initialDelay: 100, connectionTimeout: 500 }),
  });
  const states: string[] = [];
  subject.state$.subscribe((state) => states.push(state.status));
  let error: unknown;
  subject.subscribe({ error: (e) => (error = e) });
  close(subject);
  scheduler.flush();
  expect(error).toBeInstanceOf(ConnectionTimeoutError);
  expect(states).toEqual(['closed', 'connecting', 'closed']);
  expect(subject.state).toMatchObject({ status: 'closed', reason: 'client' });
  expect(fake.sockets).toHaveLength(1);
  expect(fake.last.closeCalls).toHaveLength(1); // the abandoned socket is closed (still connecting: no close frame)
  expect(scheduler.actions).toHaveLength(0);
});
