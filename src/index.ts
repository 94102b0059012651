export { CloseEvent, type CloseEventInit } from './close-event.js';
export { type ConnectOptions, connect } from './connect.js';
export { CLOSED, CLOSING, CloseCode, CONNECTING, MAX_CLOSE_REASON_BYTES, OPEN } from './constants.js';
export { InvalidMessageError } from './errors/invalid-message-error.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { MessageParseError, type ParseFailure } from './errors/message-parse-error.js';
export { MessageTooLargeError } from './errors/message-too-large-error.js';
export { QueueOverflowError } from './errors/queue-overflow-error.js';
export { isRxWebSocketError, RxWebSocketError } from './errors/rx-websocket-error.js';
export { SchemaValidationError } from './errors/schema-validation-error.js';
export { SerializationError } from './errors/serialization-error.js';
export { type CloseDetails, isWebSocketCloseError, WebSocketCloseError } from './errors/websocket-close-error.js';
export { WebSocketUnavailableError } from './errors/websocket-unavailable-error.js';
export { type EncodeJsonOptions, encodeJson } from './messages/encode-json.js';
export { json } from './messages/json.js';
export { type JsonChannel, type JsonChannelOptions, jsonChannel } from './messages/json-channel.js';
export type { Closable, InvalidMessagePolicy, InvalidMessageReporter, JsonOptions } from './messages/json-options.js';
export { type HandlerResult, type MatchHandlers, match } from './messages/match.js';
export { type Narrow, ofType, ofTypeBy } from './messages/of-type.js';
export type { StandardSchemaV1 } from './messages/standard-schema.js';
export type { OverflowRule, QueueOptions } from './queue/queue-options.js';
export {
  type DroppedMessage,
  RxWebSocket,
  type RxWebSocketEventMap,
  type RxWebSocketListener,
  type RxWebSocketListenerOptions,
  type RxWebSocketOptions,
} from './rx-websocket.js';
export type { BinaryType, ReadyState, WebSocketConstructorLike, WebSocketData, WebSocketLike } from './types.js';
