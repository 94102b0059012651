import {
  asyncScheduler,
  filter,
  ObjectUnsubscribedError,
  Observable,
  type Observer,
  of,
  type SchedulerLike,
  Subject,
  type Subscriber,
  Subscription,
  type SubscriptionLike,
} from 'rxjs';
import type { CloseEvent } from '../close-event.js';
import { type DeliveryHooks, withDelivery } from '../delivery/plugin.js';
import type { InvalidMessageError } from '../errors/invalid-message-error.js';
import { InvalidOptionError, returnedBy } from '../errors/invalid-option-error.js';
import type { MessageParseError } from '../errors/message-parse-error.js';
import { WebSocketUnavailableError } from '../errors/websocket-unavailable-error.js';
import { Multicast } from '../internal/multicast.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import { checkUrl } from '../internal/resolve-providers.js';
import { decodeInOrder, InOrderDecoder } from '../messages/decode-in-order.js';
import { encodeJson } from '../messages/encode-json.js';
import { resolveJsonOptions } from '../messages/json-options.js';
import { checkSchema, createMessageParser } from '../messages/parse-message.js';
import type { SendGuard } from '../queue/connection-queue.js';
import type { ConnectionState } from '../reconnect/connection-state.js';
import { checkConstructor } from '../socket/open-runtime-socket.js';
import { resolveBinaryType } from '../socket/socket-options.js';
import { sharedTab } from '../transport/transport.js';
import type { ConnectedSocket, WebSocketConstructorLike, WebSocketData } from '../types.js';
import type { SocketOpenEvent, WebSocketSubjectConfig } from './config.js';
import { type Connection, type ConnectionDroppedMessage, connection } from './connection.js';
import { deserializeWith } from './deserialize-with.js';
import { type RequestHooks, type RequestOptions, withRequests } from './request-plugin.js';

interface Topic {
  count: number;
  /** The subscribe frame's text; binary subscribe frames are a topic each. */
  readonly key: unknown;
  readonly subscribe: WebSocketData;
  readonly unsubMsg: () => unknown;
  /** Made with the first subscribe on a socket shared across tabs, which may send it after this tab has gone. */
  unsubscribe?: WebSocketData;
  /** The subscribe frame waits in the queue, until it leaves on a socket: the queue sends it, not an open. */
  queued?: boolean;
  /** The socket the topic was last subscribed on: its unsubscribe frame goes to that one only. */
  on?: ConnectedSocket;
}

/**
 * A drop-in replacement for rxjs 7's `WebSocketSubject`, with separate incoming (`In`) and outgoing (`Out`)
 * types. It connects on the first subscription and shares one socket between all subscribers; `next()`
 * sends, queueing (bounded) until a socket is open; a clean close completes and an abnormal one errors with the
 * runtime's `error` event or the `CloseEvent`, as rxjs's; the last unsubscribe closes the socket (without a code). On
 * top: reconnection, heartbeat, schema validation, backpressure, `state$`, multiplexing with one server-side
 * subscription per topic, and `request()`.
 *
 * @example
 * ```ts
 * import { reconnect, webSocket } from 'rx-websocket'; // was: import { webSocket } from 'rxjs/webSocket'
 * type ServerMessage = { type: 'message'; name: string; text: string };
 * type ClientMessage = { type: 'message'; text: string };
 * const subject = webSocket<ServerMessage, ClientMessage>({ url: 'wss://example.com/chat', reconnect: reconnect() });
 * subject.subscribe((message) => console.log(`${message.name}: ${message.text}`));
 * subject.next({ type: 'message', text: 'hello' });
 * ```
 */
