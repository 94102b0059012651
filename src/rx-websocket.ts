import {
  AsyncSubject,
  BehaviorSubject,
  Observable,
  type Observer,
  Subject,
  type Subscriber,
  type TeardownLogic,
} from 'rxjs';
import { CloseEvent } from './close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from './constants.js';
import { WebSocketCloseError } from './errors/websocket-close-error.js';
import { WebSocketUnavailableError } from './errors/websocket-unavailable-error.js';
import { byteLengthOf, toWebSocketData } from './internal/byte-length.js';
import { domException } from './internal/dom-exception.js';
import { Fanout } from './internal/fanout.js';
import { parseCloseArguments } from './internal/parse-close.js';
import { parseProtocols } from './internal/parse-protocols.js';
import { checkMixedContent, parseWebSocketUrl } from './internal/parse-url.js';
import { ReplayedEvent } from './internal/replayed-event.js';
import { type SocketMessageEventFactory, socketMessageEvent } from './internal/socket-message-event.js';
import { resolveSocketOptions } from './internal/socket-options.js';
import { wsEmitterOf } from './internal/ws-emitter.js';
import type { QueueOptions, ResolvedQueueOptions } from './queue/queue-options.js';
import { SendQueue } from './queue/send-queue.js';
import type { BinaryType, ReadyState, WebSocketConstructorLike, WebSocketData, WebSocketLike } from './types.js';

/** Options of {@link RxWebSocket}, beyond the standard's `url` and `protocols`. */
export interface RxWebSocketOptions {
  /**
   * The underlying WebSocket constructor: `ws`'s `WebSocket` on Node < 22, undici's, mock-socket's,
   * or `FakeWebSocket` from `rx-websocket/testing`. Read when the socket is created, never at import.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructorLike;
  /**
   * How binary messages are delivered.
   * @default 'blob'
   */
  binaryType?: BinaryType;
  /**
   * Bounds of the queue that holds messages given to `next()` before the socket opens.
   * @default { maxMessages: 1000, maxBytes: Infinity, overflow: 'error' }
   */
  queue?: QueueOptions;
  /**
   * Node fast path: when the underlying socket exposes its `net.Socket` (as `ws` does), the writes of one
   * event-loop turn are corked and reach the network in one system call when the turn's synchronous code
   * ends, instead of one per `send()`. Frames of 16 KB or more write through (batching gains them nothing). Order, errors, `close()` and `bufferedAmount` are unchanged (corked
   * bytes count as buffered). Runtimes without a `net.Socket` (browsers, undici, mock-socket) ignore it.
   * @default true
   */
  coalesceSends?: boolean;
}

/** A message that `next()` could not deliver, reported on {@link RxWebSocket.dropped$}. */
export interface DroppedMessage {
  /** The message as given to `next()`. */
  readonly data: WebSocketData;
  /**
   * `'overflow'`: the pre-open queue was full (rules `'drop-oldest'`/`'drop-newest'`);
   * `'closed'`: the socket closed, or was closing, before the message could be sent.
   */
  readonly reason: 'overflow' | 'closed';
}

/** Event types of {@link RxWebSocket}, for typed `addEventListener`. */
export interface RxWebSocketEventMap {
  /** The connection opened. */
  open: Event;
  /** A message arrived. */
  message: MessageEvent;
  /** The connection failed or closed abnormally (always followed by `close`). */
  error: Event;
  /** The connection closed. */
  close: CloseEvent;
}

type EventType = keyof RxWebSocketEventMap;
/** An `on*` event handler property: a function called with the socket as `this`, or `null`. */
export type Handler<E> = ((this: RxWebSocket, event: E) => unknown) | null;
/** A listener function or `{ handleEvent }` object, as `EventTarget` takes. */
export type RxWebSocketListener<E = Event> =
  | ((this: RxWebSocket, event: E) => unknown)
  | {
      /** Called with each event. */
      handleEvent(event: E): unknown;
    };
/** `addEventListener`'s options, as `EventTarget` takes. */
export type RxWebSocketListenerOptions =
  | boolean
  | {
      /** Listen in the capture phase (no difference on a socket, which has no tree). */
      capture?: boolean;
      /** Remove the listener after its first call. */
      once?: boolean;
      /** The listener will not call `preventDefault()`. */
      passive?: boolean;
      /** Remove the listener when this signal aborts. */
      signal?: AbortSignal;
    };
