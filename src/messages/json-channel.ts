import { type Observable, Subject, share } from 'rxjs';
import type { InvalidMessageError } from '../errors/invalid-message-error.js';
import type { RxWebSocket } from '../rx-websocket.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { type EncodeJsonOptions, encodeJson } from './encode-json.js';
import { json } from './json.js';
import type { JsonOptions } from './json-options.js';

/**
 * A socket typed for JSON messages, with separate types for what it receives (`In`) and sends (`Out`).
 */
export interface JsonChannel<In, Out> {
  /** Incoming messages, parsed and validated once however many subscribers (shared while subscribed). */
  readonly messages$: Observable<In>;
  /** Every invalid incoming message, while `messages$` is subscribed. Completes when the socket closes. */
  readonly invalid$: Observable<InvalidMessageError>;
  /**
   * Serializes and sends `message` now.
   * @param message - the value to send as JSON.
   * @throws {SerializationError} when it cannot be serialized; nothing is sent.
   * @throws {DOMException} `InvalidStateError` while CONNECTING, as `RxWebSocket.send()`.
   */
  send(message: Out): void;
  /**
   * Serializes `message` and sends it, or queues it until open, as `RxWebSocket.next()`.
   * @param message - the value to send as JSON.
   * @throws {SerializationError} when it cannot be serialized; nothing is queued.
   */
  next(message: Out): void;
}

/** Options of {@link jsonChannel}: those of {@link json} for incoming messages, and of {@link encodeJson}. */
export interface JsonChannelOptions extends Omit<JsonOptions, 'report'> {
  /**
   * Options for outgoing messages.
   * @default {}
   */
  encode?: EncodeJsonOptions;
}

/**
 * Types a socket for JSON: incoming messages validated by `schema` (their type is `In`), outgoing
 * messages of type `Out` serialized with {@link encodeJson}.
 *
 * @param socket - the socket.
 * @param schema - the schema of incoming messages.
 * @param options - the options of {@link json} (`report` is replaced by `invalid$`) and `encode`.
 * @returns the typed channel.
 * @example
 * ```ts
 * type ClientMessage = { type: 'message'; text: string; id: number; date: number };
 * const chat = jsonChannel<typeof ServerMessage, ClientMessage>(socket, ServerMessage);
 * chat.messages$.pipe(ofType('userlist')).subscribe((u) => render(u.users));
 * chat.next({ type: 'message', text: 'hi', id: 1, date: Date.now() });
 * ```
 */
export function jsonChannel<S extends StandardSchemaV1, Out = StandardSchemaV1.InferInput<S>>(
  socket: RxWebSocket,
  schema: S,
  options?: JsonChannelOptions,
): JsonChannel<StandardSchemaV1.InferOutput<S>, Out>;
export function jsonChannel<In = unknown, Out = In>(
  socket: RxWebSocket,
  schema?: undefined,
  options?: JsonChannelOptions,
): JsonChannel<In, Out>;
export function jsonChannel<In, Out>(
  socket: RxWebSocket,
  schema?: StandardSchemaV1<unknown, In>,
  options: JsonChannelOptions = {},
): JsonChannel<In, Out> {
  const { encode, ...jsonOptions } = options;
  const invalid = new Subject<InvalidMessageError>();
  const parse = schema
    ? json(schema, { ...jsonOptions, report: invalid })
    : json<In>({ ...jsonOptions, report: invalid });
  socket.close$.subscribe(() => invalid.complete());
  return {
    messages$: socket.data$.pipe(parse, share()),
    invalid$: invalid.asObservable(),
    send: (message) => socket.send(encodeJson(message, encode)),
    next: (message) => socket.next(encodeJson(message, encode)),
  };
}
