// The seam between webSocket() and its request/response layer: the subject knows only this, so that request()'s
// bookkeeping reaches a bundle only when the app imports requests().
import type { Observable, Observer, SchedulerLike, Subscription } from 'rxjs';
import type { ConnectionDroppedMessage } from '../queue/connection-queue.js';
import type { ConnectionState } from '../reconnect/connection-state.js';
import type { ConnectedSocket, WebSocketData } from '../types.js';

/** The key under which a {@link Requests} layer offers itself to `webSocket()`. */
export const withRequests = Symbol('rx-websocket.requests');

/** Options of one `request()` call. */
export interface RequestOptions<In> {
  /**
   * The request's id.
   * @default the layer's `idGenerator()`
   */
  id?: string | number | undefined;
  /**
   * Whether `reply` answers request `id`.
   * @default (reply) => reply.id === id
   */
  match?: ((reply: In, id: string | number) => boolean) | undefined;
  /**
   * How long to wait for the reply, in milliseconds.
   * @default the layer's `timeout`: 30000
   */
  timeout?: number | undefined;
  /**
   * When the connection the request went out on drops before the reply: `'fail'` with `RequestAbortedError`, or
   * `'retry'`: send the request again on the next connection. A request still in the queue goes on the next either way.
   * @default the layer's `onDisconnect`: 'fail'
   */
  onDisconnect?: 'fail' | 'retry' | undefined;
}

/** What `webSocket()` gives its request layer (an internal seam, exported for its types). */
export interface RequestLink<In> {
  /**
   * Sends or queues serialized data, as `next()` does, but throws after `unsubscribe()`. `guard` is asked just before
   * the data leaves on a socket, now or from the queue: `false` leaves it out.
   */
  readonly send: (data: WebSocketData, guard?: (socket: ConnectedSocket) => boolean) => void;
  /** The subject's serializer. */
  readonly serialize: (value: unknown) => WebSocketData;
  /** Subscribes to the subject's incoming messages. */
  readonly subscribe: (observer: Partial<Observer<In>>) => Subscription;
  /** The subject's connection. */
  readonly connection: RequestConnection;
  /** What default ids start with on a socket shared across tabs (the tab's id), so that tabs never share an id. */
  readonly idPrefix: string | undefined;
  /** The subject's scheduler: timeouts take their time from it. */
  readonly scheduler: SchedulerLike;
}

/** What a request layer reads of the subject's connection (an internal seam, exported for its types). */
export interface RequestConnection {
  /** The state: the current one first, then each change. */
  readonly state$: Observable<ConnectionState>;
  /** The open socket, if any, then each new one. */
  readonly sockets$: Observable<ConnectedSocket>;
  /** The open socket's transport: on a socket shared across tabs, it routes replies by id to the tab that asked. */
  readonly transport: ReplyRouting | undefined;
  /** What the queue dropped after taking it (`'drop-oldest'`, ttl expiry), as the data it was given. */
  readonly dropped$: Observable<ConnectionDroppedMessage>;
  /**
   * Takes back what still waits in the queue of data sent with `guard`, and a copy a closed socket gave back.
   * @param data - the data.
   * @param guard - the guard it was sent with.
   */
  withdraw(data: WebSocketData, guard: (socket: ConnectedSocket) => boolean): void;
}

/** What a socket shared across tabs offers for replies (an internal seam, exported for its types). */
export interface ReplyRouting {
  /**
   * Keeps the reply to request `id` for this tab.
   * @param id - the request's id.
   */
  expectReply?(id: string | number): void;
  /**
   * Withdraws {@link ReplyRouting.expectReply}.
   * @param id - the request's id.
   */
  forgetReply?(id: string | number): void;
}

/** What `webSocket()` calls on its request layer (an internal seam, exported for its types). */
export interface RequestHooks<In, Out> {
  /**
   * One request: see `WebSocketSubject.request()`.
   * @param message - the request, or a function that makes it from the id.
   * @param options - this request's options.
   * @returns the reply.
   */
  request(message: Out | ((id: string | number) => Out), options: RequestOptions<In>): Observable<In>;
  /** A socket opened: a socket shared across tabs is told again which replies belong to this tab. */
  opened(): void;
}

/** The layer {@link requests} returns: what `request()` needs, given to `webSocket({ requests })`. */
export interface Requests {
  /** How `webSocket()` attaches it: once per subject, each with its own pending requests and ids. */
  readonly [withRequests]: <In, Out>(link: RequestLink<In>) => RequestHooks<In, Out>;
}
