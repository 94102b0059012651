import type { NextObserver, SchedulerLike } from 'rxjs';
import type { WatermarkOptions } from '../backpressure/watermarks.js';
import type { CloseEvent } from '../close-event.js';
import type { Provider } from '../internal/resolve-providers.js';
import type { InvalidMessagePolicy } from '../messages/invalid-policy.js';
import type { ConnectionQueueOptions } from '../reconnect/connection.js';
import type { HeartbeatOptions } from '../reconnect/heartbeat.js';
import type { ReconnectOptions } from '../reconnect/reconnect.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import type { BinaryType, WebSocketConstructorLike, WebSocketData } from '../types.js';

/**
 * The configuration of {@link webSocket}: every key of rxjs 7's `WebSocketSubjectConfig`, with the same
 * meaning, plus reconnection, heartbeat, schema validation, queue bounds and backpressure.
 *
 * @example
 * ```ts
 * webSocket<ServerMessage, ClientMessage>({
 *   url: 'wss://example.com/chat',
 *   schema: ServerMessage,
 *   reconnect: { maxDelay: 10000 },
 *   openObserver: { next: () => console.log('open') },
 * });
 * ```
 */
export interface WebSocketSubjectConfig<In, Out = In> {
  /** The URL, or a function (sync or async) called for each connection attempt. */
  url: Provider<string | URL>;
  /**
   * The subprotocol(s).
   * @default []
   */
  protocol?: string | string[];
  /**
   * @deprecated Use `deserializer` (as in rxjs).
   * @default undefined
   */
  resultSelector?: (event: MessageEvent) => In;
  /**
   * Turns an outgoing value into what is sent.
   * @default encodeJson (JSON.stringify that throws SerializationError for BigInt, cycles, functions)
   */
  serializer?: (value: Out) => WebSocketData;
  /**
   * Turns an incoming MessageEvent into a value. When it throws, the message is reported as a
   * MessageParseError and skipped (see `onInvalid`); it does not end the stream.
   * @default JSON.parse of the text, with the `maxBytes` and depth checks of `json()`
   */
  deserializer?: (event: MessageEvent) => In;
  /**
   * Told of every open.
   * @default undefined
   */
  openObserver?: NextObserver<Event>;
  /**
   * Told of every close.
   * @default undefined
   */
  closeObserver?: NextObserver<CloseEvent>;
  /**
   * Told just before the subject closes the socket (complete, error, unsubscribe).
   * @default undefined
   */
  closingObserver?: NextObserver<void>;
  /**
   * The WebSocket constructor.
   * @default globalThis.WebSocket
   */
  WebSocketCtor?: WebSocketConstructorLike;
  /**
   * How binary messages are delivered.
   * @default 'blob'
   */
  binaryType?: BinaryType;
  /**
   * Reconnect after a drop: `true` for the defaults of `reconnect()`, or its options. Off by default, as in rxjs.
   * @default false
   */
  reconnect?: boolean | Omit<ReconnectOptions, 'onState' | 'heartbeat' | 'scheduler'>;
  /**
   * An application-level heartbeat on each connection.
   * @default undefined
   */
  heartbeat?: Omit<HeartbeatOptions, 'scheduler'>;
  /**
   * A Standard Schema (zod, valibot, arktype…) that every incoming value must pass.
   * @default undefined
   */
  schema?: StandardSchemaV1<unknown, In>;
  /**
   * What an invalid incoming message does: skip it (reported on `invalid$`), error the stream, or close.
   * @default 'skip'
   */
  onInvalid?: InvalidMessagePolicy;
  /**
   * The largest incoming message accepted by the default deserializer, in bytes.
   * @default 1048576
   */
  maxBytes?: number;
  /**
   * Bounds of the queue of messages sent while no socket is open (rxjs's is unbounded).
   * @default { maxMessages: 1000, maxBytes: Infinity, overflow: 'error', ttl: Infinity }
   */
  queue?: ConnectionQueueOptions;
  /**
   * Watermarks for `next()`: above `highWaterMark` buffered bytes, messages wait in the queue.
   * @default undefined
   */
  backpressure?: WatermarkOptions;
  /**
   * Makes ids for `request()`.
   * @default a counter: 1, 2, 3…
   */
  idGenerator?: () => string | number;
  /**
   * Where time comes from (reconnection, heartbeat, request timeouts).
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/** Options of {@link WebSocketSubject.request}. */
export interface RequestOptions<In> {
  /**
   * The request's id.
   * @default config.idGenerator()
   */
  id?: string | number;
  /**
   * Whether `reply` answers request `id`.
   * @default (reply) => reply.id === id
   */
  match?: (reply: In, id: string | number) => boolean;
  /**
   * How long to wait for the reply, in milliseconds.
   * @default 30000
   */
  timeout?: number;
  /**
   * When the connection drops before the reply: `'fail'` with {@link RequestAbortedError}, or `'retry'`:
   * send the request again on the next connection.
   * @default 'fail'
   */
  onDisconnect?: 'fail' | 'retry';
}
