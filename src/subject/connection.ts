import {
  asyncScheduler,
  BehaviorSubject,
  Observable,
  type Observer,
  type SchedulerLike,
  type Subscriber,
  Subscription,
  type Unsubscribable,
} from 'rxjs';
import { type Backpressure, type Pacer, pacer } from '../backpressure/pacer.js';
import type { CloseEvent } from '../close-event.js';
import { CLOSED, CLOSING, OPEN } from '../constants.js';
import { InvalidOptionError, returnedBy } from '../errors/invalid-option-error.js';
import { ProviderError } from '../errors/provider-error.js';
import type { WebSocketCloseError } from '../errors/websocket-close-error.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import { checkUrl, type Provider, resolveProviders } from '../internal/resolve-providers.js';
import { socketMessageEvent } from '../internal/socket-message-event.js';
import {
  type ConnectionDroppedMessage,
  ConnectionQueue,
  type SendGuard,
  type SendResult,
} from '../queue/connection-queue.js';
import type { SendQueue } from '../queue/queue-plugin.js';
import type { ConnectionState } from '../reconnect/connection-state.js';
import { Once } from '../reconnect/once.js';
import { type ReconnectOperator, withConnection } from '../reconnect/plugin.js';
import { resolveBinaryType } from '../socket/socket-options.js';
import type { Transport } from '../transport/transport.js';
import type { BinaryType, ConnectedSocket, WebSocketConstructorLike, WebSocketData } from '../types.js';
import { DirectSocket, type DirectSocketOwner } from './direct-socket.js';

export type { ConnectionDroppedMessage, SendResult } from '../queue/connection-queue.js';

/** Options of {@link connection}. */
export interface ConnectionOptions {
  /** The URL, or a function (sync or async) called for each connection attempt. */
  url: Provider<string | URL>;
  /**
   * The subprotocols, or a function called for each attempt.
   * @default []
   */
  protocols?: Provider<string | readonly string[] | undefined>;
  /**
   * The WebSocket implementation; `undefined` means the runtime's own.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructorLike | undefined;
  /**
   * How binary messages are delivered.
   * @default 'blob'
   */
  binaryType?: BinaryType;
  /**
   * Reconnection: the operator {@link reconnect} returns. Without it the connection ends with its first socket.
   * @default undefined
   */
  reconnect?: ReconnectOperator;
  /**
   * Where time comes from (queue ttl, backpressure polling, and reconnection unless its operator has a scheduler).
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
  /**
   * The queue for messages sent while no connection is open, kept across reconnects.
   * @default { maxMessages: 1000, maxBytes: Infinity, overflow: 'error', ttl: Infinity }
   */
  queue?: SendQueue | undefined;
  /**
   * Pacing by `bufferedAmount`: what {@link backpressure} returns. Messages wait in the queue while the socket is full.
   * @default undefined (no limit: send at once)
   */
  backpressure?: Backpressure;
  /**
   * Called on every new connection with its open event, after the state became `open` and before the queue is
   * flushed: what it sends goes first.
   * @default undefined
   */
  onOpen?: (socket: ConnectedSocket, event: Event) => void;
  /**
   * Called with every socket's close event, also of a socket closed because the last subscriber left.
   * @default undefined
   */
  onClose?: (event: CloseEvent) => void;
}

/**
 * The connection behind `webSocket()`: one socket at a time, opened while anything subscribes to `data$`,
 * `events$` or `sockets$` and closed (without a code, as rxjs closes) when the last subscriber leaves.
 */
