import type { Observer } from 'rxjs';
import { type CloseEvent, standardCloseEvent } from './close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from './constants.js';
import { WebSocketCloseError } from './errors/websocket-close-error.js';
import { byteLengthOf, toWebSocketData } from './internal/byte-length.js';
import { domException } from './internal/dom-exception.js';
import { parseCloseArguments } from './internal/parse-close.js';
import { ReplayedEvent } from './internal/replayed-event.js';
import { messageEventsOf } from './internal/socket-message-event.js';
import type { Ending } from './socket/ending.js';
import { internals, type LifecycleWatcher, type SocketInternals } from './socket/internals.js';
import { ObservableSocket } from './socket/observable-socket.js';
import { applyBinaryType, openRuntimeSocket, socketArguments } from './socket/open-runtime-socket.js';
import { clear, enqueue, flush, type PreOpenQueue } from './socket/pre-open-queue.js';
import { resolveSocketOptions } from './socket/socket-options.js';
import type { DroppedMessage } from './socket/streams.js';
import type { RxWebSocketOptions } from './socket/types.js';
import { createTransport } from './transport/create-transport.js';
import { deliver, received, type Transport, type TransportClose } from './transport/transport.js';
import { type BinaryType, type ReadyState, type SocketView, socketView, type WebSocketData } from './types.js';

export type { DroppedMessage } from './socket/streams.js';
export type {
  Handler,
  RxWebSocketEventMap,
  RxWebSocketListener,
  RxWebSocketListenerOptions,
  RxWebSocketOptions,
} from './socket/types.js';

/** URLs of sockets whose runtime reports a URL that is not the standard's, nor another text of it (on first need). */
let otherUrls: WeakMap<RxWebSocket, string> | undefined;

/** The standard's text of a URL the runtime reports: the same text when it is already that. */
function canonical(url: string): string {
  try {
    return new URL(url).href;
  } catch {
    return url;
  }
}

/** Frames from this size on are not worth corking: batching gains them nothing, and they would fill the turn. */
const CORK_BELOW = 16_384;

/**
 * A standard `WebSocket` whose events are also RxJS Observables.
 *
 * It behaves as the WHATWG WebSockets standard says on every runtime: the same validation (with the
 * standard's `DOMException`s, before the underlying socket is touched), the same event order
 * (open, message*, [error], close) and fields, and `EventTarget` with `on*` handlers. On top of it:
 * hot, multicast Observables (`open$`, `message$`, `data$`, `error$`, `close$`, `readyState$`,
 * `dropped$`) and an Observer face (`next` sends or queues until open, `complete` closes with 1000).
 * Every listener it adds to the underlying socket is removed when the socket closes.
 *
 * This class is the standard's state machine and interface. The runtime's socket is reached through a
 * {@link Transport} (src/transport/: one adapter per runtime shape, with its quirks), the Observables live in
 * {@link ObservableSocket} and {@link SocketStreams}, the `EventTarget` face with its `on*` properties in
 * {@link SocketEventTarget}, and the pre-open queue in
 * src/socket/pre-open-queue.ts.
 *
 * @example
 * ```ts
 * import { RxWebSocket } from 'rx-websocket';
 * const socket = new RxWebSocket('wss://echo.example/chat', ['chat.v1']);
 * socket.data$.subscribe((data) => console.log('received', data));
 * socket.next('hello'); // queued, sent on open
 * ```
 */