export class WebSocketSubject<In, Out = In> extends Observable<In> implements Observer<Out>, SubscriptionLike {
  readonly #config: WebSocketSubjectConfig<In, Out>;
  readonly #connection: Connection;
  /** The decoded messages, shared by every subscriber. */
  readonly #messages: Multicast<In>;
  /** Created when `invalid$` is first read (reports before that would reach nobody anyway). */
  #invalid: Subject<InvalidMessageError> | undefined;
  /** `invalid$`, kept once read: the same instance every time (Angular's `async` pipe needs that). */
  #invalid$: Observable<InvalidMessageError> | undefined;
  /** multiplex() topics, created with the first. */
  #topics: Map<unknown, Topic> | undefined;
  /**
   * Whether a new topic's frames go through the queue in the order of the calls, as rxjs's do. Not on a socket shared
   * across tabs, which counts each topic's holders in every tab, nor with a queue that may drop a message (a `ttl`, a
   * dropping `overflow`), which would leave a topic unsubscribed: topics are then subscribed when a socket opens.
   */
  readonly #topicsInOrder: boolean;
  /**
   * While a socket's open runs: what was sent or closed meanwhile (a `next()` or `complete()` in `openObserver`, say),
   * done once the topics are subscribed again and the queue has gone out, as rxjs's `next()` there joins its queue;
   * and the topics the open is to subscribe ahead of the queue and has not yet.
   */
  #opening: { readonly deferred: Array<() => void>; readonly pending: Set<Topic> } | undefined;
  readonly #serialize: (value: Out) => WebSocketData;
  readonly #scheduler: SchedulerLike;
  #closed = false;
  /** The request layer's hooks, when `requests` was given. */
  readonly #requests: RequestHooks<In, Out> | undefined;
  /** The delivery layer's hooks, when `delivery` was given. */
  readonly #delivery: DeliveryHooks<In> | undefined;

  /**
   * @param urlOrConfig - a URL, or the configuration.
   * @throws {InvalidOptionError} for an invalid option.
   * @throws {WebSocketUnavailableError} when no `WebSocket` is given and the runtime has no global `WebSocket`.
   */
  constructor(urlOrConfig: string | WebSocketSubjectConfig<In, Out>) {
    super((subscriber) => (this as WebSocketSubject<In, Out>).#subscribe(subscriber));
    // Anything but a configuration object is taken for the URL, so that `webSocket(8080)` is told about its url.
    const config: WebSocketSubjectConfig<In, Out> =
      typeof urlOrConfig === 'object' && urlOrConfig !== null ? urlOrConfig : { url: urlOrConfig };
    this.#config = config;
    // The URL first: a constructor missing too is the second problem, told once the first is fixed.
    checkUrl(config.url);
    this.#scheduler = config.scheduler ?? asyncScheduler;
    this.#serialize = config.serializer ?? toJson;
    // Bad socket options throw here, not at the first subscription.
    resolveBinaryType(config.binaryType);
    // Keys that moved: plain JavaScript would otherwise drop them without a word.
    moved(config, 'heartbeat', 'reconnect');
    moved(config, 'idGenerator', 'requests');
    // As rxjs: the constructor is taken at creation, and creation throws when there is none.
    const given = either(config.WebSocket, config.WebSocketCtor, ['WebSocket', 'WebSocketCtor']);
    checkConstructor(given, config.WebSocket === undefined ? 'WebSocketCtor' : 'WebSocket');
    const WebSocket = given ?? globalWebSocket();
    if (typeof WebSocket !== 'function') {
      throw new WebSocketUnavailableError("`webSocket({ url, WebSocket })` (rxjs's name `WebSocketCtor` works too)");
    }
    const protocols = either<string | readonly string[]>(config.protocols, config.protocol, ['protocols', 'protocol']);
    const options = {
      url: config.url,
      ...(protocols === undefined ? {} : { protocols }),
      WebSocket,
      ...(config.binaryType === undefined ? {} : { binaryType: config.binaryType }),
      ...(config.queue === undefined ? {} : { queue: config.queue }),
      ...(config.backpressure === undefined ? {} : { backpressure: config.backpressure }),
      ...(config.reconnect === undefined ? {} : { reconnect: config.reconnect }),
      scheduler: this.#scheduler,
      onOpen: (socket: ConnectedSocket, event: Event) => this.#opened(socket, event),
      ...(config.closeObserver === undefined
        ? {}
        : { onClose: (event: CloseEvent) => tell(config.closeObserver, event) }),
    };
    this.#connection = connection(options);

    const layer = config.delivery;
    if (layer !== undefined && typeof layer?.[withDelivery] !== 'function') {
      throw new InvalidOptionError('delivery', layer, returnedBy('delivery'));
    }
    this.#delivery = layer?.[withDelivery]({
      serialize: this.#serialize as (value: unknown) => WebSocketData,
      socket: () => this.#connection.socket,
      scheduler: this.#scheduler,
    });

