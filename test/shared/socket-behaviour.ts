// The behaviour every runtime must show, run against every transport: `ws`, undici 7, Node's own global WebSocket
// (undici 6), mock-socket, FakeWebSocket, an `on*`-only double and Chromium's native WebSocket. It talks to the test server's command protocol (test/helpers/test-server.ts),
// so it runs unchanged in Node and in the browser.
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import {
  CLOSED,
  CONNECTING,
  fromWebSocket,
  isWebSocketCloseError,
  OPEN,
  RxWebSocket,
  type WebSocketConstructorLike,
  type WebSocketLike,
} from '../../src/index.js';

export interface RuntimeUnderTest {
  /** The underlying constructor; `undefined` uses `globalThis.WebSocket`. */
  WebSocket: WebSocketConstructorLike | undefined;
  /** The test server's URL. */
  url(): string;
  /**
   * Binary messages arrive as `Blob` or `ArrayBuffer` per `binaryType`, and typed arrays are sent as
   * binary (mock-socket passes an ArrayBuffer or Blob as it is and sends typed arrays as text).
   */
  binaryTypes: boolean;
  /** `wasClean` follows the closing handshake (mock-socket calls only 1000 and 1005 clean). */
  cleanAppCodes: boolean;
  /**
   * What the server sends as the connection opens arrives after the microtasks queued by `open`, as each message is a
   * task of its own in the standard (mock-socket delivers it inside the turn of `open`, and RxWebSocket passes it on
   * as it comes).
   */
  messagesAsTasks?: boolean;
  /** Runs after each test, for instance to wait until the server holds no connection. */
  afterEach?: () => Promise<void>;
}

type Recorded = { socket: WebSocketLike; closed: Promise<void> };

/**
 * A constructor that records the underlying sockets it creates, with a promise of each one's close
 * event (listened to from the start: undici fires it synchronously inside close() and then reports
 * CLOSING for ever).
 */
function recording(runtime: RuntimeUnderTest): { WebSocket: WebSocketConstructorLike; created: Recorded[] } {
  const Base = runtime.WebSocket ?? (globalThis as unknown as { WebSocket: WebSocketConstructorLike }).WebSocket;
  const created: Recorded[] = [];
  // A constructor that returns another object: `new` yields the underlying socket itself.
  class Recording {
    constructor(url: string, protocols?: string | string[]) {
      const socket = protocols === undefined ? new Base(url) : new Base(url, protocols);
      // A double without addEventListener says itself when it has closed. Node's global WebSocket (undici 6) never
      // fires `close` for a connection that did not open: its `error` is the end there.
      const closed =
        (socket as { closed?: Promise<void> }).closed ??
        new Promise<void>((resolve) => {
          socket.addEventListener?.('close', () => resolve());
          socket.addEventListener?.('error', () => {
            if (socket.readyState !== 1) resolve();
          });
        });
      created.push({ socket, closed });
      // biome-ignore lint/correctness/noConstructorReturn: the recorded socket is the constructed object.
      return socket;
    }
  }
  return { WebSocket: Recording as unknown as WebSocketConstructorLike, created };
}

