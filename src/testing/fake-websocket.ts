import { capabilitiesOf, type TransportCapabilities } from '../transport/transport.js';
import type { WebSocketData, WebSocketLike } from '../types.js';

/** A listener of a {@link FakeWebSocket}. */
export type Listener = (event: unknown) => void;

/** A close that the client asked for with `close()`. */
export interface CloseCall {
  /** The code passed to `close()`, if any. */
  readonly code?: number;
  /** The reason passed to `close()`, if any. */
  readonly reason?: string;
}

/**
 * A synchronous, fully scriptable WebSocket for tests: nothing happens until the test says so,
 * so it works under RxJS's `TestScheduler` and in plain unit tests alike.
 *
 * The client side is the `WebSocketLike` interface. By default rx-websocket sees a browser's socket; made by
 * `fakeWebSocket({ runtime: 'ws' })`, it sees what `ws` adds on Node too: `pause()`, `resume()` and `terminate()`,
 * so that inbound backpressure and dead-link handling can be tested in virtual time. The test plays the network
 * and the server with `open()`, `receive()`, `serverClose()`, `fail()` and `finishClose()`, sets `readyState` and
 * `bufferedAmount` directly, and reads `sent`, `closeCalls`, `paused`, `terminated` and `listenerCount()`.
 *
 * @example
 * ```ts
 * import { RxWebSocket } from 'rx-websocket';
 * import { fakeWebSocket } from 'rx-websocket/testing';
 * const fake = fakeWebSocket();
 * const socket = new RxWebSocket('ws://test', [], { WebSocket: fake.WebSocket });
 * fake.last.open();
 * socket.send('hi');
 * fake.last.sent; // ['hi']
 * ```
 */
export class FakeWebSocket implements WebSocketLike {
  /** The connection is not yet open. */
  static readonly CONNECTING = 0;
  /** The connection is open. */
  static readonly OPEN = 1;
  /** The closing handshake is in progress. */
  static readonly CLOSING = 2;
  /** The connection is closed. */
  static readonly CLOSED = 3;

  /** The URL the client passed. */
  readonly url: string;
  /** The subprotocols the client requested. */
  readonly protocols: readonly string[];
  /** Settable: the state the client sees. */
  readyState = 0;
  /** Settable: bytes the client sees as not yet sent. */
  bufferedAmount = 0;
  /** Set by `open()`. */
  protocol = '';
  /** Set by `open()`. */
  extensions = '';
  /** What rx-websocket set: `'blob'` or `'arraybuffer'`. */
  binaryType = 'blob';
  /** Every payload given to `send()`, in order. */
  readonly sent: WebSocketData[] = [];
  /** Every call of `close()`, in order. */
  readonly closeCalls: CloseCall[] = [];
  /** Whether the client paused reading (inbound backpressure), as `ws` can. */
  paused = false;
  /** Whether the client dropped the connection with `terminate()`, as `ws` can (a missed heartbeat does). */
  terminated = false;
  /** Which runtime rx-websocket sees: a browser's socket, or `ws`'s, which can pause, resume and terminate. */
  runtime: 'browser' | 'ws' = 'browser';
  /** The `open` handler property, called after the listeners, as code written for the standard sets it. */
  onopen: Listener | null = null;
  /** The `message` handler property. */
  onmessage: Listener | null = null;
  /** The `error` handler property. */
  onerror: Listener | null = null;
  /** The `close` handler property. */
  onclose: Listener | null = null;
  readonly #listeners = new Map<string, Set<Listener>>();
  #everOpened = false;

  /**
   * A socket in CONNECTING, as a runtime's constructor makes it; nothing happens until the test says so.
   * @param url - the URL, recorded as given.
   * @param protocols - the subprotocols, recorded in `protocols`.
   */
  constructor(url: string, protocols?: string | string[]) {
    this.url = url;
    this.protocols = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
  }

  /**
   * Records `data` in `sent`; throws while CONNECTING, as a runtime does.
   * @param data - the payload.
   */
  send(data: WebSocketData): void {
    if (this.readyState === 0) throw new Error('FakeWebSocket: send() while CONNECTING');
    this.sent.push(data);
  }

  /**
   * Records the call and moves to CLOSING; `finishClose()` completes it.
   * @param code - the close code, recorded.
   * @param reason - the close reason, recorded.
   */
  close(code?: number, reason?: string): void {
    const call: { code?: number; reason?: string } = {};
    if (code !== undefined) call.code = code;
    if (reason !== undefined) call.reason = reason;
    this.closeCalls.push(call);
    if (this.readyState < 2) this.readyState = 2;
  }

  /**
   * Stops reading, as `ws`'s `pause()` does; recorded in `paused`.
   */
  pause(): void {
    this.paused = true;
  }

  /**
   * Reads again after `pause()`; recorded in `paused`.
   */
  resume(): void {
    this.paused = false;
  }

  /**
   * Drops the connection without a closing handshake, as `ws`'s `terminate()` does: CLOSED, then a `close` event
   * with 1006.
   */
  terminate(): void {
    this.terminated = true;
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.#emit('close', { type: 'close', code: 1006, reason: '', wasClean: false });
  }