export interface Connection {
  /** The state: the current one first, then each change. Never completes. */
  readonly state$: Observable<ConnectionState>;
  /** The current state. */
  readonly state: ConnectionState;
  /** The open socket, or `undefined`. */
  readonly socket: ConnectedSocket | undefined;
  /** The open socket's transport, or `undefined`: what a socket shared across tabs offers beyond the standard. */
  readonly transport: Transport | undefined;
  /** The open socket, if any, then each new one; subscribing starts the connection. */
  readonly sockets$: Observable<ConnectedSocket>;
  /**
   * Every payload from every socket in turn; subscribing starts the connection. It ends when the connection ends
   * for good: complete, or error with the reason (such as {@link ReconnectStoppedError}; as rxjs's subject errors,
   * the runtime's error event or the `CloseEvent` of an abnormal close). Heartbeat pongs are left out: they are the
   * heartbeat's, not the app's.
   */
  readonly data$: Observable<unknown>;
  /** What `data$` gives, as MessageEvents (for rxjs's `deserializer`, which takes them). */
  readonly events$: Observable<MessageEvent>;
  /** Messages that were queued and then dropped. */
  readonly dropped$: Observable<ConnectionDroppedMessage>;
  /**
   * What subscribing to `data$` (`'data'`) or `events$` (`'events'`) does, for one observer without a subscriber
   * around it: the subject's decoder is told directly.
   *
   * @param kind - the stream.
   * @param observer - told of each value and of the end.
   * @returns the way to stop, as an unsubscribe.
   */
  listen(kind: 'data' | 'events', observer: Observer<unknown>): Unsubscribable;
  /**
   * Closes the connection as the app: the open socket with `code` and `reason` (validated first), or the attempt in
   * progress; no reconnection follows, and the streams complete. Subscribing again starts a new connection, also
   * before the old socket has finished closing (its subscribers still end with it; `state$` shows the new one).
   *
   * @param code - 1000 or 3000-4999; none sends a close frame without a code, as rxjs's subject does (the server
   * sees 1005). @default undefined
   * @param reason - at most 123 UTF-8 bytes; needs a code. @default undefined
   * @throws {DOMException} `InvalidAccessError` or `SyntaxError`, as `close()`; nothing changes then.
   */
  close(code?: number, reason?: string): void;
  /**
   * Closes as rxjs's subject's `complete()` and `error({ code })` do: a socket still connecting first opens and sends
   * what was queued before the call, then closes (what is queued after it waits for the next connection); an open one
   * sends what waited before the call, a socket full under backpressure too, and closes at once. `hook` (the app's
   * `closingObserver`) is told just before the socket closes.
   *
   * @param code - 1000 or 3000-4999; none sends a close frame without a code. @default undefined
   * @param reason - at most 123 UTF-8 bytes; needs a code. @default undefined
   * @param hook - told just before the socket closes. @default undefined
   * @throws {DOMException} `InvalidAccessError` or `SyntaxError`, as `close()`; nothing changes then.
   */
  closeAfterQueue(code?: number, reason?: string, hook?: () => void): void;
  /**
   * Sends `data` now when a socket is open, else queues it until one is.
   *
   * @param data - the message.
   * @param guard - asked just before it leaves on a socket, now or from the queue: `false` leaves it out.
   * @default undefined
   * @returns `'sent'` (or left out by `guard`), `'queued'`, or `'dropped'` (the queue was full under `'drop-newest'`).
   * @throws {QueueOverflowError} when the queue is full under `'error'`; nothing changed.
   */
  send(data: WebSocketData, guard?: SendGuard): SendResult;
  /**
   * Takes back what still waits in the queue of a message sent with `guard` (a request that ended).
   *
   * @param data - the message.
   * @param guard - the guard it was sent with.
   */
  withdraw(data: WebSocketData, guard: SendGuard): void;
}

/**
 * Creates the connection behind `webSocket()`. It drives the runtime's socket itself, through the transport seam (as
 * rxjs's subject drives the runtime's socket), one socket at a time: `reconnect()` only decides when the next one
 * opens, `backpressure()` only when the queue may send. Internal: the package does not export it.
 *
 * @param options - the URL (or a function per attempt), reconnection, queue and hooks.
 * @returns the connection; nothing happens until something subscribes.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * const live = connection({ url: 'wss://api.example/live', reconnect: reconnect(), onOpen: (socket) => socket.send('hi') });
 * live.data$.subscribe((data) => console.log(data)); // subscribing starts it
 * live.send('hello'); // 'sent', or 'queued' until the next connection opens
 * ```
 */
