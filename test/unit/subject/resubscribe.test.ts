// rxjs/webSocket's subject, after complete() or error({ code }), connects anew for the next subscriber: it does not
// join the socket that is closing, and a next() in between is sent on the new socket.
import { type ConnectionState, reconnect, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

type Message = { n: number };

describe.each([
  ['complete()', (subject: ReturnType<typeof webSocket<Message>>) => subject.complete(), {}],
  [
    'error({ code: 4000 })',
    (subject: ReturnType<typeof webSocket<Message>>) => subject.error({ code: 4000 }),
    { code: 4000, reason: '' },
  ],
] as const)('a subscribe() after %s', (_, end, close) => {
  const setup = () => {
    const fake = fakeWebSocket();
    const subject = webSocket<Message>({ url: 'ws://test', WebSocketCtor: fake.WebSocket });
    const first = { values: [] as Message[], completed: false };
    subject.subscribe({ next: (m) => first.values.push(m), complete: () => (first.completed = true) });
    fake.last.open();
    return { fake, subject, first };
  };

  it('opens a new socket, and the old subscribers end with the old one', () => {
    const { fake, subject, first } = setup();
    end(subject);
    expect(fake.sockets[0]?.closeCalls).toEqual([close]);
    const second = { values: [] as Message[], completed: false };
    subject.subscribe({ next: (m) => second.values.push(m), complete: () => (second.completed = true) });
    expect(fake.sockets).toHaveLength(2);
    fake.sockets[0]?.finishClose();
    expect(first.completed).toBe(true);
    expect(second.completed).toBe(false);
    fake.last.open();
    fake.last.receive('{"n":2}');
    expect(second.values).toEqual([{ n: 2 }]);
    expect(first.values).toEqual([]);
  });

  it('sends a next() made in between on the new socket, not the closing one', () => {
    const { fake, subject } = setup();
    end(subject);
    subject.next({ n: 1 });
    subject.subscribe();
    fake.sockets[0]?.finishClose();
    fake.last.open();
    expect(fake.sockets[0]?.sent).toEqual([]);
    expect(fake.last.sent).toEqual(['{"n":1}']);
  });

  it('shows the new connection in state$, not the old one closing', () => {
    const { fake, subject } = setup();
    const states: ConnectionState['status'][] = [];
    subject.state$.subscribe((state) => states.push(state.status));
    end(subject);
    subject.subscribe();
    fake.sockets[0]?.finishClose();
    fake.last.open();
    expect(states).toEqual(['open', 'connecting', 'open']);
    expect(subject.state.status).toBe('open');
  });

  it.each([
    ['with reconnect()', true],
    ['without reconnect()', false],
  ])('%s, the old connection stays closed when its close goes wrong, and one new socket opens', (_, reconnects) => {
    const scheduler = new TestScheduler(() => {});
    const fake = fakeWebSocket();
    const subject = webSocket<Message>({
      url: 'ws://test',
      WebSocketCtor: fake.WebSocket,
      ...(reconnects ? { reconnect: reconnect({ scheduler, environment: null, initialDelay: 100 }) } : {}),
    });
    const first: { error?: unknown } = {};
    subject.subscribe({ error: (error) => (first.error = error) });
    fake.last.open();
    end(subject);
    fake.last.serverClose(1006, '', false); // the link drops before the server answers the close
    expect(first.error).toMatchObject({ type: 'close', code: 1006, wasClean: false });
    expect(subject.state).toMatchObject({ status: 'closed', reason: 'client', error: { name: 'WebSocketCloseError' } });
    expect(scheduler.actions).toHaveLength(0); // no reconnection waiting
    subject.subscribe();
    scheduler.flush();
    expect(fake.sockets.map((socket) => socket.readyState)).toEqual([3, 0]);
  });

  it('with nobody subscribing again, state$ ends closed', () => {
    const { fake, subject } = setup();
    end(subject);
    fake.sockets[0]?.finishClose();
    expect(subject.state.status).toBe('closed');
    expect(fake.sockets).toHaveLength(1);
  });
});