export class RxWebSocket extends ObservableSocket implements Observer<WebSocketData> {
  /**
   * The absolute URL of the connection, serialized as the standard says (`http:`/`https:` given as `ws:`/`wss:`, a
   * path of `/` when none was given). An accessor on the prototype, as in browsers: it reads the underlying socket's
   * URL, which holds what the app gave, so a socket keeps no copy of its own.
   */
  get url(): string {
    return otherUrls?.get(this) ?? canonical(this.#transport.url as string);
  }

  readonly #transport: Transport;
  #state: ReadyState = CONNECTING;
  #binaryType: BinaryType;
  /** How the socket is ending, made with the first sign of it (an idle open socket carries none). */
  #ending: Ending | undefined;
  /** The open event's `timeStamp`, once open fired (late `open$` subscribers get a {@link ReplayedEvent}). */
  #openedAt: number | undefined;
  /** Whether a `message` listener was ever added: only then are MessageEvents created for it. */
  #messageListeners = false;
  /** Makes this socket's MessageEvents; made with the first one. */
  #messageEvent: ((data: unknown) => MessageEvent) | undefined;
  #queue: PreOpenQueue;
  readonly #coalesce: boolean;
  /** fromWebSocket()'s watcher of open and close. */
  #watcher: LifecycleWatcher | undefined;
  /** Set when fromWebSocket() watches it: its stream of sockets reports the close (see SocketInternals.owned). */
  #owned = false;
  /** Backpressure's listeners of every payload sent; undefined (and free) until one is added. */
  #transmitListeners: Set<(bytes: number) => void> | undefined;
  /** Listeners of every payload received (the connection's data$), beside the streams; undefined until one is added. */
  #dataListeners: Set<(data: unknown) => void> | undefined;

  /**
   * Opens a connection, as `new WebSocket(url, protocols)` does.
   *
   * @param url - a `ws:`, `wss:`, `http:` or `https:` URL; relative URLs resolve against the page.
   * @param protocols - one subprotocol or a list of them.
   * @param options - the underlying implementation, `binaryType` and the pre-open queue's bounds.
   * @throws {TypeError} without any argument, as the standard's constructor.
   * @throws {DOMException} `SyntaxError` for an invalid URL or subprotocol list; `SecurityError` for a `ws:` URL
   * from an `https:` page (loopback hosts excepted).
   * @throws {InvalidOptionError} for an invalid option.
   * @throws {WebSocketUnavailableError} when no implementation is given and none is global.
   */
  constructor(url: string | URL, protocols?: string | readonly string[], options: RxWebSocketOptions = {}) {
    super();
    // biome-ignore lint/complexity/noArguments: WebIDL tells new WebSocket() from new WebSocket(undefined) by the count.
    if (arguments.length === 0) {
      throw new TypeError("Failed to construct 'RxWebSocket': 1 argument required, but only 0 present.");
    }
    const args = socketArguments(url, protocols);
    const resolved = resolveSocketOptions(options);
    this.#queue = resolved.queue;
    this.#coalesce = resolved.coalesceSends;
    const ws = openRuntimeSocket(args, options.WebSocket);
    const { href } = args;
    this.#transport = createTransport(ws, this);
    // The underlying socket keeps the URL already (no slot per socket); a runtime that reports another URL (or none)
    // has the standard's kept aside.
    const reported = ws.url;
    if (reported === undefined || (reported !== href && canonical(reported) !== href)) {
      otherUrls ??= new WeakMap();
      otherUrls.set(this, href);
    }
    this.#binaryType = applyBinaryType(this.#transport, options.binaryType);
  }

  /** The state of the connection: `CONNECTING`, `OPEN`, `CLOSING` or `CLOSED`. */
  get readyState(): ReadyState {
    // A close frame from the server moves the underlying socket to CLOSING before any event.
    return this.#state === OPEN && this.#transport.readyState === CLOSING ? CLOSING : this.#state;
  }

  /**
   * Bytes given to `send()` that have not been handed to the network yet. Runtimes that do not
   * report it (mock-socket) count as 0; bytes sent after closing are counted, as the standard says.
   */
  get bufferedAmount(): number {
    return (this.#transport.bufferedAmount ?? 0) + (this.#ending?.bytesAfter ?? 0);
  }

  /** The subprotocol the server selected, or `''`. */
  get protocol(): string {
    return this.#transport.protocol;
  }

  /** The extensions the server selected (such as `permessage-deflate`), or `''`. */
  get extensions(): string {
    return this.#transport.extensions;
  }

  /**
   * How binary messages are delivered: `'blob'` (default) or `'arraybuffer'`. Other values are
   * ignored, as the standard says for enumerations.
   * @default 'blob' ('arraybuffer' on a runtime that takes only that)
   */
  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  /** Sets how binary messages are delivered; values other than `'blob'` and `'arraybuffer'` are ignored. */
  set binaryType(value: BinaryType) {
    if (value !== 'blob' && value !== 'arraybuffer') return;
    this.#transport.binaryType = value; // first: a runtime that refuses it leaves both as they were
    this.#binaryType = value;
  }

  /**
   * Sends `data`, as the standard's `send()`: after closing, data is discarded and counted in
   * `bufferedAmount`.
   *
   * @param data - text, an `ArrayBuffer`, a typed array or `DataView`, or a `Blob`.
   * @throws {DOMException} `InvalidStateError` while `CONNECTING` (use `next()` to queue instead).
   * @example
   * ```ts
   * socket.open$.subscribe(() => socket.send(JSON.stringify({ type: 'hello' })));
   * ```
   */
  send(data: WebSocketData): void {
    // biome-ignore lint/complexity/noArguments: WebIDL tells send() from send(undefined) by the argument count.
    if (arguments.length === 0) {
      throw new TypeError("Failed to execute 'send' on 'RxWebSocket': 1 argument required, but only 0 present.");
    }
    const state = this.readyState;
    if (state === CONNECTING) {
      throw domException(
        "Cannot send while the socket is CONNECTING. Wait for open$ (or the 'open' event), or call next(), which queues until open.",
        'InvalidStateError',
      );
    }
    const payload = toWebSocketData(data);
    if (state === OPEN) this.#transmit(payload);
    else {
      const ending = this.#ends();
      ending.bytesAfter = (ending.bytesAfter ?? 0) + byteLengthOf(payload);
    }
  }

  /**
   * Starts the closing handshake, as the standard's `close()`. Arguments are validated first, also
   * when already closed; a rejected call changes nothing.
   *
   * @param code - 1000 or an application code from 3000 to 4999; none sends a close frame without a code.
   * @param reason - at most 123 UTF-8 bytes; a reason without a code closes with 1000.
   * @throws {DOMException} `InvalidAccessError` for another code, `SyntaxError` for a longer reason.
   * @example
   * ```ts
   * socket.close(1000, 'bye');
   * ```
   */
  close(code?: number, reason?: string): void {
    const args = parseCloseArguments(code, reason);
    const state = this.readyState;
    if (state === CLOSING || state === CLOSED) return;
    const ending = this.#ends();
    if (state === CONNECTING) ending.failed = true;
    ending.byClient = true;
    this.#setState(CLOSING);
    this.#transport.close(args.code, args.reason);
  }

  /**
   * Sends `data` when open, queues it (bounded by `options.queue`) while connecting and flushes the
   * queue in order on open, and reports it on `dropped$` while the socket is closing (once it is closed, `dropped$`
   * has completed and the message goes nowhere, as with `send()`).
   *
   * @param data - the message.
   * @throws {QueueOverflowError} when the queue is full under the `'error'` rule (the default).
   * @example
   * ```ts
   * interval(1000).pipe(map(String)).subscribe(socket); // an Observable piped into the socket
   * ```
   */
  next(data: WebSocketData): void {
    const state = this.readyState;
    if (state === OPEN) {
      this.#transmit(toWebSocketData(data));
    } else if (state === CONNECTING) {
      const { queue, dropped } = enqueue(this.#queue, data);
      this.#queue = queue;
      for (const message of dropped) this.#drop(message, 'overflow');
    } else {
      this.#drop(data, 'closed');
    }
  }

  /**
   * Closes the socket because the source of messages failed: with `err.code` and `err.reason` when
   * `err` has a numeric `code` (as rxjs's `WebSocketSubject` does), otherwise with no code.
   *
   * @param err - the error, or `{ code, reason }`.
   * @throws {DOMException} when `err.code` or `err.reason` is not allowed, as `close()` does.
   */
  error(err: unknown): void {
    const { code, reason } = (err ?? {}) as { code?: unknown; reason?: unknown };
    if (typeof code === 'number') this.close(code, typeof reason === 'string' ? reason : undefined);
    else this.close();
  }

  /** Closes the socket with 1000 (normal closure), because the source of messages completed. */
  complete(): void {
    this.close(1000);
  }

  /**
   * @internal
   * A `message` listener makes this socket create MessageEvents from then on, and start receiving.
   * @param type - the event type.
   */
  protected override listening(type: string): void {
    if (type !== 'message') return;
    this.#messageListeners = true;
    this.#receive();
  }

  /** @internal The one internal access point: what the layers above a socket need beyond its public interface. */
  [internals](): SocketInternals {
    return {
      transport: this.#transport,
      closedByClient: this.#ending?.byClient ?? false,
      state: this.#state,
      closeEvent: this.#ending?.event,
      owned: this.#owned,
      receive: () => this.#receive(),
      closeError: () => this.#closeError(),
      openEvent: () => (this.#openedAt === undefined ? undefined : new ReplayedEvent('open', this, this.#openedAt)),
      onTransmit: (listener) => {
        this.#transmitListeners ??= new Set();
        this.#transmitListeners.add(listener);
        return () => this.#transmitListeners?.delete(listener);
      },
      onData: (listener) => {
        this.#dataListeners ??= new Set();
        this.#dataListeners.add(listener);
        return () => this.#dataListeners?.delete(listener);
      },
      watch: (watcher) => {
        this.#watcher = watcher;
        this.#owned = true;
        return () => {
          if (this.#watcher === watcher) this.#watcher = undefined;
        };
      },
    };
  }

  /** @internal What the layers above need of this socket, in the shape every socket the library makes gives it. */
  [socketView](): SocketView {
    const view = this[internals]();
    return {
      transport: view.transport,
      closedByClient: view.closedByClient,
      closeEvent: view.closeEvent,
      onTransmit: view.onTransmit,
      onData: (listener) => {
        const stop = view.onData(listener);
        view.receive();
        return stop;
      },
      onClose: (listener) => {
        const subscription = this.close$.subscribe(() => listener());
        return () => subscription.unsubscribe();
      },
      closeError: view.closeError,
    };
  }

  /**
   * @internal
   * What the transport reports. Each event is ignored once it can no longer apply: a late `open`, a second `close`.
   * @param type - the event.
   * @param detail - the payload, the cause or the close.
   */
  [deliver](type: 'open' | 'error' | 'close', detail?: unknown): void {
    if (type === 'open') this.#open();
    else if (type === 'error') this.#error(detail);
    else this.#close(detail as TransportClose);
  }

  #open(): void {
    if (this.#state !== CONNECTING) return;
    this.#transport.opened();
    this.#setState(OPEN);
    const event = new Event('open');
    this.#openedAt = event.timeStamp;
    this.dispatchEvent(event);
    this.#watcher?.opened();
    this.streams?.opened(event);
    flush(
      this.#queue,
      () => this.readyState === OPEN,
      (data) => this.#transmit(toWebSocketData(data)),
    );
  }

  /**
   * @internal
   * A message's payload, from the transport.
   * @param data - text, a Blob or an ArrayBuffer.
   */
  [received](data: unknown): void {
    // The standard drops messages that arrive once close() was called.
    if (this.#state !== OPEN) return;
    const streams = this.streams;
    let event: MessageEvent | undefined;
    if (this.#messageListeners || streams?.messageObserved) {
      // Its `target` is the socket without a dispatch, so it is dispatched only when a listener waits for it.
      this.#messageEvent ??= messageEventsOf(this);
      event = this.#messageEvent(data);
      if (this.#messageListeners) this.dispatchEvent(event);
    }
    streams?.received(data, event);
    if (this.#dataListeners) for (const listener of this.#dataListeners) listener(data);
  }

  /** The runtime reported an error: kept for the close, which the standard fires `error` with (see `#close()`). */
  #error(cause: unknown): void {
    if (this.#state === CLOSED || this.#ending?.errored) return;
    const ending = this.#ends();
    ending.errored = true;
    ending.cause = cause;
  }

  #close(underlying: TransportClose): void {
    if (this.#state === CLOSED) return;
    // A connection that never opened was failed: the standard fires `error` first and reports 1006.
    const failed = this.#ending?.failed || this.#state === CONNECTING;
    if (failed) this.#error(undefined);
    const close = standardCloseEvent(failed, underlying);
    const ending = this.#ends();
    ending.event = close;
    this.#transport.detach();
    // As the standard's "the WebSocket connection is closed": CLOSED first, then `error` (if the connection failed or
    // the runtime reported one), then `close`, so that both events see CLOSED.
    this.#setState(CLOSED);
    const streams = this.streams;
    streams?.stateClosed();
    if (ending.errored) {
      const error = new Event('error');
      this.dispatchEvent(error);
      streams?.errored(error);
    }
    this.dispatchEvent(close);
    streams?.ended(this.#openedAt !== undefined);
    const watcher = this.#watcher;
    this.#watcher = undefined;
    watcher?.closed(close);
    streams?.closeEmitted(close);
    for (const message of clear(this.#queue)) this.#drop(message, 'closed');
    streams?.droppedComplete();
  }

  /** Starts the transport's `message` events on first need (messages nobody listens to go nowhere anyway). */
  #receive(): void {
    if (!this.#ending?.event) this.#transport.receive();
  }

  #ends(): Ending {
    this.#ending ??= {};
    return this.#ending;
  }

  #closeError(): WebSocketCloseError {
    const ending = this.#ending as Ending;
    return new WebSocketCloseError(ending.event as CloseEvent, { cause: ending.cause });
  }

  #setState(state: ReadyState): void {
    this.#state = state;
    this.streams?.state(state);
  }

  #transmit(payload: WebSocketData): void {
    const transport = this.#transport;
    if (this.#coalesce && (typeof payload === 'string' ? payload.length : byteLengthOf(payload)) < CORK_BELOW) {
      transport.cork?.();
    }
    transport.send(payload);
    if (this.#transmitListeners) {
      const bytes = byteLengthOf(payload);
      for (const listener of this.#transmitListeners) listener(bytes);
    }
  }

  #drop(data: WebSocketData, reason: DroppedMessage['reason']): void {
    this.streams?.dropped({ data, reason });
  }
}