    const requests = config.requests;
    if (requests !== undefined && typeof requests?.[withRequests] !== 'function') {
      throw new InvalidOptionError('requests', requests, returnedBy('requests'));
    }
    const tab = (WebSocket as { [sharedTab]?: unknown })[sharedTab];
    const queue = config.queue;
    this.#topicsInOrder =
      typeof tab !== 'string' &&
      (queue === undefined || (queue.ttl === Number.POSITIVE_INFINITY && queue.overflow === 'error'));
    this.#requests = requests?.[withRequests]<In, Out>({
      send: (data, guard) => this.#send(data, guard),
      serialize: this.#serialize as (value: unknown) => WebSocketData,
      subscribe: (observer) => this.subscribe(observer),
      connection: this.#connection,
      idPrefix: typeof tab === 'string' ? `${tab}:` : undefined,
      scheduler: this.#scheduler,
    });

    // An invalid message ends the stream by default, as one ends rxjs's.
    // Binary frames are decoded as UTF-8 JSON: rxjs's JSON.parse reads the Buffers of ws's default binaryType as text,
    // and the standard's Blob or ArrayBuffer must keep those apps working.
    const jsonOptions = resolveJsonOptions({
      binary: 'decode',
      ...(config.maxBytes === undefined ? {} : { maxBytes: config.maxBytes }),
      onInvalid: config.onInvalid ?? 'error',
    });
    const deserializer = config.deserializer ?? config.resultSelector;
    const schema = config.schema;
    checkSchema(schema);
    const invalid = {
      onInvalid: jsonOptions.onInvalid,
      report: (error: InvalidMessageError) => this.#invalid?.next(error),
      // rxjs errors with what its deserializer threw (JSON.parse's SyntaxError by default), and code written for it
      // may check that error: the subject's stream ends with it too; invalid$ has the typed error, with it as `cause`.
      errorWith: (error: InvalidMessageError) =>
        (error as Partial<MessageParseError>).reason === 'syntax' ? error.cause : error,
    };
    // A custom deserializer is given the MessageEvent, as in rxjs; the default JSON path reads the payloads,
    // which spares a MessageEvent per message.
    const kind = deserializer ? 'events' : 'data';
    // Both parsers take what their stream gives (a MessageEvent, or a payload).
    type Parser = (data: unknown) => ReturnType<ReturnType<typeof createMessageParser<In>>>;
    const makeParser = (
      deserializer ? () => deserializeWith(deserializer, schema) : () => createMessageParser<In>(jsonOptions, schema)
    ) as () => Parser;
    const hooks = this.#delivery;
    // Without a delivery layer, the decoder listens to the connection itself: no subscriber between them.
    this.#messages = new Multicast<In>(
      hooks
        ? (deserializer ? this.#connection.events$ : this.#connection.data$).pipe(
            decodeInOrder(makeParser, invalid),
            hooks.inbound,
          )
        : (run) => this.#connection.listen(kind, new InOrderDecoder(run, makeParser(), invalid)),
    );
  }

  /** The connection state: the current one first, then each change. */
  get state$(): Observable<ConnectionState> {
    return this.#connection.state$;
  }

  /** The current connection state. */
  get state(): ConnectionState {
    return this.#connection.state;
  }

  /** The open socket, if any. */
  get socket(): ConnectedSocket | undefined {
    return this.#connection.socket;
  }

  /**
   * Invalid incoming messages (parse errors, schema failures, oversized): each is reported here, and then ends the
   * stream (`onInvalid: 'error'`, the default, as in rxjs) or is skipped (`onInvalid: 'skip'`).
   */
  get invalid$(): Observable<InvalidMessageError> {
    this.#invalid ??= new Subject();
    this.#invalid$ ??= this.#invalid.asObservable();
    return this.#invalid$;
  }

  /** Messages given to `next()` that the queue dropped (overflow, ttl). */
  get dropped$(): Observable<ConnectionDroppedMessage> {
    return this.#connection.dropped$;
  }

  /** Whether `unsubscribe()` was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Serializes `value` and sends it, or queues it until a socket is open (also while reconnecting).
   *
   * @param value - the outgoing message.
   * @throws {SerializationError} when the default serializer cannot serialize it; nothing is sent or queued.
   * @throws {QueueOverflowError} when the queue is full under `overflow: 'error'`.
   * After `unsubscribe()` it does nothing, as rxjs's subject (whose message waits in a buffer no socket reads).
   */
  next(value: Out): void {
    if (this.#closed) return;
    this.#send(this.#serialize(value));
  }

  /**
   * Subscribes to the incoming messages; the first subscription connects. After `unsubscribe()` it throws
   * `ObjectUnsubscribedError` at the call, as rxjs's subject does.
   *
   * @param observerOrNext - an observer, or the function for each message.
   * @returns the subscription; the last one to end closes the socket (without a code, as rxjs's).
   * @throws {ObjectUnsubscribedError} after `unsubscribe()`.
   * @example
   * ```ts
   * const subscription = subject.subscribe({ next: (m) => console.log(m), error: (e) => console.error(e) });
   * subscription.unsubscribe();
   * ```
   */
  override subscribe(observerOrNext?: Partial<Observer<In>> | ((value: In) => void)): Subscription;
  /**
   * @deprecated As in rxjs: pass an observer rather than three callbacks.
   * @param next - for each message.
   * @param error - for the error.
   * @param complete - for the end.
   * @returns the subscription.
   */
  override subscribe(
    next?: ((value: In) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription;
  override subscribe(...args: unknown[]): Subscription {
    if (this.#closed) throw new ObjectUnsubscribedError();
    return super.subscribe(...(args as [Partial<Observer<In>>]));
  }

  /**
   * The incoming messages as a plain Observable, as rxjs's subjects give them (to expose from a service).
   *
   * @returns an Observable that subscribes to this subject.
   * @example
   * ```ts
   * readonly messages$ = this.subject.asObservable();
   * ```
   */
  asObservable(): Observable<In> {
    return new Observable<In>((subscriber) => this.subscribe(subscriber));
  }

  /** Whether anything is subscribed to the incoming messages, as rxjs's `Subject.observed`. */
  get observed(): boolean {
    return this.#messages.observed;
  }

  /**
   * Closes the socket with `err.code` and `err.reason`, validated first: an invalid code throws the
   * standard's `DOMException`, the socket stays open and `closingObserver` is not called. A valid one closes as
   * `complete()` does (a socket still connecting opens first, and sends what was queued), and a later `subscribe()`
   * opens a new socket. Without a code, `closingObserver` is told and subscribers error with a TypeError, as in rxjs,
   * and the last unsubscribe closes the socket.
   *
   * @param err - `{ code, reason? }`.
   */
  error(err: unknown): void {
    const { code, reason } = (err ?? {}) as { code?: unknown; reason?: unknown };
    if (typeof code === 'number') {
      const closeReason = typeof reason === 'string' ? reason : '';
      // Validated before anyone is told: a rejected code throws, and no close is coming.
      parseCloseArguments(code, closeReason);
      this.#close(code, closeReason);
      return;
    }
    // Without a code, closingObserver is told and the current subscribers error, as in rxjs.
    this.#closing();
    this.#messages.error(
      new TypeError(
        'WebSocketSubject.error must be called with an object with an error code, and an optional reason: { code: number, reason: string }',
      ),
    );
  }

  /**
   * Closes the socket without a code, as rxjs's subject does (the server sees 1005; `error({ code: 1000 })` sends
   * 1000). The current subscribers complete when it has closed; as with rxjs, a later `subscribe()` opens a new
   * socket rather than join the closing one, and a `next()` in between is queued for that socket. A socket still
   * connecting opens first and sends what `next()` queued before the call, as rxjs's does; `closingObserver` is told
   * just before the socket closes.
   */
  complete(): void {
    this.#close(undefined, undefined);
  }

  /**
   * Closes the socket without a code and ends the subject, as rxjs's: a later `subscribe()` throws
   * `ObjectUnsubscribedError`, a later `next()` does nothing, `closingObserver` is not told.
   */
  unsubscribe(): void {
    if (this.#closed) return;
    this.#connection.close();
    this.#closed = true;
    this.#delivery?.closed();
  }

  /**
   * One server-side subscription per topic, shared by every local subscriber: `subMsg()` is sent when the first
   * subscriber of a topic arrives, `unsubMsg()` when the last leaves. Topics are told apart by their serialized
   * subscribe message. A new topic's messages are sent as `next()` sends, as rxjs's are: in the order of the calls,
   * queued while no socket is open (with a queue that may drop messages, on the next open socket instead, ahead of the
   * queue). After every reconnection the subscribe messages are sent again before the queue is flushed, and an
   * unsubscribe that happens while disconnected is not sent (the server forgot it already).
   *
   * @param subMsg - makes the subscribe message (any value the serializer takes, as in rxjs).
   * @param unsubMsg - makes the unsubscribe message.
   * @param messageFilter - which incoming messages belong to this topic.
   * @returns the topic's messages.
   * @example
   * ```ts
   * const prices = subject.multiplex(() => ({ sub: 'prices' }), () => ({ unsub: 'prices' }), (m) => m.topic === 'prices');
   * ```
   */
  multiplex(subMsg: () => unknown, unsubMsg: () => unknown, messageFilter: (value: In) => boolean): Observable<In> {
    // Control messages need not be of type Out (rxjs types them as any); the serializer takes them as they are.
    const serialize = this.#serialize as (value: unknown) => WebSocketData;
    return new Observable<In>((subscriber) => {
      const data = serialize(subMsg());
      // Text subscribe messages name their topic; binary ones are a topic each.
      const key: unknown = typeof data === 'string' ? data : {};
      this.#topics ??= new Map();
      let topic = this.#topics.get(key);
      if (!topic) {
        topic = { count: 0, key, subscribe: data, unsubMsg };
        this.#topics.set(key, topic);
      }
      topic.count++;
      const current = topic;
      // Added before the inner subscription, so it runs first: the unsubscribe message goes out before the last
      // unsubscription closes the socket. If making or sending that message throws, the inner subscription is
      // still released (and the error reaches the caller of unsubscribe(), as rxjs reports a failed teardown).
      const inner = new Subscription();
      subscriber.add(() => {
        current.count--;
        if (current.count > 0) {
          inner.unsubscribe();
          return;
        }
        this.#topics?.delete(key);
        try {
          this.#unsubscribeTopic(current, unsubMsg);
        } finally {
          inner.unsubscribe();
        }
      });
      // A plain observer, not `subscriber` itself, so that the teardown above keeps its order.
      inner.add(
        this.pipe(filter((value) => messageFilter(value))).subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
      if (current.count === 1) this.#subscribeTopic(current);
      return undefined;
    });
  }

  /**
   * Sends a request and emits the first reply that matches its id, then completes. Fails with
   * {@link RequestTimeoutError} after `timeout`, and with {@link RequestAbortedError} when the connection it went out
   * on ends, by a drop or `reconnectNow` (unless `onDisconnect: 'retry'`, which sends it again on the next
   * connection), or the subject ends; one still in the queue goes on the next connection. Unsubscribing cancels it (one still queued is never sent); nothing
   * is left behind. Needs the layer `requests()` returns, given as `requests`.
   *
   * @param message - the request, or a function that makes it from the id. An object gets the id as `id`.
   * @param options - `id`, `match`, `timeout` and `onDisconnect`, over the defaults given to `requests()`.
   * @returns the reply.
   * @throws {InvalidOptionError} for `requests` when the subject was made without it, and for an invalid option.
   * @example
   * ```ts
   * subject.request({ type: 'get', key: 'user:1' }).subscribe((reply) => console.log(reply));
   * ```
   */
  request(message: Out | ((id: string | number) => Out), options: RequestOptions<In> = {}): Observable<In> {
    if (!this.#requests) {
      throw new InvalidOptionError('requests', undefined, returnedBy('requests'));
    }
    return this.#requests.request(message, options);
  }

  /**
   * `complete()` and `error({ code })`: the socket closes after what was queued before the call; new subscribers start
   * anew. Made while a socket's open runs (in `openObserver`), the close waits for what the open sends, as with rxjs.
   */
  #close(code: number | undefined, reason: string | undefined): void {
    const close = () => this.#connection.closeAfterQueue(code, reason, () => this.#closing());
    if (this.#opening) this.#opening.deferred.push(close);
    else close();
    this.#messages.retire();
  }

  #send(data: WebSocketData, guard?: SendGuard): void {
    if (this.#closed) throw new ObjectUnsubscribedError();
    if (this.#opening) this.#opening.deferred.push(() => this.#connection.send(data, guard));
    else this.#connection.send(data, guard);
  }

  #subscribe(subscriber: Subscriber<In>) {
    return this.#messages.join(subscriber);
  }

  #opened(socket: ConnectedSocket, event: Event): void {
    // A topic left before its turn below (in openObserver, say) sends nothing: this connection never had it.
    const pending = new Set([...(this.#topics?.values() ?? [])].filter((topic) => !topic.queued));
    const opening = { deferred: [] as Array<() => void>, pending };
    this.#opening = opening;
    try {
      const { openObserver } = this.#config;
      if (openObserver) tell(openObserver, event as SocketOpenEvent);
      this.#delivery?.resume(socket);
      // Topics subscribed on an earlier connection go first, before the queue; a frame still queued is the queue's.
      for (const topic of this.#topics?.values() ?? []) {
        if (pending.delete(topic)) this.#subscribeOn(socket, topic);
      }
      this.#requests?.opened();
      this.#delivery?.resend(socket);
    } finally {
      this.#opening = undefined;
    }
    // Each send flushes what the queue holds first.
    for (const send of opening.deferred) send();
  }

  /**
   * Sends a new topic's subscribe frame as `next()` sends a message, as rxjs's `multiplex()` does: in the order of the
   * app's calls, through the queue while no socket is open (a server that wants an auth message first gets it first).
   * Otherwise, on the next open socket, ahead of the queue.
   */
  #subscribeTopic(topic: Topic): void {
    if (!this.#topicsInOrder) {
      // While a socket's open runs, its subscriptions ahead of the queue take it.
      if (this.#opening) this.#opening.pending.add(topic);
      else this.#subscribeOn(this.#connection.socket, topic);
      return;
    }
    // Queued until the frame leaves on a socket (a full queue threw instead, and nothing of the topic waits): an open
    // leaves it to the queue, even one whose socket filled up and dropped before sending it.
    let sent = false;
    this.#send(topic.subscribe, (socket) => {
      sent = true;
      topic.queued = false;
      topic.on = socket;
      return true;
    });
    topic.queued = !sent;
  }

  /**
   * The unsubscribe frame of a topic's last subscriber, sent as `next()` sends: on an open socket, or behind its
   * subscribe frame when that still waits in the queue. Nothing when the server forgot the topic with the connection
   * it was subscribed on (even once queued: a socket that filled up and dropped), nor when a new socket's open has not
   * subscribed it again yet.
   */
  #unsubscribeTopic(topic: Topic, unsubMsg: () => unknown): void {
    if (this.#opening?.pending.delete(topic)) return;
    if (!this.#topicsInOrder) this.#unsubscribeOn(this.#connection.socket, topic, unsubMsg);
    else if (this.#connection.socket || topic.queued) {
      this.#send((this.#serialize as (value: unknown) => WebSocketData)(unsubMsg()), (socket) => topic.on === socket);
    }
  }

  /**
   * Sends a topic's subscribe frame on an open socket. A socket shared across tabs counts the topic's holders in every
   * tab instead, and sends the frame only for the first: it is given the unsubscribe frame now, for when the last
   * holder leaves or its tab goes away.
   */
  #subscribeOn(socket: ConnectedSocket | undefined, topic: Topic): void {
    if (!socket) return;
    topic.on = socket;
    const transport = this.#connection.transport;
    if (transport?.subscribeTopic && typeof topic.key === 'string') {
      topic.unsubscribe ??= (this.#serialize as (value: unknown) => WebSocketData)(topic.unsubMsg());
      transport.subscribeTopic(topic.key, topic.subscribe, topic.unsubscribe);
    } else socket.send(topic.subscribe);
  }

  /**
   * Sends the unsubscribe frame of the topic's last subscriber (made by its own `unsubMsg`) on an open socket, or
   * leaves the topic on a socket shared across tabs.
   */
  #unsubscribeOn(socket: ConnectedSocket | undefined, topic: Topic, unsubMsg: () => unknown): void {
    if (!socket) return;
    const transport = this.#connection.transport;
    if (transport?.unsubscribeTopic && typeof topic.key === 'string') transport.unsubscribeTopic(topic.key);
    else socket.send((this.#serialize as (value: unknown) => WebSocketData)(unsubMsg()));
  }

  #closing(): void {
    this.#config.closingObserver?.next();
  }
}

/** A key that moved into the options of a layer: plain JavaScript would otherwise drop it without a word. */
function moved(config: object, key: string, layer: string): void {
  const value = (config as Record<string, unknown>)[key];
  if (value !== undefined) {
    throw new InvalidOptionError(
      key,
      value,
      `it under ${layer}: webSocket({ url, ${layer}: ${layer}({ ${key} }) }), with ${layer} imported from 'rx-websocket'`,
    );
  }
}

/** An option that has an rxjs name beside ours: either may be given, not both. */
function either<T>(ours: T | undefined, rxjs: T | undefined, names: readonly [string, string]): T | undefined {
  if (ours !== undefined && rxjs !== undefined) {
    throw new InvalidOptionError(
      names[1],
      rxjs,
      `no value beside \`${names[0]}\`: give one of \`${names[0]}\` and its rxjs name \`${names[1]}\``,
    );
  }
  return ours ?? rxjs;
}

function globalWebSocket(): WebSocketConstructorLike | undefined {
  return (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
}

/** Tells an app's observer through a subscription, so that one that throws is reported as rxjs reports it. */
function tell<T>(observer: { next(value: T): void } | undefined, value: T): void {
  of(value).subscribe((each) => observer?.next(each));
}

/** The default serializer: one function for every subject, not a closure each. */
function toJson(value: unknown): WebSocketData {
  return encodeJson(value);
}