interface HandlerSlot {
  fn: (this: RxWebSocket, event: Event) => unknown;
  readonly listener: (event: Event) => void;
}
interface UnderlyingMessage {
  readonly data: unknown;
}
interface UnderlyingClose {
  readonly code?: number;
  readonly reason?: string;
  readonly wasClean?: boolean;
}
interface UnderlyingError {
  readonly error?: unknown;
}
/**
 * A socket's streams, made when one is first read: the getters' Observables by name (`open$`, ...) and the
 * subjects behind them, each created on first subscription (an idle socket carries none of them).
 */
interface Streams {
  [getter: `${string}$`]: Observable<never> | undefined;
  open?: AsyncSubject<Event>;
  error?: Subject<Event>;
  close?: AsyncSubject<CloseEvent>;
  readyState?: BehaviorSubject<ReadyState>;
  dropped?: Subject<DroppedMessage>;
  message?: Fanout<MessageEvent>;
  data?: Fanout<unknown>;
}

/** How a socket is ending: made by `close()`, the first error, or a send after the closing handshake began. */
interface Ending {
  /** `close()` was called before the connection opened: the standard's "fail the connection". */
  failed?: boolean;
  /** `close()` was called (and took effect). */
  byClient?: boolean;
  errorFired?: boolean;
  cause?: unknown;
  event?: CloseEvent;
  /** Bytes given to `send()` once closing, which the standard adds to `bufferedAmount`. */
  bytesAfter?: number;
  /** Set while the underlying close() runs: events it fires synchronously are delivered after. */
  deferred?: Array<() => void> | undefined;
}

/** URLs of sockets whose runtime reports another text than the standard's (made on first need). */
let otherUrls: WeakMap<RxWebSocket, string> | undefined;

/** The part of Node's `net.Socket` the send fast path uses (`ws` keeps it as `_socket` once open). */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/** The error a closed socket's streams end with (internal: connect() uses it). */
export let closeErrorOf: (socket: RxWebSocket) => WebSocketCloseError;
/** Whether the app called close() on the socket (internal: reconnect() does not reconnect then). */
export let closedByClient: (socket: RxWebSocket) => boolean;
/** The underlying socket (internal: backpressure reads its bufferedAmount and pauses it). */
export let underlyingOf: (socket: RxWebSocket) => WebSocketLike;
/** Calls `listener` with the size of every payload handed to the underlying socket; returns a remover (internal). */
export let onTransmit: (socket: RxWebSocket, listener: (bytes: number) => void) => () => void;
/** The open event as a late `open$` subscriber gets it, or undefined before open (internal: the subject's openObserver). */
export let openEventOf: (socket: RxWebSocket) => Event | undefined;
/** What {@link watchLifecycle} calls: at the points where the first `open$` and `close$` subscribers are told. */
export interface LifecycleWatcher {
  opened(): void;
  closed(event: CloseEvent): void;
}
/**
 * Watches one socket's open and close (internal: connect() uses it instead of subscribing to `open$` and
 * `close$`, which held about 1 KB per connection); returns a remover. One watcher per socket.
 */
export let watchLifecycle: (socket: RxWebSocket, watcher: LifecycleWatcher) => () => void;

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
 * @example
 * ```ts
 * import { RxWebSocket } from 'rx-websocket';
 * const socket = new RxWebSocket('wss://echo.example/chat', ['chat.v1']);
 * socket.data$.subscribe((data) => console.log('received', data));
 * socket.next('hello'); // queued, sent on open
 * ```
 */
export class RxWebSocket extends EventTarget implements Observer<WebSocketData> {
  /** The connection is not yet open. */
  static readonly CONNECTING = CONNECTING;
  /** The connection is open and ready to communicate. */
  static readonly OPEN = OPEN;
  /** The closing handshake is in progress. */
  static readonly CLOSING = CLOSING;
  /** The connection is closed or could not be opened. */
  static readonly CLOSED = CLOSED;

