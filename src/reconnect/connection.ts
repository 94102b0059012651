import {
  asyncScheduler,
  BehaviorSubject,
  defer,
  Observable,
  type Observer,
  type SchedulerLike,
  Subject,
  type Subscriber,
  type Subscription,
  type Unsubscribable,
} from 'rxjs';
import { type Backpressure, type Pacer, pacer } from '../backpressure/pacer.js';
import { OPEN } from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { type FromWebSocketOptions, fromWebSocket } from '../from-websocket.js';
import { byteLengthOf } from '../internal/byte-length.js';
import { positiveDuration } from '../internal/durations.js';
import { Multicast } from '../internal/multicast.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import { type QueueOptions, resolveQueueOptions } from '../queue/queue-options.js';
import { SendQueue } from '../queue/send-queue.js';
import type { RxWebSocket } from '../rx-websocket.js';
import { internals } from '../socket/internals.js';
import type { WebSocketData } from '../types.js';
import type { ConnectionState } from './connection-state.js';
import { once } from './once.js';
import { type ReconnectOperator, withConnection } from './plugin.js';

/** What {@link Connection.send} did with a message. */
export type SendResult = 'sent' | 'queued' | 'dropped';

/** A message the connection could not deliver, reported on {@link Connection.dropped$}. */
export interface ConnectionDroppedMessage {
  /** The message as given to `send()`. */
  readonly data: WebSocketData;
  /** `'overflow'`: the queue was full; `'expired'`: it waited longer than `queue.ttl`. */
  readonly reason: 'overflow' | 'expired';
}

/** Bounds of the queue that holds messages while no connection is open. */
export interface ConnectionQueueOptions extends QueueOptions {
  /**
   * How long a message may wait, in milliseconds (scheduler time); older ones are dropped as `'expired'`.
   * @default Infinity
   */
  ttl?: number;
}

/** Options of {@link connection}: those of {@link fromWebSocket}, reconnection, a queue and an `onOpen` hook. */
export interface ConnectionOptions extends Omit<FromWebSocketOptions, 'queue'> {
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
  queue?: ConnectionQueueOptions;
  /**
   * Pacing by `bufferedAmount`: what {@link backpressure} returns. Messages wait in the queue while the socket is full.
   * @default undefined (no limit: send at once)
   */
  backpressure?: Backpressure;
  /**
   * Called on every new connection, after the state became `open` and before the queue is flushed:
   * send authentication, hello or re-subscription messages here, and they go first.
   * @default undefined
   */
  onOpen?: (socket: RxWebSocket) => void;
}

/**
 * A connection that reconnects: one socket at a time, opened while anything subscribes to `data$` or
 * `sockets$` and closed with 1000 when the last subscriber leaves.
 */
export interface Connection {
  /** The state: the current one first, then each change. Never completes. */
  readonly state$: Observable<ConnectionState>;
  /** The current state. */
  readonly state: ConnectionState;
  /** The open socket, or `undefined`. */
  readonly socket: RxWebSocket | undefined;
  /** The open socket, if any, then each new one; subscribing starts the connection. */
  readonly sockets$: Observable<RxWebSocket>;
  /**
   * Every payload from every socket in turn (a late subscriber starts with the open socket's next
   * message); subscribing starts the connection. It ends when the
   * connection ends for good: complete, or error with the reason (such as {@link ReconnectStoppedError}).
   * Heartbeat pongs are left out: they are the heartbeat's, not the app's.
   */
  readonly data$: Observable<unknown>;
  /** Which payloads are heartbeat pongs (the `isPong` of `reconnect({ heartbeat })`), if there is a heartbeat. */
  readonly isPong: ((data: unknown) => boolean) | undefined;
  /** Messages that were queued and then dropped. */
  readonly dropped$: Observable<ConnectionDroppedMessage>;
  /**
   * Closes the connection as the app: the open socket with `code` and `reason` (validated first, as
   * `RxWebSocket.close()`), or the attempt in progress; no reconnection follows, and `data$` and `sockets$`
   * complete. Subscribing again starts a new connection, also before the old socket has finished closing (its
   * subscribers still end with it; `state$` shows the new connection).
   *
   * @param code - 1000 or 3000-4999. @default 1000
   * @param reason - at most 123 UTF-8 bytes. @default ''
   * @throws {DOMException} `InvalidAccessError` or `SyntaxError`, as `close()`; nothing changes then.
   */
  close(code?: number, reason?: string): void;
  /**
   * Sends `data` now when a socket is open, else queues it until one is.
   *
   * @param data - the message.
   * @returns `'sent'`, `'queued'`, or `'dropped'` (the queue was full under `'drop-newest'`).
   * @throws {QueueOverflowError} when the queue is full under `'error'`; nothing changed.
   */
  send(data: WebSocketData): SendResult;
}

interface Queued {
  readonly data: WebSocketData;
  readonly at: number;
}