export function connection(options: ConnectionOptions): Connection {
  const { reconnect, backpressure, onOpen } = options;
  checkUrl(options.url);
  if (reconnect !== undefined && typeof reconnect?.[withConnection]?.run !== 'function') {
    throw new InvalidOptionError('reconnect', reconnect, returnedBy('reconnect'));
  }
  if (backpressure !== undefined && typeof backpressure?.[pacer]?.room !== 'function') {
    throw new InvalidOptionError('backpressure', backpressure, returnedBy('backpressure'));
  }
  if (onOpen !== undefined && typeof onOpen !== 'function')
    throw new InvalidOptionError('onOpen', onOpen, 'a function');
  return new SocketConnection(options);
}

const IDLE: ConnectionState = { status: 'closed', reason: 'idle', lastClose: undefined, error: undefined };

type Kind = 'data' | 'sockets' | 'events';

/**
 * The close event of each close error an attempt ended with. The error (with the runtime's error as its `cause`) goes
 * through `reconnect()`'s policy and into `state$`; the streams end with the event, as rxjs's subject's do.
 */
const closeEvents = new WeakMap<object, CloseEvent>();

/** An empty list, shared: lists are replaced, never changed in place. */
const NONE: Observer<unknown>[] = [];

/** One run of the connection (until it ends for good, or its last subscriber leaves) and the subscribers it serves. */
class Run implements Observer<DirectSocket> {
  // Each list holds the observers of one stream, which take what its name says.
  data: Observer<unknown>[] = NONE;
  sockets: Observer<unknown>[] = NONE;
  events: Observer<unknown>[] = NONE;
  upstream: Unsubscribable | undefined;
  ended = false;
  /** The app's close, asked while the socket was connecting: done by `opened()` (see `closeAfterQueue()`). */
  closing: ((socket: DirectSocket) => void) | undefined;
  /** Makes MessageEvents for one socket, when someone takes them. */
  #events: { readonly socket: DirectSocket; readonly create: (data: unknown) => MessageEvent } | undefined;
  readonly #owner: SocketConnection;

  constructor(owner: SocketConnection) {
    this.#owner = owner;
  }

  get size(): number {
    return this.data.length + this.sockets.length + this.events.length;
  }

  next(socket: DirectSocket): void {
    this.#owner.opened(this, socket);
  }

  /** An abnormal close ends the streams with its `CloseEvent`, as rxjs's subject's; `state$` keeps the typed error. */
  error(error: unknown): void {
    const event = error instanceof Object ? closeEvents.get(error) : undefined;
    this.#owner.end(this, (each) => each.error(event ?? error));
  }

  complete(): void {
    this.#owner.end(this, (each) => each.complete());
  }

  received(socket: DirectSocket, data: unknown): void {
    for (const each of this.data) each.next(data);
    if (this.events.length === 0) return;
    if (this.#events?.socket !== socket) {
      const create = socketMessageEvent();
      const origin = new URL(socket.url).origin;
      // The event's target is the socket, as a runtime's message event's is the runtime's socket.
      this.#events = { socket, create: (payload) => create(payload, origin, socket as unknown as EventTarget) };
    }
    const event = this.#events.create(data);
    for (const each of this.events) each.next(event);
  }
}

/** One socket of a run, from its attempt to its close: what the socket tells, told to the run's operator. */
class Attempt implements DirectSocketOwner, Unsubscribable {
  socket: DirectSocket | undefined;
  /** Set when the operator let go of it: what the socket still tells goes nowhere but the app's close hook. */
  stopped = false;
  readonly #observer: Observer<DirectSocket>;
  readonly #run: Run;
  readonly #owner: SocketConnection;

  constructor(observer: Observer<DirectSocket>, run: Run, owner: SocketConnection) {
    this.#observer = observer;
    this.#run = run;
    this.#owner = owner;
  }

  opened(socket: DirectSocket): void {
    if (!this.stopped) this.#observer.next(socket);
  }

