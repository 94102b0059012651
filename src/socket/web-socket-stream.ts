import { CloseEvent } from '../close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from '../constants.js';
import { byteLengthOf, isBlob } from '../internal/byte-length.js';
import { capabilitiesOf, type TransportCapabilities } from '../transport/transport.js';
import type { BinaryType, WebSocketConstructorLike, WebSocketData } from '../types.js';
import { SocketEventTarget } from './socket-event-target.js';

/** What a `WebSocketStream`'s `opened` promise resolves to (Chromium 124+; not yet in TypeScript's DOM types). */
export interface WebSocketStreamConnection {
  /** The incoming messages: strings for text, ArrayBuffers (or Uint8Arrays) for binary. */
  readonly readable: ReadableStream<unknown>;
  /** Where outgoing messages are written: strings and BufferSources. */
  readonly writable: WritableStream<unknown>;
  /** The subprotocol the server selected, or `''`. */
  readonly protocol: string;
  /** The extensions the server selected, or `''`. */
  readonly extensions: string;
}

/** What a `WebSocketStream`'s `closed` promise resolves to, and what its `close()` takes. */
export interface WebSocketStreamCloseInfo {
  /** The close code. */
  readonly closeCode?: number | undefined;
  /** The close reason. */
  readonly reason?: string | undefined;
}

/** A `WebSocketStream`, as the WHATWG explainer describes it and Chromium ships it. */
export interface WebSocketStreamLike {
  /** Resolves once the handshake has succeeded; rejects when it fails or is aborted. */
  readonly opened: Promise<WebSocketStreamConnection>;
  /** Resolves on a clean close, with its code and reason; rejects when the connection fails or drops. */
  readonly closed: Promise<WebSocketStreamCloseInfo>;
  /**
   * Starts the closing handshake.
   * @param info - the code and reason, or none (1005).
   */
  close(info?: WebSocketStreamCloseInfo): void;
}

/** The `WebSocketStream` constructor: a URL, and optionally subprotocols and an `AbortSignal` for the handshake. */
export type WebSocketStreamConstructor = new (
  url: string,
  options?: { protocols?: string[]; signal?: AbortSignal },
) => WebSocketStreamLike;

/**
 * A `WebSocket` constructor backed by the runtime's `WebSocketStream`, for {@link RxWebSocket}, `fromWebSocket()` and
 * `webSocket()` (`{ WebSocket: webSocketStream() }`): the same socket, events and errors, with real inbound
 * backpressure in the browser. `receive()` and `concatMapIncoming()` pause its reads when their buffer passes the
 * high-water mark, so the browser stops reading from TCP and the server feels it; writes report `bufferedAmount` from
 * the stream's own completions, and `sendStream()`, `whenDrained()` and `bufferedAmount$()` wake on them instead of
 * polling. Where the runtime has no `WebSocketStream` (Firefox, Safari, Node) it returns `undefined`, and the option
 * then falls back to the standard `WebSocket`.
 *
 * @param WebSocketStream - the implementation; by default the runtime's global one, read at the call.
 * @returns the constructor, or `undefined` where there is no `WebSocketStream`.
 * @example
 * ```ts
 * const socket = new RxWebSocket('wss://example.com/feed', [], { WebSocket: webSocketStream() });
 * for await (const message of receive(socket, { highWaterMark: 1 << 20 })) await handle(message);
 * ```
 */
export function webSocketStream(
  WebSocketStream: WebSocketStreamConstructor | undefined = (
    globalThis as { WebSocketStream?: WebSocketStreamConstructor }
  ).WebSocketStream,
): WebSocketConstructorLike | undefined {
  if (typeof WebSocketStream !== 'function') return undefined;
  const Stream = WebSocketStream;
  return class extends StreamSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(Stream, url, protocols);
    }
  };
}

/** The close to dispatch, and for a failed handshake the `error` event before it (with why, in `error`). */
type Closing = { event: CloseEvent; error: Event | undefined };

/**
 * A standard-shaped socket over a `WebSocketStream`: `open`, `message`, `error` and `close` events, `readyState`,
 * `bufferedAmount`, `send()` and `close()`, plus the transport capabilities `pause`, `resume` and `writable`. It reads
 * one message at a time, and not at all while paused; messages read before the end arrive before `close`.
 */
class StreamSocket extends SocketEventTarget {
  readonly url: string;
  readyState: number = CONNECTING;
  protocol = '';
  extensions = '';
  binaryType: BinaryType = 'blob';
  readonly #stream: WebSocketStreamLike;
  readonly #abort = new AbortController();
  #reader: ReadableStreamDefaultReader<unknown> | undefined;
  #writer: WritableStreamDefaultWriter<unknown> | undefined;
  /** A Blob is read into bytes before it is written: later sends wait behind it, so the order holds. */
  #pending: Promise<void> | undefined;
  #buffered = 0;
  #wakeWriters: Array<() => void> = [];
  #paused = false;
  #reading = false;
  /** The readable has ended (or failed): nothing more will arrive. */
  #drained = false;
  /** close() was called: what is still unread is dropped, as the standard drops messages after close(). */
  #discard = false;
  #closing: Closing | undefined;

