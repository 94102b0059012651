// The subject drives the runtime's socket itself, through the transport seam (as rxjs's subject does), with
// reconnect() deciding only when the next socket opens and backpressure() only when the queue may send. These tests
// hold every combination to the same contract, for every way a socket ends.
import {
  backpressure,
  bufferedAmount$,
  type CloseEvent,
  type ConnectedSocket,
  RxWebSocket,
  reconnect,
  type WebSocketSubjectConfig,
  webSocket,
  whenDrained,
} from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import type { Unsubscribable } from 'rxjs';
import { describe, expect, it } from 'vitest';

type Message = { type: string };

const ENGINES: ReadonlyArray<readonly [string, () => Partial<WebSocketSubjectConfig<Message>>]> = [
  ['rxjs config keys', () => ({})],
  ['reconnect() (which never retries here)', () => ({ reconnect: reconnect({ shouldReconnect: () => false }) })],
  ['backpressure()', () => ({ backpressure: backpressure() })],
];

function setup(extra: Partial<WebSocketSubjectConfig<Message>>) {
  const fake = fakeWebSocket();
  const closes: Array<Pick<CloseEvent, 'code' | 'wasClean'>> = [];
  const opens: Event[] = [];
  const subject = webSocket<Message>({
    url: 'ws://test/',
    WebSocket: fake.WebSocket,
    openObserver: { next: (event) => opens.push(event) },
    closeObserver: { next: ({ code, wasClean }) => closes.push({ code, wasClean }) },
    ...extra,
  });
  return { fake, subject, closes, opens };
}

/** Every way an open socket ends, with the close the app's closeObserver must be told of. */
type Ending = (world: ReturnType<typeof setup>, fake: FakeWebSocket, subscription: Unsubscribable) => void;
const ENDINGS: ReadonlyArray<readonly [string, Ending, number, boolean]> = [
  ['the server closes cleanly', (_, fake) => fake.serverClose(4000, 'bye'), 4000, true],
  ['the connection drops', (_, fake) => fake.serverClose(1006, '', false), 1006, false],
  [
    'complete()',
    ({ subject }, fake) => {
      subject.complete();
      fake.finishClose();
    },
    1005, // closed without a code, as rxjs's subject closes
    true,
  ],
  [
    'error({ code })',
    ({ subject }, fake) => {
      subject.error({ code: 4001, reason: 'x' });
      fake.finishClose();
    },
    4001,
    true,
  ],
  [
    'the last subscriber leaves',
    (_, fake, subscription) => {
      subscription.unsubscribe();
      fake.finishClose();
    },
    1005, // closed without a code, as rxjs's subject closes
    true,
  ],
  [
    'unsubscribe() ends the subject',
    ({ subject }, fake) => {
      subject.unsubscribe();
      fake.finishClose();
    },
    1005, // closed without a code, as rxjs's subject closes
    true,
  ],
];

describe.each(ENGINES)('webSocket() with %s', (_, extra) => {
  it('gives its own socket, not an RxWebSocket, as subject.socket and state.socket', () => {
    const { fake, subject } = setup(extra());
    subject.subscribe();
    fake.last.open('chat.v1');
    const socket = subject.socket as ConnectedSocket;
    expect(socket).not.toBeInstanceOf(RxWebSocket);
    expect(subject.state).toEqual({ status: 'open', socket });
    expect([socket.url, socket.protocol, socket.readyState]).toEqual(['ws://test/', 'chat.v1', 1]);
  });

  it("tells openObserver with an event whose target is the socket, which sends before the queue's messages", () => {
    const { fake, subject, opens } = setup({
      ...extra(),
      openObserver: { next: (event) => event.target.send('hello') },
    });
    subject.next({ type: 'queued' });
    subject.subscribe();
    fake.last.open();
    expect(fake.last.sent).toEqual(['hello', '{"type":"queued"}']);
    expect(opens).toEqual([]); // the observer above replaced the recording one
  });

  it.each(ENDINGS)('tells closeObserver once when %s, and releases every listener', (_, end, code, wasClean) => {
    const world = setup(extra());
    const ended: string[] = [];
    const subscription = world.subject.subscribe({
      error: () => ended.push('error'),
      complete: () => ended.push('complete'),
    });
    const fake = world.fake.last;
    fake.open();
    end(world, fake, subscription);
    expect(world.closes).toEqual([{ code, wasClean }]);
    expect(fake.listenerCount()).toBe(0);
    expect(ended.length).toBeLessThanOrEqual(1);
  });

  it('lets bufferedAmount$() and whenDrained() read the socket, and end with its close', () => {
    const { fake, subject } = setup(extra());
    subject.subscribe({ error: () => {} });
    fake.last.open();
    const socket = subject.socket as ConnectedSocket;
    fake.last.bufferedAmount = 100;
    const amounts: number[] = [];
    let done = false;
    bufferedAmount$(socket).subscribe({ next: (n) => amounts.push(n), complete: () => (done = true) });
    const drained: unknown[] = [];
    whenDrained(socket, 10).subscribe({ next: (n) => drained.push(n), error: (e: unknown) => drained.push(e) });
    fake.last.serverClose(1006, '', false);
    expect([amounts, done]).toEqual([[100], true]);
    expect(drained).toEqual([expect.objectContaining({ name: 'WebSocketCloseError', code: 1006 })]);
  });

  it('validates close() on the socket as the standard does, and leaves it open on a rejected call', () => {
    const { fake, subject } = setup(extra());
    subject.subscribe();
    fake.last.open();
    const socket = subject.socket as ConnectedSocket;
    expect(() => socket.close(1001)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
    expect(() => socket.close(4000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(socket.readyState).toBe(1);
    socket.close(4000, 'done');
    expect([socket.readyState, fake.last.closeCalls]).toEqual([2, [{ code: 4000, reason: 'done' }]]);
    socket.send('late');
    expect(socket.bufferedAmount).toBe(4); // bytes sent after closing are counted, as the standard says
  });
});

describe("webSocket()'s socket: what the standard's socket does", () => {
  it('reports CLOSING once the server sent its close frame, and ignores a binaryType it does not know', () => {
    const { fake, subject } = setup({});
    subject.subscribe();
    fake.last.open();
    const socket = subject.socket as ConnectedSocket;
    socket.binaryType = 'arraybuffer';
    socket.binaryType = 'nonsense' as never;
    expect([socket.binaryType, fake.last.binaryType]).toEqual(['arraybuffer', 'arraybuffer']);
    fake.last.readyState = 2;
    expect(socket.readyState).toBe(2);
  });

  it('drops messages that arrive once close() was called, as the standard does', () => {
    const { fake, subject } = setup({});
    const seen: Message[] = [];
    subject.subscribe((m) => seen.push(m));
    fake.last.open();
    fake.last.receive('{"type":"before"}');
    subject.socket?.close(1000);
    fake.last.receive('{"type":"after"}');
    expect(seen).toEqual([{ type: 'before' }]);
  });
});