/**
 * Creates the connection behind webSocket(): {@link fromWebSocket}, and {@link reconnect} when given, with a bounded
 * send queue across reconnects, an `onOpen` hook that sends first, and the state as a read-only Observable. Internal:
 * the package does not export it (apps use `webSocket()`); its types ship because the subject's options name them.
 *
 * @param options - the URL (or a function per attempt), reconnection, queue and `onOpen`.
 * @returns the connection; nothing happens until something subscribes.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * // What webSocket({ url, reconnect: reconnect() }) makes:
 * const live = connection({ url: 'wss://api.example/live', reconnect: reconnect(), onOpen: (socket) => socket.send('hi') });
 * live.data$.subscribe((data) => console.log(data)); // subscribing starts it
 * live.send('hello'); // 'sent', or 'queued' until the next connection opens
 * ```
 */
export function connection(options: ConnectionOptions): Connection {
  const { queue: queueOptions, onOpen, backpressure, reconnect, scheduler, ...rest } = options;
  if (reconnect !== undefined && typeof reconnect?.[withConnection]?.run !== 'function') {
    throw new InvalidOptionError(
      'reconnect',
      reconnect,
      'the operator reconnect() returns, such as reconnect({ maxDelay: 10000 })',
    );
  }
  const paced = backpressure?.[pacer];
  if (backpressure !== undefined && typeof paced?.room !== 'function') {
    throw new InvalidOptionError(
      'backpressure',
      backpressure,
      'the value backpressure() returns, such as backpressure({ highWaterMark: 1 << 20 })',
    );
  }
  const ttl = positiveDuration(queueOptions?.ttl, 'queue.ttl', Number.POSITIVE_INFINITY);
  if (onOpen !== undefined && typeof onOpen !== 'function')
    throw new InvalidOptionError('onOpen', onOpen, 'a function');
  const queue = new SendQueue<Queued>(resolveQueueOptions(withoutTtl(queueOptions)), queuedBytes);
  return new ReconnectingConnection(rest, queue, scheduler ?? asyncScheduler, ttl, paced, onOpen, reconnect);
}

const queuedBytes = (item: Queued): number => byteLengthOf(item.data);

/**
 * What {@link connection} returns. A class rather than an object literal, so that its getters and helpers live on
 * the prototype instead of a closure each per connection.
 */
