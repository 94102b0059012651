// A test double of the kind Angular apps write for rxjs/webSocket: only `on*` handler properties, called with plain
// objects that have no `type`, and no `addEventListener`. Code and tests written for rxjs/webSocket keep working
// when only the import changes.
import { RxWebSocket, WebSocketCloseError, webSocket } from 'rx-websocket';
import { describe, expect, it } from 'vitest';

class MockWebSocket {
  static last: MockWebSocket;
  readyState = 0;
  readonly sent: string[] = [];
  onopen: ((event: unknown) => void) | null = null;
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: unknown) => void) | null = null;
  onclose: ((event: { code: number; reason: string; wasClean: boolean }) => void) | null = null;
  constructor(readonly url: string) {
    MockWebSocket.last = this;
  }
  send(data: string): void {
    this.sent.push(data);
  }
  close(): void {
    this.readyState = 3;
  }
  // What the app's test does to play the server:
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
}

describe('an on*-only test double', () => {
  it('drives webSocket(): open flushes the queue, messages arrive, a clean close completes', () => {
    const subject = webSocket<{ n: number }>({ url: 'ws://test', WebSocketCtor: MockWebSocket });
    const received: unknown[] = [];
    let completed = false;
    subject.subscribe({ next: (m) => received.push(m), complete: () => (completed = true) });
    subject.next({ n: 1 });
    const mock = MockWebSocket.last;
    mock.open();
    expect(mock.sent).toEqual(['{"n":1}']);
    mock.onmessage?.({ data: '{"n":2}' });
    expect(received).toEqual([{ n: 2 }]);
    mock.readyState = 3;
    mock.onclose?.({ code: 1000, reason: '', wasClean: true });
    expect(completed).toBe(true);
  });

  it("passes on a message the double sends before open, as rxjs's subject does (no runtime sends one)", () => {
    const subject = webSocket<string>({ url: 'ws://test', WebSocketCtor: MockWebSocket, deserializer: (e) => e.data });
    const received: unknown[] = [];
    subject.subscribe((m) => received.push(m));
    MockWebSocket.last.onmessage?.({ data: 'early' });
    expect(received).toEqual(['early']);
  });

  it('closes a socket left before open, and again when the double opens it anyway, as rxjs does', () => {
    const subject = webSocket({ url: 'ws://test', WebSocketCtor: MockWebSocket });
    subject.subscribe().unsubscribe();
    const mock = MockWebSocket.last;
    const closes: unknown[][] = [];
    const close = mock.close.bind(mock);
    mock.close = (...args: unknown[]) => {
      closes.push(args);
      close();
    };
    mock.open(); // no runtime opens after close() while connecting; this double does
    expect(closes).toEqual([[]]);
    expect(mock.readyState).toBe(3);
  });

  it.each([
    ['an Error', () => new Error('boom')],
    ['a plain object', () => ({ message: 'boom' })],
    ['an object with error', () => ({ error: new Error('boom') })],
  ])('an onerror alone (with %s) errors the subscribers with what the double passed as the cause', (_, make) => {
    const subject = webSocket({ url: 'ws://test', WebSocketCtor: MockWebSocket });
    let error: unknown;
    subject.subscribe({ error: (e: unknown) => (error = e) });
    MockWebSocket.last.open();
    const passed = make();
    MockWebSocket.last.onerror?.(passed);
    expect(error).toBeInstanceOf(WebSocketCloseError);
    expect(error).toMatchObject({ code: 1006, wasClean: false });
    expect((error as Error).cause).toBe('error' in passed ? passed.error : passed);
  });

  it('gives RxWebSocket the standard events, and releases the handlers on close', () => {
    const socket = new RxWebSocket('ws://test', [], { WebSocket: MockWebSocket });
    const mock = MockWebSocket.last;
    const events: string[] = [];
    for (const type of ['open', 'message', 'close'] as const) socket.addEventListener(type, (e) => events.push(e.type));
    mock.open();
    mock.onmessage?.({ data: 'hi' });
    mock.readyState = 3;
    mock.onclose?.({ code: 4000, reason: 'bye', wasClean: true });
    expect(events).toEqual(['open', 'message', 'close']);
    expect([mock.onopen, mock.onmessage, mock.onerror, mock.onclose]).toEqual([null, null, null, null]);
  });
});