  /**
   * @internal
   * What rx-websocket may use beyond the standard: nothing for a browser; under `runtime: 'ws'`, `pause()`,
   * `resume()`, `isPaused()` and `terminate()`, as `ws` offers them.
   * @returns the capabilities.
   */
  [capabilitiesOf](): TransportCapabilities {
    if (this.runtime === 'browser') return {};
    return {
      pause: () => this.pause(),
      resume: () => this.resume(),
      isPaused: () => this.paused,
      terminate: () => this.terminate(),
    };
  }

  /**
   * Adds a listener for `type`.
   * @param type - the event type.
   * @param listener - called with each event.
   */
  addEventListener(type: string, listener: Listener): void {
    const set = this.#listeners.get(type) ?? new Set();
    this.#listeners.set(type, set);
    set.add(listener);
  }

  /**
   * Removes a listener; `listenerCount()` shows what is left.
   * @param type - the event type.
   * @param listener - the listener.
   */
  removeEventListener(type: string, listener: Listener): void {
    this.#listeners.get(type)?.delete(listener);
  }

  /**
   * The number of listeners for `type`, or for all types.
   *
   * @param type - an event type; all types when omitted.
   * @returns how many listeners are registered.
   */
  listenerCount(type?: string): number {
    if (type !== undefined) return this.#listeners.get(type)?.size ?? 0;
    let count = 0;
    for (const set of this.#listeners.values()) count += set.size;
    return count;
  }

  /**
   * The handshake succeeds: OPEN, then an `open` event.
   *
   * @param protocol - the subprotocol the server selected.
   * @param extensions - the extensions the server selected.
   */
  open(protocol = '', extensions = ''): void {
    this.protocol = protocol;
    this.extensions = extensions;
    this.readyState = 1;
    this.#emit('open', { type: 'open' });
  }

  /**
   * The server sends a message.
   *
   * @param data - the payload, as the client runtime would deliver it.
   */
  receive(data: unknown): void {
    this.#emit('message', { type: 'message', data });
  }

  /**
   * The connection closes: CLOSED, then a `close` event.
   *
   * @param code - the close code. @default 1000
   * @param reason - the close reason. @default ''
   * @param wasClean - whether the closing handshake completed. @default true
   */
  serverClose(code = 1000, reason = '', wasClean = true): void {
    this.readyState = 3;
    this.#emit('close', { type: 'close', code, reason, wasClean });
  }

  /**
   * The connection fails: an `error` event, then a `close` event with 1006.
   *
   * @param error - the cause the runtime reports on the error event.
   */
  fail(error: unknown = new Error('connection failed')): void {
    this.readyState = 3;
    this.#emit('error', { type: 'error', error });
    this.#emit('close', { type: 'close', code: 1006, reason: '', wasClean: false });
  }

  /**
   * Completes the closing handshake the client started with `close()`: as a real runtime does,
   * an unopened connection fails (error, close 1006), an open one closes cleanly with the client's code.
   */
  finishClose(): void {
    const last = this.closeCalls.at(-1);
    if (!last) throw new Error('FakeWebSocket: finishClose() before close()');
    if (!this.#everOpened) this.fail(new Error('closed before the connection was established'));
    else this.serverClose(last.code ?? 1005, last.reason ?? '', true);
  }

  #emit(type: string, event: object): void {
    if (type === 'open') this.#everOpened = true;
    for (const listener of [...(this.#listeners.get(type) ?? [])]) listener(event);
    this[`on${type}` as 'onopen' | 'onmessage' | 'onerror' | 'onclose']?.(event);
  }
}

/** A {@link FakeWebSocket} constructor bound to a record of the sockets it created. */
export interface FakeWebSocketFactory {
  /** Pass this as the `WebSocket` option. */
  readonly WebSocket: typeof FakeWebSocket;
  /** Every socket created, in order. */
  readonly sockets: readonly FakeWebSocket[];
  /** The newest socket; throws when none was created. */
  readonly last: FakeWebSocket;
}

/** Options of {@link fakeWebSocket}. */
export interface FakeWebSocketOptions {
  /**
   * Which runtime rx-websocket sees: `'browser'`, whose socket cannot pause reading or be terminated, or `'ws'`,
   * whose `pause()`, `resume()` and `terminate()` it uses (inbound backpressure, a dead link dropped at once).
   * @default 'browser'
   */
  runtime?: 'browser' | 'ws';
}

/**
 * Creates a constructor of {@link FakeWebSocket}s that records every instance, with no global state.
 *
 * @param options - which runtime the sockets play.
 * @returns the constructor and the record of its sockets.
 * @example
 * ```ts
 * const fake = fakeWebSocket();
 * fromWebSocket({ url: 'ws://test', WebSocket: fake.WebSocket }).subscribe();
 * fake.last.open();
 * ```
 */
export function fakeWebSocket(options: FakeWebSocketOptions = {}): FakeWebSocketFactory {
  const sockets: FakeWebSocket[] = [];
  const runtime = options.runtime ?? 'browser';
  class RecordedFakeWebSocket extends FakeWebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.runtime = runtime;
      sockets.push(this);
    }
  }
  return {
    WebSocket: RecordedFakeWebSocket,
    sockets,
    get last() {
      const socket = sockets.at(-1);
      if (!socket) throw new Error('fakeWebSocket: no socket was created yet');
      return socket;
    },
  };
}