class ReconnectingConnection implements Connection {
  readonly sockets$: Observable<RxWebSocket>;
  readonly isPong: ((data: unknown) => boolean) | undefined;
  readonly #state = new BehaviorSubject<ConnectionState>({
    status: 'closed',
    reason: 'idle',
    lastClose: undefined,
    error: undefined,
  });
  #dropped: Subject<ConnectionDroppedMessage> | undefined;
  // The Observables below are made on first read and then kept: the same instance every time, as Angular's
  // `async` pipe needs (a new instance per read would resubscribe each check, and data$'s last unsubscribe closes).
  #state$: Observable<ConnectionState> | undefined;
  #data$: Observable<unknown> | undefined;
  #dropped$: Observable<ConnectionDroppedMessage> | undefined;
  readonly #shared: Multicast<RxWebSocket>;
  readonly #queue: SendQueue<Queued>;
  readonly #scheduler: SchedulerLike;
  readonly #ttl: number;
  readonly #pacer: Pacer | undefined;
  #current: RxWebSocket | undefined;
  #draining: Subscription | undefined;
  /** Runs started: the newest is the one whose state `state$` shows. */
  #runs = 0;

  constructor(
    options: FromWebSocketOptions,
    queue: SendQueue<Queued>,
    scheduler: SchedulerLike,
    ttl: number,
    paced: Pacer | undefined,
    onOpen: ((socket: RxWebSocket) => void) | undefined,
    reconnect: ReconnectOperator | undefined,
  ) {
    this.#queue = queue;
    this.#scheduler = scheduler;
    this.#ttl = ttl;
    this.#pacer = paced;
    // Checked now, at the call: the operators are made per run.
    this.isPong = reconnect?.[withConnection].isPong;
    const connections = fromWebSocket(options);
    this.#shared = new Multicast(
      defer(() => {
        // Each run of the connection has its own reconnect(); one that was retired by close() may still be closing
        // while a new one runs, and only the newest reports the state.
        const run = ++this.#runs;
        const onState = (next: ConnectionState) => {
          if (run !== this.#runs) return;
          if (next.status !== 'open') {
            this.#recover(this.#current);
            this.#current = undefined;
          }
          this.#state.next(next);
        };
        return connections.pipe(reconnect ? reconnect[withConnection].run({ onState, scheduler }) : once(onState));
      }),
      {
        beforeEach: (socket) => {
          this.#current = socket;
          onOpen?.(socket);
          this.#flush(socket);
        },
        // A late subscriber gets the socket that is open now, then every new one.
        current: () => this.socket,
      },
    );
    this.sockets$ = this.#shared.observable;
  }

  get state$(): Observable<ConnectionState> {
    this.#state$ ??= this.#state.asObservable();
    return this.#state$;
  }

  get state(): ConnectionState {
    return this.#state.getValue();
  }

  get socket(): RxWebSocket | undefined {
    return this.#current?.readyState === OPEN ? this.#current : undefined;
  }

  get data$(): Observable<unknown> {
    // Each socket in turn hands its payloads straight to the subscriber (no data$ subject, no inner subscription per
    // connection); the stream ends with the connection, which ends after its last socket closed.
    this.#data$ ??= new Observable<unknown>((subscriber) => {
      const payloads = new Payloads(subscriber, this.isPong);
      payloads.sockets = this.sockets$.subscribe(payloads);
      return payloads;
    });
    return this.#data$;
  }

  get dropped$(): Observable<ConnectionDroppedMessage> {
    this.#dropped ??= new Subject();
    this.#dropped$ ??= this.#dropped.asObservable();
    return this.#dropped$;
  }

  close(code = 1000, reason = ''): void {
    parseCloseArguments(code, reason);
    const socket = this.socket;
    // An open socket closes cleanly, and reconnect() ends on the app's own close; an attempt in
    // progress is abandoned by unsubscribing, which closes its socket. Either way the next subscriber starts anew
    // rather than join a connection that is closing.
    if (socket) {
      socket.close(code, reason);
      this.#shared.retire();
    } else this.#shared.complete();
  }

  send(data: WebSocketData): SendResult {
    const socket = this.socket;
    if (socket) {
      this.#flush(socket);
      if (this.#queue.length === 0 && this.#room(socket)) {
        socket.send(data);
        return 'sent';
      }
    }
    const result = this.#queue.push({ data, at: this.#scheduler.now() });
    this.#drop(result.dropped, 'overflow');
    if (socket?.readyState === OPEN) this.#flush(socket);
    return result.queued ? 'queued' : 'dropped';
  }

  /**
   * What a closed socket was given and knows it never sent (a shared tab socket whose leader went away) goes back to
   * the front of the queue, in order, for the next connection, within the queue's bounds.
   */
  #recover(socket: RxWebSocket | undefined): void {
    const unsent = socket?.[internals]().transport.unsent?.();
    if (!unsent || unsent.length === 0) return;
    const at = this.#scheduler.now();
    const waiting = this.#queue.clear();
    for (const item of [...unsent.map((data) => ({ data, at })), ...waiting]) {
      try {
        this.#drop(this.#queue.push(item).dropped, 'overflow');
      } catch {
        this.#drop([item], 'overflow'); // overflow: 'error' has nobody to throw to here
      }
    }
  }

  #drop(items: readonly Queued[], reason: ConnectionDroppedMessage['reason']): void {
    for (const item of items) this.#dropped?.next({ data: item.data, reason });
  }

  #room(socket: RxWebSocket): boolean {
    return this.#pacer === undefined || this.#pacer.room(socket);
  }

  #flush(socket: RxWebSocket): void {
    const queue = this.#queue;
    // Stops when the socket closes mid-way: the rest waits for the next connection.
    while (queue.length > 0 && socket.readyState === OPEN && this.#room(socket)) {
      const item = queue.shift() as Queued;
      if (this.#scheduler.now() - item.at > this.#ttl) this.#drop([item], 'expired');
      else socket.send(item.data);
    }
    const paced = this.#pacer;
    if (queue.length > 0 && socket.readyState === OPEN && paced && !this.#draining) {
      this.#draining = paced.drained(socket, this.#scheduler).subscribe({
        next: () => {
          this.#draining = undefined;
          this.#flush(socket);
        },
        error: () => {
          this.#draining = undefined;
        },
      });
    }
  }
}

function withoutTtl(options: ConnectionQueueOptions | undefined): QueueOptions | undefined {
  if (options === undefined) return undefined;
  const { ttl, ...bounds } = options;
  return bounds;
}

/** One data$ subscription: each socket's payloads, in turn, to the subscriber. One object rather than closures. */
class Payloads implements Observer<RxWebSocket>, Unsubscribable {
  readonly #subscriber: Subscriber<unknown>;
  readonly #isPong: ((data: unknown) => boolean) | undefined;
  #detach: (() => void) | undefined;
  sockets: Unsubscribable | undefined;

  constructor(subscriber: Subscriber<unknown>, isPong: ((data: unknown) => boolean) | undefined) {
    this.#subscriber = subscriber;
    this.#isPong = isPong;
  }

  /** The socket's payloads, heartbeat pongs left out. Bound once, as the socket's listener. */
  readonly #deliver = (data: unknown): void => {
    if (!this.#isPong?.(data)) this.#subscriber.next(data);
  };

  next(socket: RxWebSocket): void {
    this.#detach?.();
    const view = socket[internals]();
    this.#detach = view.onData(this.#deliver);
    view.receive();
  }

  error(error: unknown): void {
    this.#subscriber.error(error);
  }

  complete(): void {
    this.#subscriber.complete();
  }

  unsubscribe(): void {
    this.#detach?.();
    this.sockets?.unsubscribe();
  }
}