export function describeSocketBehaviour(name: string, runtime: RuntimeUnderTest): void {
  describe(`RxWebSocket on ${name}`, () => {
    const open: RxWebSocket[] = [];
    const create = (protocols?: string | string[], options: { binaryType?: 'blob' | 'arraybuffer' } = {}) => {
      const socket = new RxWebSocket(runtime.url(), protocols, {
        ...(runtime.WebSocket ? { WebSocket: runtime.WebSocket } : {}),
        ...options,
      });
      open.push(socket);
      return socket;
    };
    const opened = async (socket: RxWebSocket) => {
      await firstValueFrom(socket.open$);
      return socket;
    };
    const echo = async (socket: RxWebSocket, data: Parameters<RxWebSocket['send']>[0]) => {
      const reply = firstValueFrom(socket.data$);
      socket.send(data);
      return reply;
    };

    afterEach(async () => {
      for (const socket of open.splice(0)) {
        if (socket.readyState !== CLOSED) {
          const closed = firstValueFrom(socket.close$);
          socket.close();
          await closed;
        }
      }
      await runtime.afterEach?.();
    });

    it('delivers open, messages and close in the standard order, with the standard fields', async () => {
      const socket = create(['chat', 'superchat']);
      const events: string[] = [];
      for (const type of ['open', 'message', 'error', 'close'] as const) {
        socket.addEventListener(type, (event) => events.push(event.type));
      }
      const states = lastValueFrom(socket.readyState$.pipe(toArray()));
      expect(socket.readyState).toBe(CONNECTING);
      await opened(socket);
      expect(socket.readyState).toBe(OPEN);
      expect(socket.protocol).toBe('chat');
      expect(typeof socket.extensions).toBe('string');

      const message = firstValueFrom(socket.message$);
      socket.send('hello');
      const event = await message;
      expect(event.data).toBe('hello');
      expect(event.origin).toBe(new URL(runtime.url()).origin);
      expect(event.target).toBe(socket);

      const close = firstValueFrom(socket.close$);
      socket.send('close:4001:done');
      const closeEvent = await close;
      expect([closeEvent.code, closeEvent.reason]).toEqual([4001, 'done']);
      if (runtime.cleanAppCodes) expect(closeEvent.wasClean).toBe(true);
      expect(events).toEqual(['open', 'message', 'close']);
      expect(await states).toEqual([CONNECTING, OPEN, CLOSED]);
    });

    // A browser fires each message as a task of its own, so the microtasks after `open` (an `await`) run first; ws
    // reads the frames that came with the handshake in the same turn as `open`.
    it.skipIf(runtime.messagesAsTasks === false)(
      'gives a subscriber that came after awaiting open the messages the server sent on connection',
      async () => {
        const socket = await opened(create('greet'));
        const messages: string[] = [];
        socket.addEventListener('message', (event) => messages.push(`event:${event.data}`));
        expect(await firstValueFrom(socket.data$.pipe(take(2), toArray()))).toEqual(['hello', 'second']);
        expect(messages).toEqual(['event:hello', 'event:second']);
      },
    );

    it('gives message$ alone a real MessageEvent with the fields of a dispatched one', async () => {
      const socket = create();
      await opened(socket);
      const message = firstValueFrom(socket.message$);
      socket.send('solo');
      const event = await message;
      expect(event).toBeInstanceOf(MessageEvent);
      expect(event).toBeInstanceOf(Event);
      expect(Object.prototype.toString.call(event)).toBe(Object.prototype.toString.call(new MessageEvent('x')));
      expect([event.type, event.data, event.origin, event.lastEventId]).toEqual([
        'message',
        'solo',
        new URL(runtime.url()).origin,
        '',
      ]);
      expect([event.source, event.ports]).toEqual([null, []]);
      expect(event.target).toBe(socket);
      expect(event.srcElement).toBe(socket);
      expect([event.currentTarget, event.eventPhase, event.composedPath()]).toEqual([null, 0, []]);
      expect([event.bubbles, event.cancelable, event.isTrusted]).toEqual([false, false, false]);
      socket.close();
    });

    it('gives a late open$ subscriber an open event like the dispatched one', async () => {
      const socket = create();
      // Waits through a listener, not open$: an open$ subscriber from before open would keep the original.
      const original = await new Promise<Event>((resolve) => socket.addEventListener('open', resolve, { once: true }));
      const late = await firstValueFrom(socket.open$);
      expect(late).not.toBe(original);
      expect(late).toBeInstanceOf(Event);
      expect([late.type, late.target, late.srcElement, late.currentTarget, late.eventPhase]).toEqual([
        'open',
        socket,
        socket,
        null,
        0,
      ]);
      expect(late.timeStamp).toBe(original.timeStamp);
      socket.close();
    });

    it('queues next() while connecting and sends the queue in order on open', async () => {
      const socket = create();
      const received = firstValueFrom(socket.data$.pipe(take(3), toArray()));
      socket.next('a');
      socket.next('b');
      socket.next('c');
      expect(socket.readyState).toBe(CONNECTING);
      expect(await received).toEqual(['a', 'b', 'c']);
    });

    it('throws InvalidStateError for send() while CONNECTING and sends nothing', async () => {
      const socket = create();
      expect(() => socket.send('too early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
      expect(socket.readyState).toBe(CONNECTING);
      await opened(socket);
      expect(await echo(socket, 'after')).toBe('after');
    });

    it('rejects the close codes and reasons the standard forbids and stays open', async () => {
      const socket = await opened(create());
      let closeEvents = 0;
      socket.onclose = () => closeEvents++;
      for (const code of [0, 999, 1001, 1005, 1006, 2999, 5000, 65535]) {
        expect(() => socket.close(code)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
      }
      expect(() => socket.close(1000, 'x'.repeat(124))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
      expect(() => socket.close(4000, 'é'.repeat(62))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
      expect(socket.readyState).toBe(OPEN);
      expect(await echo(socket, 'still open')).toBe('still open');
      expect(closeEvents).toBe(0);
    });

    it('sends the close code and reason to the server', async () => {
      const socket = await opened(create());
      const close = firstValueFrom(socket.close$);
      socket.close(4002, 'bye');
      expect(socket.readyState).toBe(2);
      const event = await close;
      expect([event.code, event.reason]).toEqual([4002, 'bye']);
      const probe = await opened(create());
      expect(JSON.parse(String(await echo(probe, 'last-close')))).toEqual({ code: 4002, reason: 'bye' });
    });

    it('round-trips ArrayBuffer, typed arrays and Blob', async () => {
      const socket = await opened(create([], { binaryType: 'arraybuffer' }));
      expect(socket.binaryType).toBe('arraybuffer');
      const bytes = new Uint8Array([1, 2, 3, 250]);
      const inputs = runtime.binaryTypes
        ? [bytes, bytes.buffer, new DataView(bytes.buffer), new Blob([bytes])]
        : [bytes.buffer, new Blob([bytes])];
      for (const input of inputs) {
        const reply = await echo(socket, input);
        const data = runtime.binaryTypes ? reply : await toArrayBuffer(reply);
        expect(data).toBeInstanceOf(ArrayBuffer);
        expect([...new Uint8Array(data as ArrayBuffer)]).toEqual([1, 2, 3, 250]);
      }
      if (runtime.binaryTypes) {
        socket.binaryType = 'blob';
        const reply = await echo(socket, bytes);
        expect(reply).toBeInstanceOf(Blob);
        expect([...new Uint8Array(await (reply as Blob).arrayBuffer())]).toEqual([1, 2, 3, 250]);
      }
    });

    it('completes message$ and data$ on a clean close', async () => {
      const socket = await opened(create());
      const messages = lastValueFrom(socket.data$.pipe(toArray()));
      socket.send('burst:3');
      await firstValueFrom(socket.data$.pipe(take(3), toArray()));
      socket.send('close:1000:done');
      expect(await messages).toEqual(['m0', 'm1', 'm2']);
    });

    it('errors message$ with WebSocketCloseError when the connection drops', async () => {
      const socket = await opened(create());
      const events: string[] = [];
      // The standard sets readyState to CLOSED before it fires error (if any) and close.
      socket.addEventListener('error', () => events.push(`error:${socket.readyState}`));
      socket.addEventListener('close', () => events.push(`close:${socket.readyState}`));
      const failure = lastValueFrom(socket.message$).then(
        () => 'completed',
        (error: unknown) => error,
      );
      socket.send('terminate');
      const error = await failure;
      expect(isWebSocketCloseError(error)).toBe(true);
      expect(error).toMatchObject({ code: 1006, wasClean: false });
      expect(events.at(-1)).toBe(`close:${CLOSED}`);
      expect(events.filter((e) => e.startsWith('error'))).toEqual(events.includes('error:3') ? ['error:3'] : []);
    });

    it('fails the connection when close() is called while CONNECTING: error, then close 1006, never open', async () => {
      const socket = create();
      const events: string[] = [];
      for (const type of ['open', 'error', 'close'] as const) {
        socket.addEventListener(type, (e) => events.push(`${e.type}:${socket.readyState}`));
      }
      const close = firstValueFrom(socket.close$);
      socket.close(1000);
      expect(socket.readyState).toBe(2);
      const event = await close;
      expect([event.code, event.wasClean]).toEqual([1006, false]);
      expect(events).toEqual([`error:${CLOSED}`, `close:${CLOSED}`]);
      expect(socket.readyState).toBe(CLOSED);
      await expect(firstValueFrom(socket.open$)).rejects.toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
    });

    it('counts data sent after close in bufferedAmount, as the standard says', async () => {
      const socket = await opened(create());
      expect(socket.bufferedAmount).toBeGreaterThanOrEqual(0);
      const close = firstValueFrom(socket.close$);
      socket.close();
      await close;
      const before = socket.bufferedAmount;
      socket.send('abc');
      socket.send(new Uint8Array(5));
      expect(socket.bufferedAmount - before).toBe(8);
    });

    it('fromWebSocket() emits the socket once OPEN and closes it with 1000 on unsubscribe', async () => {
      const { WebSocket } = recording(runtime);
      let subscription: { unsubscribe(): void } | undefined;
      const socket = await new Promise<RxWebSocket>((resolve, reject) => {
        subscription = fromWebSocket({ url: runtime.url(), WebSocket }).subscribe({ next: resolve, error: reject });
      });
      expect(socket.readyState).toBe(OPEN);
      const close = firstValueFrom(socket.close$);
      subscription?.unsubscribe();
      expect(socket.readyState).toBe(2);
      expect((await close).code).toBe(1000);
      const probe = await opened(create());
      expect(JSON.parse(String(await echo(probe, 'last-close')))).toMatchObject({ code: 1000 });
    });

    it('fromWebSocket() closes the socket when unsubscribed while CONNECTING and never delivers open', async () => {
      const { WebSocket, created } = recording(runtime);
      const emitted: RxWebSocket[] = [];
      const subscription = fromWebSocket({ url: runtime.url(), WebSocket }).subscribe((s) => emitted.push(s));
      expect(created).toHaveLength(1);
      subscription.unsubscribe();
      await (created[0] as Recorded).closed;
      expect(emitted).toEqual([]);
    });

    const refusedUrl = 'ws://127.0.0.1:1/';
    const events = (socket: RxWebSocket) => {
      const seen: string[] = [];
      // With the ready state at each event: the standard sets CLOSED before it fires error and close.
      for (const type of ['open', 'error', 'close'] as const) {
        socket.addEventListener(type, (e) => seen.push(`${e.type}:${socket.readyState}`));
      }
      return seen;
    };

    it.each([
      ['a refused connection', () => refusedUrl],
      ['a handshake that fails with HTTP 401', () => new URL('/reject', runtime.url()).href],
    ])('reports %s as error, then close 1006, and ends CLOSED', async (_, url) => {
      const socket = new RxWebSocket(url(), [], runtime.WebSocket ? { WebSocket: runtime.WebSocket } : {});
      open.push(socket);
      const seen = events(socket);
      const close = await firstValueFrom(socket.close$);
      expect([close.code, close.wasClean]).toEqual([1006, false]);
      expect(seen).toEqual([`error:${CLOSED}`, `close:${CLOSED}`]);
      expect(socket.readyState).toBe(CLOSED);
      await expect(firstValueFrom(socket.open$)).rejects.toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
    });

    it.each([1000, 1001, 1003, 1007, 1008, 1011, 1012, 1013, 3000, 3999, 4000, 4999])(
      'reports a server close with %i and its reason',
      async (code) => {
        const socket = await opened(create());
        const seen = events(socket);
        const close = firstValueFrom(socket.close$);
        socket.send(`close:${code}:bye ${code}`);
        const event = await close;
        expect([event.code, event.reason]).toEqual([code, `bye ${code}`]);
        if (runtime.cleanAppCodes) expect(event.wasClean).toBe(true);
        expect(seen).toEqual([`close:${CLOSED}`]);
        expect(socket.readyState).toBe(CLOSED);
      },
    );

    it.each([
      [1000, 'done'],
      [3000, ''],
      [4999, 'app'],
      [undefined, undefined],
    ])('closes with code %s and reason %s from the client, cleanly', async (code, reason) => {
      const socket = await opened(create());
      const close = firstValueFrom(socket.close$);
      socket.close(code, reason);
      const event = await close;
      expect([event.code, event.reason]).toEqual([code ?? 1005, reason ?? '']);
      if (runtime.cleanAppCodes || code === undefined || code === 1000) expect(event.wasClean).toBe(true);
      await runtime.afterEach?.();
      const probe = await opened(create());
      expect(JSON.parse(String(await echo(probe, 'last-close')))).toEqual({ code: code ?? 1005, reason: reason ?? '' });
    });

    it('fromWebSocket() errors with WebSocketCloseError when nothing listens', async () => {
      const failure = lastValueFrom(
        fromWebSocket({ url: refusedUrl, ...(runtime.WebSocket ? { WebSocket: runtime.WebSocket } : {}) }),
      ).catch((e: unknown) => e);
      expect(await failure).toMatchObject({ name: 'WebSocketCloseError', code: 1006, wasClean: false });
    });
  });
}

async function toArrayBuffer(data: unknown): Promise<ArrayBuffer> {
  if (data instanceof ArrayBuffer) return data;
  if (ArrayBuffer.isView(data)) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice().buffer;
  if (data instanceof Blob) return data.arrayBuffer();
  throw new Error(`not binary: ${String(data)}`);
}