  constructor(WebSocketStream: WebSocketStreamConstructor, url: string, protocols?: string | string[]) {
    super();
    this.url = url;
    const list = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : [...protocols];
    const signal = this.#abort.signal;
    this.#stream = new WebSocketStream(url, list.length === 0 ? { signal } : { protocols: list, signal });
    this.#stream.opened.then(
      (connection) => this.#open(connection),
      () => {}, // `closed` rejects too, and reports it
    );
    this.#stream.closed.then(
      (info) => this.#ended(info.closeCode ?? 1005, info.reason ?? ''),
      (error: { closeCode?: unknown; reason?: unknown } | undefined) =>
        this.#ended(
          typeof error?.closeCode === 'number' ? error.closeCode : 1006,
          typeof error?.reason === 'string' ? error.reason : '',
          error ?? new Error('WebSocketStream failed'),
        ),
    );
  }

  get bufferedAmount(): number {
    return this.#buffered;
  }

  send(data: WebSocketData): void {
    const writer = this.#writer;
    if (!writer || this.readyState !== OPEN) return;
    const bytes = byteLengthOf(data);
    this.#buffered += bytes;
    const written = () => {
      this.#buffered -= bytes;
      this.#wake();
    };
    // WebSocketStream takes strings and BufferSources; a Blob would be sent as the text "[object Blob]".
    if (isBlob(data) || this.#pending) {
      const bytesOf = isBlob(data) ? () => data.arrayBuffer() : () => data;
      const next = (this.#pending ?? Promise.resolve())
        .then(bytesOf)
        .then((payload) => writer.write(payload))
        .then(written, written);
      this.#pending = next;
      next.then(() => {
        if (this.#pending === next) this.#pending = undefined;
      });
      return;
    }
    // A failed write means the connection failed: `closed` reports it.
    writer.write(data).then(written, written);
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= CLOSING) return;
    const connecting = this.readyState === CONNECTING;
    this.readyState = CLOSING;
    if (connecting) {
      this.#abort.abort();
      return;
    }
    this.#discard = true;
    this.#read(); // what is still unread goes, so that the end arrives
    this.#stream.close(code === undefined ? undefined : { closeCode: code, reason: reason ?? '' });
  }

  /** Where rx-websocket's transport finds what this socket can do beyond the standard. */
  [capabilitiesOf](): TransportCapabilities {
    return {
      pause: () => {
        this.#paused = true;
      },
      resume: () => {
        this.#paused = false;
        this.#read();
      },
      isPaused: () => this.#paused,
      writable: () =>
        this.#buffered === 0 || this.readyState === CLOSED
          ? Promise.resolve()
          : new Promise<void>((resolve) => this.#wakeWriters.push(resolve)),
    };
  }

  #open(connection: WebSocketStreamConnection): void {
    if (this.readyState !== CONNECTING) return;
    this.protocol = connection.protocol;
    this.extensions = connection.extensions;
    this.#writer = connection.writable.getWriter();
    this.#reader = connection.readable.getReader();
    this.readyState = OPEN;
    this.dispatchEvent(new Event('open'));
    this.#read();
  }

  /** Reads until paused or ended, one message at a time: the next read starts once this one is delivered. */
  async #read(): Promise<void> {
    const reader = this.#reader;
    if (!reader || this.#reading || this.#drained) return;
    this.#reading = true;
    try {
      for (;;) {
        if (this.#paused && !this.#discard) return; // resume() reads again
        const { value, done } = await reader.read();
        if (done) break;
        if (!this.#discard) this.#message(value);
      }
    } catch {
      // The stream failed: `closed` rejects with why.
    } finally {
      this.#reading = false;
    }
    this.#drained = true;
    this.#dispatchClose();
  }

  /** Tells those waiting in `writable()` that a write completed (or that the socket closed). */
  #wake(): void {
    for (const wake of this.#wakeWriters.splice(0)) wake();
  }

  #message(value: unknown): void {
    let data = value;
    if (ArrayBuffer.isView(value)) {
      data = value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength);
    }
    if (data instanceof ArrayBuffer && this.binaryType === 'blob') data = new Blob([data]);
    this.dispatchEvent(new MessageEvent('message', { data }));
  }

  #ended(code: number, reason: string, failure?: unknown): void {
    if (this.readyState !== CLOSED) this.readyState = CLOSING;
    // As the standard socket: a handshake that failed fires `error` before `close`, here with the stream's error as
    // `error` (rx-websocket makes it the close error's cause); a connection that opened and then dropped closes
    // (1006, not clean) without one.
    let error: Event | undefined;
    if (failure !== undefined && !this.#reader) {
      error = new Event('error');
      Object.defineProperty(error, 'error', { value: failure });
    }
    this.#closing = { event: new CloseEvent('close', { code, reason, wasClean: failure === undefined }), error };
    // A connection that never opened has nothing to read; one that did delivers what was read first.
    if (!this.#reader) this.#drained = true;
    this.#dispatchClose();
  }

  #dispatchClose(): void {
    const closing = this.#closing;
    if (!closing || !this.#drained || this.readyState === CLOSED) return;
    this.readyState = CLOSED;
    this.#wake();
    if (closing.error) this.dispatchEvent(closing.error);
    this.dispatchEvent(closing.event);
  }
}