  static {
    closeErrorOf = (socket) => socket.#closeError();
    closedByClient = (socket) => socket.#ending?.byClient ?? false;
    underlyingOf = (socket) => socket.#ws;
    onTransmit = (socket, listener) => {
      socket.#transmitListeners ??= new Set();
      socket.#transmitListeners.add(listener);
      return () => socket.#transmitListeners?.delete(listener);
    };
    openEventOf = (socket) =>
      socket.#openedAt === undefined ? undefined : new ReplayedEvent('open', socket, socket.#openedAt);
    watchLifecycle = (socket, watcher) => {
      socket.#watcher = watcher;
      return () => {
        if (socket.#watcher === watcher) socket.#watcher = undefined;
      };
    };
  }

  /**
   * The absolute URL of the connection (`http:`/`https:` given as `ws:`/`wss:`). An accessor on the prototype,
   * as in browsers: it reads the underlying socket's URL, which is the same text on every standard runtime.
   */
  get url(): string {
    return otherUrls?.get(this) ?? (this.#ws.url as string);
  }

  readonly #ws: WebSocketLike;
  #state: ReadyState = CONNECTING;
  #binaryType: BinaryType;
  /** How the socket is ending, made with the first sign of it (an idle open socket carries none). */
  #ending: Ending | undefined;
  /** The open event's `timeStamp`, once open fired (late `open$` subscribers get a {@link ReplayedEvent}). */
  #openedAt: number | undefined;
  /** Whether a `message` listener was ever added: only then are MessageEvents created for it. */
  #messageListeners = false;
  /** The pre-open queue's options until a message is queued, then the queue (one slot for both). */
  #queue: SendQueue<WebSocketData> | ResolvedQueueOptions;
  /** false when `coalesceSends` is off; true while the underlying TCP socket is corked for this turn. */
  #corked: boolean | undefined;
  /** connect()'s watcher of open and close. */
  #watcher: LifecycleWatcher | undefined;
  /** Backpressure's listeners of every payload sent; undefined (and free) until one is added. */
  #transmitListeners: Set<(bytes: number) => void> | undefined;
  /** The `on*` handlers, created with the first one. */
  #handlers: Partial<Record<EventType, HandlerSlot>> | undefined;
  /**
   * The Observables the stream getters return, made on first read and the same afterwards (Angular's `async` pipe
   * would resubscribe on every check to a fresh one), and the subjects behind them.
   */
  #streams: Streams | undefined;

  /**
   * Opens a connection, as `new WebSocket(url, protocols)` does.
   *
   * @param url - a `ws:`, `wss:`, `http:` or `https:` URL; relative URLs resolve against the page.
   * @param protocols - one subprotocol or a list of them.
   * @param options - the underlying implementation, `binaryType` and the pre-open queue's bounds.
   * @throws {DOMException} `SyntaxError` for an invalid URL or subprotocol list; `SecurityError` for a `ws:` URL
   * from an `https:` page (loopback hosts excepted).
   * @throws {InvalidOptionError} for an invalid option.
   * @throws {WebSocketUnavailableError} when no implementation is given and none is global.
   */
  constructor(url: string | URL, protocols?: string | readonly string[], options: RxWebSocketOptions = {}) {
    super();
    const location = (globalThis as { location?: { href?: unknown } }).location;
    const page = typeof location?.href === 'string' ? location.href : undefined;
    const href = parseWebSocketUrl(url, page);
    checkMixedContent(href, page);
    const protocolList = parseProtocols(protocols);
    const resolved = resolveSocketOptions(options);
    this.#binaryType = resolved.binaryType;
    this.#queue = resolved.queue;
    if (!resolved.coalesceSends) this.#corked = false;
    const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
    if (typeof Ctor !== 'function') throw new WebSocketUnavailableError();

    const ws = protocolList.length > 0 ? new Ctor(href, protocolList) : new Ctor(href);
    this.#ws = ws;
    // The underlying socket keeps the URL already (one string and no slot per socket); a runtime that reports
    // other text has the standard's kept aside.
    if (ws.url !== href) {
      otherUrls ??= new WeakMap();
      otherUrls.set(this, href);
    }
    // ws defaults to 'nodebuffer'; runtimes that cannot deliver Blobs ignore the assignment.
    ws.binaryType = this.#binaryType;
    this.#listen('open', this.#onEvent);
    this.#listen('error', this.#onEvent);
    this.#listen('close', this.#onEvent);
  }

  /** 0 */
  get CONNECTING(): 0 {
    return CONNECTING;
  }
  /** 1 */
  get OPEN(): 1 {
    return OPEN;
  }
  /** 2 */
  get CLOSING(): 2 {
    return CLOSING;
  }
  /** 3 */
  get CLOSED(): 3 {
    return CLOSED;
  }

  /** The state of the connection: `CONNECTING`, `OPEN`, `CLOSING` or `CLOSED`. */
  get readyState(): ReadyState {
    // A close frame from the server moves the underlying socket to CLOSING before any event.
    return this.#state === OPEN && this.#ws.readyState === CLOSING ? CLOSING : this.#state;
  }

  /**
   * Bytes given to `send()` that have not been handed to the network yet. Runtimes that do not
   * report it (mock-socket) count as 0; bytes sent after closing are counted, as the standard says.
   */
  get bufferedAmount(): number {
    return (this.#ws.bufferedAmount ?? 0) + (this.#ending?.bytesAfter ?? 0);
  }

  /** The subprotocol the server selected, or `''`. */
  get protocol(): string {
    return this.#ws.protocol ?? '';
  }

  /** The extensions the server selected (such as `permessage-deflate`), or `''`. */
  get extensions(): string {
    return this.#ws.extensions ?? '';
  }

  /**
   * How binary messages are delivered: `'blob'` (default) or `'arraybuffer'`. Other values are
   * ignored, as the standard says for enumerations.
   * @default 'blob'
   */
  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  /** Sets how binary messages are delivered; values other than `'blob'` and `'arraybuffer'` are ignored. */
  set binaryType(value: BinaryType) {
    if (value !== 'blob' && value !== 'arraybuffer') return;
    this.#binaryType = value;
    this.#ws.binaryType = value;
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
    // undici fires error and close synchronously inside close(); the standard queues them as tasks,
    // so events that arrive during the call are delivered after it returns.
    const deferred: Array<() => void> = [];
    ending.deferred = deferred;
    try {
      if (args.code === undefined) this.#ws.close();
      else this.#ws.close(args.code, args.reason ?? '');
    } finally {
      ending.deferred = undefined;
      if (deferred.length > 0) {
        queueMicrotask(() => {
          for (const deliver of deferred) deliver();
        });
      }
    }
  }

  /**
   * Sends `data` when open, queues it (bounded by `options.queue`) while connecting and flushes the
   * queue in order on open, and reports it on `dropped$` when the socket is closing or closed.
   *
   * @param data - the message.
   * @throws {QueueOverflowError} when the queue is full and `queue.overflow` is `'error'`.
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
      const queue = this.#queued();
      const { dropped } = queue.push(data);
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
   * The `open` event: emits once and completes. A late subscriber gets the event at once (one who subscribes
   * after open fired gets an equal event: same `type`, `timeStamp` and `target`); it errors with
   * {@link WebSocketCloseError} when the socket closes without opening.
   */
  get open$(): Observable<Event> {
    return this.#kept<Event>('open$', (subscriber) => this.#opened().subscribe(subscriber));
  }

  /**
   * Every `MessageEvent`. Completes on a clean close; errors with {@link WebSocketCloseError} on an
   * abnormal one, so `retry` and `repeat` compose. A MessageEvent is created per message only
   * while someone listens; use `data$` on hot paths.
   */
  get message$(): Observable<MessageEvent> {
    return this.#kept<MessageEvent>('message$', (subscriber) => {
      const streams = this.#streams as Streams;
      streams.message ??= this.#ended(new Fanout());
      this.#receive();
      return streams.message.observable.subscribe(subscriber);
    });
  }

  /** The payload of every message (`string`, `Blob` or `ArrayBuffer`); ends as `message$` does. */
  get data$(): Observable<unknown> {
    return this.#kept<unknown>('data$', (subscriber) => {
      const streams = this.#streams as Streams;
      streams.data ??= this.#ended(new Fanout());
      this.#receive();
      return streams.data.observable.subscribe(subscriber);
    });
  }

  /** Every `error` event (at most one, just before `close`); completes when the socket closes. */
  get error$(): Observable<Event> {
    return this.#kept<Event>('error$', (subscriber) => {
      const streams = this.#streams as Streams;
      streams.error ??= new Subject();
      if (this.#ending?.event) streams.error.complete();
      return streams.error.subscribe(subscriber);
    });
  }

  /** The `CloseEvent`: emits once and completes, also for late subscribers. Never errors. */
  get close$(): Observable<CloseEvent> {
    return this.#kept<CloseEvent>('close$', (subscriber) => {
      const streams = this.#streams as Streams;
      if (!streams.close) {
        streams.close = new AsyncSubject();
        const closed = this.#ending?.event;
        if (closed) this.#finish(streams.close, closed);
      }
      return streams.close.subscribe(subscriber);
    });
  }

  /** The ready state: the current one first, then each change; completes after `CLOSED`. */
  get readyState$(): Observable<ReadyState> {
    return this.#kept<ReadyState>('readyState$', (subscriber) => {
      if (this.#state === CLOSED) {
        subscriber.next(CLOSED);
        subscriber.complete();
        return;
      }
      const streams = this.#streams as Streams;
      streams.readyState ??= new BehaviorSubject<ReadyState>(this.#state);
      return streams.readyState.subscribe(subscriber);
    });
  }

  /** Messages given to `next()` that were not sent; completes when the socket closes. */
  get dropped$(): Observable<DroppedMessage> {
    return this.#kept<DroppedMessage>('dropped$', (subscriber) => {
      const streams = this.#streams as Streams;
      streams.dropped ??= new Subject();
      if (this.#ending?.event) streams.dropped.complete();
      return streams.dropped.subscribe(subscriber);
    });
  }

  /** Handler for `open`, as in the standard (kept in order with `addEventListener`). */
  get onopen(): Handler<Event> {
    return this.#handler('open');
  }
  /** Sets the `open` handler; a non-function removes it. */
  set onopen(fn: Handler<Event>) {
    this.#setHandler('open', fn);
  }
  /** Handler for `message`. */
  get onmessage(): Handler<MessageEvent> {
    return this.#handler('message');
  }
  /** Sets the `message` handler; a non-function removes it. */
  set onmessage(fn: Handler<MessageEvent>) {
    this.#setHandler('message', fn);
  }
  /** Handler for `error`. */
  get onerror(): Handler<Event> {
    return this.#handler('error');
  }
  /** Sets the `error` handler; a non-function removes it. */
  set onerror(fn: Handler<Event>) {
    this.#setHandler('error', fn);
  }
  /** Handler for `close`. */
  get onclose(): Handler<CloseEvent> {
    return this.#handler('close');
  }
  /** Sets the `close` handler; a non-function removes it. */
  set onclose(fn: Handler<CloseEvent>) {
    this.#setHandler('close', fn);
  }

  /**
   * Adds an event listener, as `EventTarget` does; typed for `open`, `message`, `error` and `close`.
   *
   * @param type - the event type.
   * @param listener - a function or `{ handleEvent }` object.
   * @param options - `once`, `signal`, `capture`, `passive`.
   */
  override addEventListener<K extends EventType>(
    type: K,
    listener: RxWebSocketListener<RxWebSocketEventMap[K]> | null,
    options?: RxWebSocketListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: RxWebSocketListener | null,
    options?: RxWebSocketListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: RxWebSocketListener | null,
    options?: RxWebSocketListenerOptions,
  ): void {
    if (type === 'message' && listener) {
      this.#messageListeners = true;
      this.#receive();
    }
    super.addEventListener(type, listener as Parameters<EventTarget['addEventListener']>[1], options);
  }

  // Underlying events. Each is ignored once it can no longer apply, so a late `open` of a socket
  // closed while connecting, or a second `close`, is never delivered.
  #open(): void {
    if (this.#state !== CONNECTING) return;
    this.#stopOpenListener();
    this.#setState(OPEN);
    const event = new Event('open');
    this.#openedAt = event.timeStamp;
    this.dispatchEvent(event);
    this.#watcher?.opened();
    const opened = this.#streams?.open;
    if (opened) this.#finish(opened, event);
    this.#flush();
  }

  /**
   * The underlying `message` listener, created on first need (messages nobody listens to go nowhere anyway):
   * called with the runtime's MessageEvent, or by `ws`'s emitter with the payload and whether it is binary.
   */
  #onMessage: ((message: unknown, isBinary?: boolean) => void) | undefined;

  /**
   * The one underlying listener for `open`, `error` and `close`, bound rather than an arrow function, so a socket
   * keeps one function and no closure context: called with the runtime's Event, or by `ws`'s emitter with nothing
   * (open), the Error (error), or the close code and the reason's bytes (close). Its `open` registration is
   * removed once open fired.
   */
  readonly #onEvent: (event?: unknown, reason?: unknown) => void = this.#underlying.bind(this);

  #underlying(event?: unknown, reason?: unknown): void {
    const emitter = wsEmitterOf(this.#ws);
    const type = emitter
      ? event === undefined
        ? 'open'
        : typeof event === 'number'
          ? 'close'
          : 'error'
      : (event as { type?: unknown } | undefined)?.type;
    if (type === 'open') {
      this.#open();
      return;
    }
    if (type !== 'close') {
      this.#error(emitter ? event : (event as UnderlyingError | undefined)?.error);
      return;
    }
    this.#close(
      emitter
        ? {
            code: event as number,
            reason: (reason as { toString(): string }).toString(),
            wasClean: emitter._closeFrameReceived && emitter._closeFrameSent,
          }
        : (event as UnderlyingClose),
    );
  }

  #error(cause: unknown): void {
    const deferred = this.#ending?.deferred;
    if (deferred) {
      deferred.push(() => this.#error(cause));
      return;
    }
    if (this.#state === CLOSED || this.#ending?.errorFired) return;
    const ending = this.#ends();
    ending.errorFired = true;
    ending.cause = cause;
    const error = new Event('error');
    this.dispatchEvent(error);
    this.#streams?.error?.next(error);
  }

  #close(event: UnderlyingClose): void {
    const deferred = this.#ending?.deferred;
    if (deferred) {
      deferred.push(() => this.#close(event));
      return;
    }
    if (this.#state === CLOSED) return;
    // A connection that never opened was failed: the standard fires `error` first and reports 1006.
    const failed = this.#ending?.failed || this.#state === CONNECTING;
    if (failed) this.#error(undefined);
    const close = new CloseEvent(
      'close',
      failed
        ? { code: 1006, reason: '', wasClean: false }
        : { code: event.code ?? 1005, reason: event.reason ?? '', wasClean: event.wasClean ?? false },
    );
    const ending = this.#ends();
    ending.event = close;
    this.#detach();
    this.#setState(CLOSED);
    const streams = this.#streams;
    streams?.readyState?.complete();
    this.dispatchEvent(close);

    const error = close.wasClean ? undefined : new WebSocketCloseError(close, { cause: ending.cause });
    if (streams?.open && this.#openedAt === undefined) streams.open.error(error ?? new WebSocketCloseError(close));
    this.#end(streams?.message);
    this.#end(streams?.data);
    streams?.error?.complete();
    const watcher = this.#watcher;
    this.#watcher = undefined;
    watcher?.closed(close);
    if (streams?.close) this.#finish(streams.close, close);
    if (this.#queue instanceof SendQueue) for (const message of this.#queue.clear()) this.#drop(message, 'closed');
    streams?.dropped?.complete();
  }

  /**
   * Adds (or removes) a listener on the underlying socket, through `ws`'s emitter when there is one (events then
   * come as arguments, without `ws`'s Event objects). The emitter is looked up per call, not kept in a slot.
   */
  #listen(type: EventType, listener: (event: unknown, detail?: never) => void, remove?: boolean): void {
    const emitter = wsEmitterOf(this.#ws);
    if (emitter) emitter[remove ? 'removeListener' : 'on'](type, listener);
    else this.#ws[remove ? 'removeEventListener' : 'addEventListener'](type, listener);
  }

  /** Adds the underlying `message` listener on first need. */
  #receive(): void {
    if (this.#onMessage || this.#ending?.event) return;
    // Resolved with the first event and then kept: looking the runtime's MessageEvent up per message cost ~10 ns.
    let createEvent: SocketMessageEventFactory | undefined;
    // Kept here rather than on the socket: a socket nobody receives from carries no slot for it.
    let origin: string | undefined;
    const emitter = wsEmitterOf(this.#ws) !== undefined;
    this.#onMessage = (message, isBinary) => {
      // The standard drops messages that arrive once close() was called.
      if (this.#state !== OPEN) return;
      // A text frame comes from ws as a Buffer: toString() decodes it (String(buffer) takes twice as long).
      const data = emitter
        ? isBinary
          ? message
          : (message as { toString(): string }).toString()
        : (message as UnderlyingMessage).data;
      const streams = this.#streams;
      if (this.#messageListeners || streams?.message?.observed) {
        origin ??= new URL(this.url).origin;
        // Its `target` is the socket without a dispatch, so it is dispatched only when a listener waits for it.
        createEvent ??= socketMessageEvent();
        const event = createEvent(data, origin, this);
        if (this.#messageListeners) this.dispatchEvent(event);
        streams?.message?.next(event);
      }
      streams?.data?.next(data);
    };
    this.#listen('message', this.#onMessage);
  }

  /** The stream getter's Observable: made on first read, then the same. */
  #kept<T>(key: `${string}$`, subscribe: (subscriber: Subscriber<T>) => TeardownLogic): Observable<T> {
    this.#streams ??= {};
    const stream = (this.#streams[key] as Observable<T> | undefined) ?? new Observable(subscribe);
    this.#streams[key] = stream as Observable<never>;
    return stream;
  }

  #queued(): SendQueue<WebSocketData> {
    if (!(this.#queue instanceof SendQueue)) this.#queue = new SendQueue(this.#queue, byteLengthOf);
    return this.#queue;
  }

  #ends(): Ending {
    this.#ending ??= {};
    return this.#ending;
  }

  #stopOpenListener(): void {
    this.#listen('open', this.#onEvent, true);
  }

  #opened(): Observable<Event> {
    const streams = this.#streams as Streams;
    if (!streams.open) {
      streams.open = new AsyncSubject();
      const event = openEventOf(this);
      if (event) this.#finish(streams.open, event);
      else if (this.#ending?.event) streams.open.error(this.#closeError());
    }
    return streams.open;
  }

  #closeError(): WebSocketCloseError {
    const ending = this.#ending as Ending;
    return new WebSocketCloseError(ending.event as CloseEvent, { cause: ending.cause });
  }

  /** Ends a stream that has been created after the close: completes when clean, errors when not. */
  #ended<S extends { complete(): void; error(error: unknown): void }>(subject: S): S {
    if (this.#ending?.event) this.#end(subject);
    return subject;
  }

  #end(subject: { complete(): void; error(error: unknown): void } | undefined): void {
    const event = this.#ending?.event;
    if (!subject || !event) return;
    if (event.wasClean) subject.complete();
    else subject.error(this.#closeError());
  }

  #finish<T>(subject: AsyncSubject<T>, value: T): void {
    subject.next(value);
    subject.complete();
  }

  #setState(state: ReadyState): void {
    this.#state = state;
    this.#streams?.readyState?.next(state);
  }

  #flush(): void {
    const queue = this.#queue;
    if (!(queue instanceof SendQueue)) return;
    // An open listener may close the socket: what is left is then dropped on close.
    while (queue.length > 0 && this.readyState === OPEN) this.#transmit(toWebSocketData(queue.shift()));
  }

  #transmit(payload: WebSocketData): void {
    const ws = this.#ws;
    // Large frames gain nothing from batching and would fill bufferedAmount for the turn: they write through.
    if (this.#corked === undefined && (typeof payload === 'string' ? payload.length : byteLengthOf(payload)) < 16_384) {
      const tcp = (ws as { _socket?: Partial<Corkable> | null })._socket;
      if (typeof tcp?.cork === 'function' && typeof tcp.uncork === 'function') {
        // One system call for the turn's frames; bytes stay counted in ws's bufferedAmount meanwhile.
        (tcp as Corkable).cork();
        this.#corked = true;
        queueMicrotask(() => {
          this.#corked = undefined;
          (tcp as Corkable).uncork();
        });
      }
    }
    ws.send(payload as never);
    if (this.#transmitListeners) {
      const bytes = byteLengthOf(payload);
      for (const listener of this.#transmitListeners) listener(bytes);
    }
  }

  #drop(data: WebSocketData, reason: DroppedMessage['reason']): void {
    this.#streams?.dropped?.next({ data, reason });
  }

  #detach(): void {
    this.#stopOpenListener();
    if (this.#onMessage) this.#listen('message', this.#onMessage, true);
    this.#listen('error', this.#onEvent, true);
    this.#listen('close', this.#onEvent, true);
  }

  #handler<E>(type: EventType): Handler<E> {
    return (this.#handlers?.[type]?.fn ?? null) as Handler<E>;
  }

  #setHandler(type: EventType, fn: unknown): void {
    const slot = this.#handlers?.[type];
    if (typeof fn !== 'function') {
      if (slot) {
        this.removeEventListener(type, slot.listener);
        delete this.#handlers?.[type];
      }
    } else if (slot) {
      // Replacing a handler keeps its place among the listeners, as the standard says.
      slot.fn = fn as HandlerSlot['fn'];
    } else {
      const created: HandlerSlot = {
        fn: fn as HandlerSlot['fn'],
        listener: (event) => {
          created.fn.call(this, event);
        },
      };
      this.#handlers ??= {};
      this.#handlers[type] = created;
      this.addEventListener(type, created.listener);
    }
  }
}
