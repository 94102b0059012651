import type { NextObserver, SchedulerLike } from 'rxjs';
import type { Backpressure } from '../backpressure/pacer.js';
import type { CloseEvent } from '../close-event.js';
import type { Delivery } from '../delivery/delivery.js';
import type { Provider } from '../internal/resolve-providers.js';
import type { InvalidMessagePolicy } from '../messages/invalid-policy.js';
import type { SendQueue } from '../queue/queue-plugin.js';
import type { ReconnectOperator } from '../reconnect/plugin.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import type { BinaryType, ConnectedSocket, WebSocketConstructorLike, WebSocketData } from '../types.js';
import type { Requests } from './request-plugin.js';

/**
 * The configuration of {@link webSocket}: every key of rxjs 7's `WebSocketSubjectConfig`, with the same
 * meaning, plus reconnection, schema validation, queue bounds, backpressure and request/response.
 *
 * @example
 * ```ts
 * import { reconnect, webSocket } from 'rx-websocket';
 * type Message = { type: 'message'; text: string };
 * webSocket<Message>({
 *   url: 'wss://example.com/chat',
 *   reconnect: reconnect({ maxDelay: 10000 }),
 *   openObserver: { next: () => console.log('open') },
 * });
 * ```
 */
export interface WebSocketSubjectConfig<In, Out = In> {
  /** The URL, or a function (sync or async) called for each connection attempt. */
  url: Provider<string | URL>;
  /**
   * One subprotocol or a list of them, as `new WebSocket(url, protocols)` takes.
   * @default []
   */
  protocols?: string | readonly string[] | undefined;
  /**
   * rxjs's name for `protocols`, accepted as it is so that migrating code keeps working (`protocols` is the name
   * every other entry point uses). Give one of the two.
   * @default undefined
   */
  protocol?: string | string[] | undefined;
  /**
   * @deprecated Use `deserializer` (as in rxjs).
   * @default undefined
   */
  resultSelector?: ((event: MessageEvent) => In) | undefined;
  /**
   * Turns an outgoing value into what is sent.
   * @default encodeJson (JSON.stringify that throws SerializationError for BigInt, cycles, functions)
   */
  serializer?: ((value: Out) => WebSocketData) | undefined;
  /**
   * Turns an incoming MessageEvent into a value. When it throws, the message is reported on `invalid$` as a
   * MessageParseError, and then ends the stream with what was thrown, as in rxjs (see `onInvalid`).
   * @default JSON.parse of the text (a binary frame's bytes decoded as UTF-8), with the `maxBytes` and depth checks of
   * `json()`
   */
  deserializer?: ((event: MessageEvent) => In) | undefined;
  /**
   * Told of every open.
   * @default undefined
   */
  openObserver?: NextObserver<SocketOpenEvent> | undefined;
  /**
   * Told of every close.
   * @default undefined
   */
  closeObserver?: NextObserver<CloseEvent> | undefined;
  /**
   * Told just before the subject closes the socket because of `complete()` or `error()` (with a code or without), as
   * in rxjs (not when the last subscriber leaves, nor on `unsubscribe()`).
   * @default undefined
   */
  closingObserver?: NextObserver<void> | undefined;
  /**
   * The WebSocket implementation: `ws`'s `WebSocket` on Node 20, a test double in tests, `webSocketStream()` for
   * inbound backpressure in Chromium; `undefined` means the runtime's own.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructorLike | undefined;
  /**
   * rxjs's name for `WebSocket`, accepted as it is so that migrating code keeps working (`WebSocket` is the name
   * every other entry point uses). Give one of the two.
   * @default undefined
   */
  WebSocketCtor?: WebSocketConstructorLike | undefined;
  /**
   * How binary messages are delivered.
   * @default 'blob'
   */
  binaryType?: BinaryType | undefined;
  /**
   * Reconnect after a drop: the operator `reconnect(options)` returns (its options include `heartbeat`). Off by
   * default, as in rxjs. Reconnection reaches a bundle only when the app imports `reconnect`.
   * @default undefined
   */
  reconnect?: ReconnectOperator | undefined;
  /**
   * At-least-once sends and gap-free receives: the layer `delivery(options)` returns, to send through with its
   * `send()`. It reaches a bundle only when the app imports `delivery`.
   * @default undefined
   */
  delivery?: Delivery<In, Out> | undefined;
  /**
   * A Standard Schema (zod, valibot, arktype…) that every incoming value must pass.
   * @default undefined
   */
  schema?: StandardSchemaV1<unknown, In> | undefined;
  /**
   * What an invalid incoming message does, once reported on `invalid$`: end the stream (`'error'`, as in rxjs: with
   * what the deserializer or `JSON.parse` threw, or the typed error of a schema or `maxBytes` failure), skip it, or
   * close the socket.
   * @default 'error'
   */
  onInvalid?: InvalidMessagePolicy | undefined;
  /**
   * The largest incoming message accepted by the default deserializer, in bytes.
   * @default 1048576
   */
  maxBytes?: number | undefined;
  /**
   * Bounds of the queue of messages sent while no socket is open (rxjs's is unbounded): what `sendQueue(options)`
   * returns, for a byte limit, a rule that drops instead of throwing, or a ttl. It reaches a bundle only when the app
   * imports `sendQueue`.
   * @default 1000 messages; one more throws QueueOverflowError
   */
  queue?: SendQueue | undefined;
  /**
   * Pacing of `next()` by `bufferedAmount`: the value `backpressure({ highWaterMark, lowWaterMark })` returns. Above
   * the high watermark, messages wait in the queue.
   * @default undefined
   */
  backpressure?: Backpressure | undefined;
  /**
   * Request/response: the layer `requests(options)` returns, which `request()` needs. It reaches a bundle only when
   * the app imports `requests`.
   * @default undefined
   */
  requests?: Requests | undefined;
  /**
   * Where time comes from (request timeouts, queue ttl, and reconnection unless `reconnect()` was given one).
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike | undefined;
}

/**
 * The event `openObserver` is told of: an `open` Event whose `target` is the socket that opened, as the runtime's open
 * event's target is the runtime's socket, so that an observer can send on it (before the queued messages).
 */
export type SocketOpenEvent = Event & {
  /** The socket that opened. */
  readonly target: ConnectedSocket;
};
