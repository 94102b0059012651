// A test double of the kind Angular apps write for rxjs/webSocket: only `on*` handler properties, called with plain
// objects that have no `type`, and no `addEventListener`. Code and tests written for rxjs/webSocket keep working
// when only the import changes.
import { RxWebSocket, reconnect, WebSocketCloseError, webSocket } from 'rx-websocket';
import { firstValueFrom } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { afterEach, describe, expect, it, vi } from 'vitest';

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
  ])(
    'an onerror alone (with %s) errors the subscribers with what the double passed, as rxjs does; state$ has the 1006 close',
    (_, make) => {
      const subject = webSocket({ url: 'ws://test', WebSocketCtor: MockWebSocket });
      let error: unknown;
      subject.subscribe({ error: (e: unknown) => (error = e) });
      MockWebSocket.last.open();
      const passed = make();
      MockWebSocket.last.onerror?.(passed);
      expect(error).toBe(passed);
      const stateError = subject.state.status === 'closed' ? subject.state.error : undefined;
      expect(stateError).toBeInstanceOf(WebSocketCloseError);
      expect(stateError).toMatchObject({ code: 1006, wasClean: false });
      expect((stateError as Error).cause).toBe('error' in passed ? passed.error : passed);
    },
  );

  it('an onerror() with no event errors the subscribers with nothing, as rxjs does; the stream still ends', () => {
    const subject = webSocket({ url: 'ws://test', WebSocketCtor: MockWebSocket });
    const ends: string[] = [];
    let error: unknown = 'not called';
    subject.subscribe({
      error: (e: unknown) => {
        error = e;
        ends.push('error');
      },
      complete: () => ends.push('complete'),
    });
    MockWebSocket.last.open();
    MockWebSocket.last.onerror?.(undefined);
    expect(ends).toEqual(['error']);
    expect(error).toBeUndefined();
    expect(subject.state).toMatchObject({ status: 'closed', error: { name: 'WebSocketCloseError', code: 1006 } });
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

  // Older test environments lack some of the platform's globals: jest-environment-node before 27.4.6 has no
  // `performance`.
  describe('without a global performance', () => {
    afterEach(() => vi.unstubAllGlobals());

    it.each([
      ['webSocket()', () => webSocket<string>({ url: 'ws://test', WebSocketCtor: MockWebSocket })],
      ['RxWebSocket', () => new RxWebSocket('ws://test', [], { WebSocket: MockWebSocket })],
    ])('%s opens and sends', (_, make) => {
      vi.stubGlobal('performance', undefined);
      const target = make();
      if (target instanceof RxWebSocket) target.next('hi');
      else {
        target.subscribe();
        target.next('hi');
      }
      MockWebSocket.last.open();
      expect(MockWebSocket.last.sent).toEqual([target instanceof RxWebSocket ? 'hi' : '"hi"']);
    });
  });
});

/** A double whose `binaryType` takes only 'arraybuffer', as the `websocket` package's w3cwebsocket. */
class ArrayBufferOnly extends MockWebSocket {
  static made: ArrayBufferOnly[] = [];
  #binaryType = 'arraybuffer';
  closeCalls = 0;
  constructor(url: string) {
    super(url);
    ArrayBufferOnly.made.push(this);
  }
  get binaryType(): string {
    return this.#binaryType;
  }
  set binaryType(type: string) {
    if (type !== 'arraybuffer') throw new SyntaxError('just "arraybuffer" type allowed for "binaryType" attribute');
    this.#binaryType = type;
  }
  override close(): void {
    this.closeCalls++;
    super.close();
  }
}

describe("a runtime that refuses the standard's default binaryType", () => {
  it.each([
    // The subject's default deserializer reads JSON from binary frames too; RxWebSocket gives the frame as it came.
    ['webSocket()', () => webSocket<unknown>({ url: 'ws://test', WebSocketCtor: ArrayBufferOnly }), [1]],
    ['RxWebSocket', () => new RxWebSocket('ws://test', [], { WebSocket: ArrayBufferOnly }).data$, [91, 49, 93]],
  ])('keeps its own arraybuffer when the app chose none: %s receives binary messages', async (_, make, expected) => {
    const received = firstValueFrom(make());
    const double = ArrayBufferOnly.made.at(-1) as ArrayBufferOnly;
    double.open();
    double.onmessage?.({ data: new TextEncoder().encode('[1]').buffer });
    const value = await received;
    expect(value instanceof ArrayBuffer ? [...new Uint8Array(value)] : value).toEqual(expected);
    expect(double.binaryType).toBe('arraybuffer');
  });

  it.each([
    [
      'webSocket()',
      () =>
        new Promise((resolve) =>
          webSocket({ url: 'ws://test', WebSocketCtor: ArrayBufferOnly, binaryType: 'blob' }).subscribe({
            error: resolve,
          }),
        ),
    ],
    [
      'RxWebSocket',
      async () => {
        try {
          new RxWebSocket('ws://test', [], { WebSocket: ArrayBufferOnly, binaryType: 'blob' });
        } catch (error) {
          return error;
        }
      },
    ],
  ])('fails with its error when the app chose the type it refuses, and closes the socket (%s)', async (_, attempt) => {
    ArrayBufferOnly.made = [];
    expect(await attempt()).toMatchObject({
      name: 'InvalidOptionError',
      option: 'binaryType',
      cause: { name: 'SyntaxError', message: expect.stringContaining('arraybuffer') },
    });
    expect(ArrayBufferOnly.made).toHaveLength(1);
    expect(ArrayBufferOnly.made[0]?.closeCalls).toBe(1);
    expect(ArrayBufferOnly.made[0]?.onmessage).toBeNull();
  });
});

describe('a binaryType the runtime refuses', () => {
  it('stops reconnect() at once: bad input, which no retry fixes', () => {
    const scheduler = new TestScheduler(() => {});
    ArrayBufferOnly.made = [];
    const subject = webSocket({
      url: 'ws://test',
      WebSocketCtor: ArrayBufferOnly,
      binaryType: 'blob',
      reconnect: reconnect({ scheduler, environment: null, initialDelay: 10 }),
    });
    let error: unknown;
    subject.subscribe({ error: (e: unknown) => (error = e) });
    scheduler.flush();
    expect(error).toMatchObject({ name: 'InvalidOptionError', option: 'binaryType' });
    expect(subject.state).toMatchObject({ status: 'closed', reason: 'error' });
    expect(ArrayBufferOnly.made).toHaveLength(1);
  });

  it('leaves an open socket as it was when set later', () => {
    const socket = new RxWebSocket('ws://test', [], { WebSocket: ArrayBufferOnly });
    (ArrayBufferOnly.made.at(-1) as ArrayBufferOnly).open();
    expect(() => {
      socket.binaryType = 'blob';
    }).toThrow(SyntaxError);
    expect(socket.binaryType).toBe('arraybuffer');
  });
});