  received(data: unknown): void {
    if (!this.stopped && !this.#owner.isPong?.(data)) this.#run.received(this.socket as DirectSocket, data);
  }

  /**
   * Without `reconnect()`, the subscribers error at once with the runtime's error event, as rxjs's do; the close that
   * follows still reaches `state$` and the app's close hook.
   */
  errored(event: unknown): void {
    if (!this.stopped && !this.#owner.reconnects) this.#owner.end(this.#run, (each) => each.error(event), false);
  }

  /** As rxjs: the app's close hook first (also after the last subscriber left), then the end of the stream. */
  closed(_: DirectSocket, event: CloseEvent, error: WebSocketCloseError | undefined): void {
    if (error) closeEvents.set(error, event);
    this.#owner.onClose?.(event);
    this.fail(error);
  }

  /** Ends the attempt: with `error`, or cleanly when there is none. */
  fail(error: unknown): void {
    if (this.stopped) return;
    this.stopped = true;
    if (error === undefined) this.#observer.complete();
    else this.#observer.error(error);
  }

  unsubscribe(): void {
    this.stopped = true;
    const socket = this.socket;
    const state = socket?.readyState;
    if (!socket || state === CLOSING || state === CLOSED) return;
    // The run's end (its last subscriber left) closes without a code, as rxjs's subject does: the server sees 1005.
    // reconnect() letting go of a socket to open the next (reconnectNow, a missed pong) closes it with 1000.
    socket.close(this.#run.ended ? undefined : 1000);
  }
}

class SocketConnection implements Connection {
  readonly isPong: ((data: unknown) => boolean) | undefined;
  readonly onClose: ((event: CloseEvent) => void) | undefined;
  /** Whether `reconnect()` decides what a failure does: then the close, not the error event, ends a connection. */
  readonly reconnects: boolean;
  readonly #options: ConnectionOptions;
  /** The app's `binaryType`, checked; undefined when it chose none. */
  readonly #binaryType: BinaryType | undefined;
  readonly #scheduler: SchedulerLike;
  readonly #queue: ConnectionQueue;
  readonly #pacer: Pacer | undefined;
  /** The current state; told to `state$`'s subject, made when `state$` is first read. */
  #now: ConnectionState = IDLE;
  #states: BehaviorSubject<ConnectionState> | undefined;
  /** The run new subscribers join; undefined when none runs or it was retired by `close()`. */
  #run: Run | undefined;
  /** The newest run, retired or not: the one whose state `state$` shows. */
  #latest: Run | undefined;
  /** The newest run's socket while it is open. */
  #current: DirectSocket | undefined;
  /** The wait for a full socket to drain, with that socket: a newer socket's queue does not wait on an older one. */
  #draining: { readonly socket: DirectSocket; readonly wait: Subscription } | undefined;
  // Made on first read, then kept: the same instance every time, as Angular's `async` pipe needs.
  #state$: Observable<ConnectionState> | undefined;
  #data$: Observable<unknown> | undefined;
  #sockets$: Observable<ConnectedSocket> | undefined;
  #events$: Observable<MessageEvent> | undefined;

  constructor(options: ConnectionOptions) {
    this.#options = options;
    this.#binaryType = options.binaryType === undefined ? undefined : resolveBinaryType(options.binaryType);
    this.#scheduler = options.scheduler ?? asyncScheduler;
    this.#queue = new ConnectionQueue(options.queue, this.#scheduler);
    this.#pacer = options.backpressure?.[pacer];
    this.isPong = options.reconnect?.[withConnection].isPong;
    this.onClose = options.onClose;
    this.reconnects = options.reconnect !== undefined;
  }

  get state$(): Observable<ConnectionState> {
    this.#states ??= new BehaviorSubject(this.#now);
    this.#state$ ??= this.#states.asObservable();
    return this.#state$;
  }

  get state(): ConnectionState {
    return this.#now;
  }

  get socket(): DirectSocket | undefined {
    return this.#current?.readyState === OPEN ? this.#current : undefined;
  }

  get transport(): Transport | undefined {
    return this.socket?.transport;
  }

  get data$(): Observable<unknown> {
    this.#data$ ??= this.#stream('data');
    return this.#data$;
  }

  get sockets$(): Observable<ConnectedSocket> {
    this.#sockets$ ??= this.#stream('sockets');
    return this.#sockets$;
  }

  get events$(): Observable<MessageEvent> {
    this.#events$ ??= this.#stream('events');
    return this.#events$;
  }

  get dropped$(): Observable<ConnectionDroppedMessage> {
    return this.#queue.dropped$;
  }

  close(code?: number, reason?: string): void {
    parseCloseArguments(code, reason);
    const socket = this.socket;
    // An open socket closes cleanly, and reconnect() ends on the app's own close; an attempt in progress is abandoned.
    // Either way the next subscriber starts anew rather than join a connection that is closing.
    if (socket) {
      socket.close(code, reason);
      this.#run = undefined;
    } else if (this.#run) this.end(this.#run, (each) => each.complete());
  }

  closeAfterQueue(code?: number, reason?: string, hook?: () => void): void {
    parseCloseArguments(code, reason);
    const run = this.#run;
    const queued = this.#queue.length;
    const close = (socket?: DirectSocket) => {
      // What was queued before the call goes first, then the close, as rxjs's queue has it; also past backpressure's
      // watermark, which paces an open socket: the close follows the socket's buffer, and nothing waits for later.
      if (socket) this.#queue.flush(socket, undefined, queued);
      hook?.();
      this.close(code, reason);
    };
    // While connecting, later subscribers join this socket and end with it, as with rxjs; `opened()` closes it.
    if (run && !this.socket && this.#now.status === 'connecting') run.closing = close;
    else close(this.socket);
  }

  send(data: WebSocketData, guard?: SendGuard): SendResult {
    // While the app's close waits for a connecting socket to open, what comes after the call waits for the next one.
    const socket = this.#run?.closing ? undefined : this.socket;
    if (!socket || !this.#pacer) return this.#queue.send(socket, data, undefined, guard);
    const result = this.#queue.send(socket, data, () => this.#room(socket), guard);
    this.#flush(socket);
    return result;
  }

  withdraw(data: WebSocketData, guard: SendGuard): void {
    this.#queue.withdraw(data, guard);
  }

  /** @internal A socket of `run` opened: the app's hook, then the queue, then the `sockets$` subscribers. */
  opened(run: Run, socket: DirectSocket): void {
    try {
      this.#options.onOpen?.(socket, socket.openEvent as Event);
      socket.openEvent = undefined; // told once; an open socket need not keep it
    } catch (error) {
      // A hook that throws (an app's openObserver) ends the stream with its error, and closes the socket.
      this.end(run, (each) => each.error(error));
      return;
    }
    const closing = run.closing;
    if (closing) {
      run.closing = undefined;
      closing(socket);
      return;
    }
    this.#flush(socket);
    for (const each of run.sockets) each.next(socket);
  }

  /**
   * @internal Ends every subscriber of `run` (one that subscribes again meanwhile starts anew), then stops it.
   * @param run - the run.
   * @param notify - how each subscriber ends.
   * @param stop - `false` leaves its socket to end by itself: its close then ends the run, for `state$` and the app's
   * close hook. @default true
   */
  end(run: Run, notify: (observer: Observer<unknown>) => void, stop = true): void {
    if (run.ended) return;
    run.ended = true;
    if (this.#run === run) this.#run = undefined;
    const ending = [...run.data, ...run.sockets, ...run.events];
    run.data = NONE;
    run.sockets = NONE;
    run.events = NONE;
    for (const each of ending) notify(each);
    if (stop) run.upstream?.unsubscribe();
  }

  listen(kind: 'data' | 'events', observer: Observer<unknown>): Unsubscribable {
    return { unsubscribe: this.#join(kind, observer) };
  }

  #stream<T>(kind: Kind): Observable<T> {
    return new Observable<T>((subscriber) => this.#join(kind, subscriber as Subscriber<unknown>));
  }

  /** Adds `observer` to the run (starting one if none runs); returns its removal, which stops an emptied run. */
  #join(kind: Kind, observer: Observer<unknown>): () => void {
    const fresh = !this.#run;
    const run = this.#run ?? this.#start();
    run[kind] = run[kind].length === 0 ? [observer] : [...run[kind], observer];
    const socket = this.socket;
    if (kind === 'sockets' && socket && run === this.#latest) observer.next(socket);
    if (fresh) this.#connect(run);
    return () => {
      run[kind] = run[kind].filter((each) => each !== observer);
      if (run.size > 0 || run.ended) return;
      run.ended = true;
      if (this.#run === run) this.#run = undefined;
      run.upstream?.unsubscribe();
    };
  }

  #start(): Run {
    const run = new Run(this);
    this.#run = run;
    this.#latest = run;
    return run;
  }

  /** Runs the sockets of `run` through `reconnect()`'s operator, or through one connection's. */
  #connect(run: Run): void {
    const onState = (state: ConnectionState) => {
      if (run !== this.#latest) return;
      if (state.status === 'open') this.#current = state.socket as DirectSocket;
      else if (this.#current) {
        // What a closed socket knows it never sent (a shared tab socket whose leader went away) is sent again.
        this.#queue.recover(this.#current.transport.unsent?.());
        this.#current = undefined;
      }
      this.#now = state;
      this.#states?.next(state);
    };
    const reconnect = this.#options.reconnect?.[withConnection];
    if (!reconnect) {
      // One socket: plain objects wired together, without an Observable (and its subscriber) between them.
      const single = new Once<DirectSocket>(run, onState);
      run.upstream = single;
      const attempt = new Attempt(single, run, this);
      single.upstream = attempt;
      this.#open(attempt);
      return;
    }
    const attempts = new Observable<DirectSocket>((subscriber) => {
      const attempt = new Attempt(subscriber, run, this);
      this.#open(attempt);
      return attempt;
    });
    const upstream = attempts
      .pipe(
        reconnect.run<DirectSocket>({
          onState,
          scheduler: this.#scheduler,
          // The app asked to close while the socket connected: the connection ends with that socket, whatever ends
          // it, and `state$` reads the app's close, as rxjs's subject ends rather than reconnect.
          closing: () => run.closing !== undefined,
        }),
      )
      .subscribe(run);
    if (run.ended) upstream.unsubscribe();
    else run.upstream = upstream;
  }

  /** Opens the attempt's socket; the URL and subprotocols are resolved for each (functions may be async). */
  #open(attempt: Attempt): void {
    const { url, protocols, WebSocket } = this.#options;
    const open = (resolved: readonly [string | URL, string | readonly string[] | undefined] | ProviderError) => {
      if (attempt.stopped) return;
      if (resolved instanceof ProviderError) {
        attempt.fail(resolved);
        return;
      }
      try {
        attempt.socket = new DirectSocket(resolved[0], resolved[1], WebSocket, this.#binaryType, attempt);
      } catch (error) {
        attempt.fail(error);
      }
    };
    const resolved = resolveProviders(url, protocols);
    if (resolved instanceof Promise) resolved.then(open, (error: unknown) => attempt.fail(error));
    else open(resolved);
  }

  #room(socket: DirectSocket): boolean {
    return this.#pacer === undefined || this.#pacer.room(socket);
  }

  /** Sends what waits while the socket has room; under backpressure, the rest when it has drained. */
  #flush(socket: DirectSocket): void {
    const queue = this.#queue;
    queue.flush(socket, () => this.#room(socket));
    const paced = this.#pacer;
    if (queue.length === 0 || socket.readyState !== OPEN || !paced || this.#draining?.socket === socket) return;
    // One socket's at a time: one that closed (after complete(), say) leaves the queue to the next.
    this.#draining?.wait.unsubscribe();
    const draining = { socket, wait: new Subscription() };
    this.#draining = draining;
    const done = () => {
      if (this.#draining === draining) this.#draining = undefined;
    };
    draining.wait.add(
      paced.drained(socket, this.#scheduler).subscribe({
        next: () => {
          done();
          this.#flush(socket);
        },
        error: done,
      }),
    );
  }
}
