export { type Backpressure, backpressure } from './backpressure/backpressure.js';
export type { BufferReadOptions } from './backpressure/buffer-reader.js';
export { bufferedAmount$, type PollOptions, whenDrained } from './backpressure/buffered-amount.js';
export { type CloseGracefullyOptions, closeGracefully } from './backpressure/close-gracefully.js';
export { concatMapIncoming, type Inbound, type ReceiveOptions, receive } from './backpressure/receive.js';
export {
  type MessageSource,
  type SendProgress,
  type SendStreamOptions,
  sendStream,
  sendWithBackpressure,
} from './backpressure/send-stream.js';
export type { WatermarkOptions } from './backpressure/watermarks.js';
export { CloseEvent, type CloseEventInit } from './close-event.js';
export { CLOSED, CLOSING, CloseCode, CONNECTING, MAX_CLOSE_REASON_BYTES, OPEN } from './constants.js';
export {
  type Delivery,
  type DeliveryGap,
  type DeliveryOptions,
  type DeliveryReceipt,
  delivery,
  type OutboxOptions,
  type PipelineDeliveryOptions,
} from './delivery/delivery.js';
export type { DeliveryHooks, DeliveryLink } from './delivery/plugin.js';
export { ConnectionTimeoutError } from './errors/connection-timeout-error.js';
export { DeliveryFailedError, type DeliveryFailure } from './errors/delivery-failed-error.js';
export { HeartbeatTimeoutError } from './errors/heartbeat-timeout-error.js';
export { InboundOverflowError } from './errors/inbound-overflow-error.js';
export { InvalidMessageError } from './errors/invalid-message-error.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { MessageParseError, type ParseFailure } from './errors/message-parse-error.js';
export { MessageTooLargeError } from './errors/message-too-large-error.js';
export { ProviderError } from './errors/provider-error.js';
export { QueueOverflowError } from './errors/queue-overflow-error.js';
export { ReconnectStoppedError } from './errors/reconnect-stopped-error.js';
export { RequestAbortedError } from './errors/request-aborted-error.js';
export { RequestTimeoutError } from './errors/request-timeout-error.js';
export { isRxWebSocketError, RxWebSocketError } from './errors/rx-websocket-error.js';
export { SchemaValidationError } from './errors/schema-validation-error.js';
export { SerializationError } from './errors/serialization-error.js';
export { type CloseDetails, isWebSocketCloseError, WebSocketCloseError } from './errors/websocket-close-error.js';
export { WebSocketUnavailableError } from './errors/websocket-unavailable-error.js';
export { type FromWebSocketOptions, fromWebSocket } from './from-websocket.js';
export type { Provider } from './internal/resolve-providers.js';
export { type EncodeJsonOptions, encodeJson } from './messages/encode-json.js';
export type {
  Closable,
  InvalidMessageOptions,
  InvalidMessagePolicy,
  InvalidMessageReporter,
} from './messages/invalid-policy.js';
export { json } from './messages/json.js';
export type { JsonOptions } from './messages/json-options.js';
export { type HandlerResult, type MatchHandlers, type MatchOptions, match } from './messages/match.js';
export { type Narrow, ofType, ofTypeBy } from './messages/of-type.js';
export type { ConnectionDroppedMessage } from './queue/connection-queue.js';
export type { OverflowRule, SendQueueOptions } from './queue/queue-options.js';
export type { MessageStore, PushResult, SendQueue } from './queue/queue-plugin.js';
export { sendQueue } from './queue/send-queue.js';
export {
  type BackoffContext,
  type BackoffFunction,
  type ExponentialBackoffOptions,
  exponentialBackoff,
} from './reconnect/backoff.js';
export { closeCodeOf, defaultShouldReconnect } from './reconnect/close-policy.js';
export type { ClosedReason, ConnectionState } from './reconnect/connection-state.js';
export { browserEnvironment, type EnvironmentChange, type ReconnectEnvironment } from './reconnect/environment.js';
export { type HeartbeatOptions, heartbeat } from './reconnect/heartbeat.js';
export type { ReconnectOperator } from './reconnect/plugin.js';
export { type ReconnectOptions, reconnect } from './reconnect/reconnect.js';
export {
  type DroppedMessage,
  type Handler,
  RxWebSocket,
  type RxWebSocketEventMap,
  type RxWebSocketListener,
  type RxWebSocketListenerOptions,
  type RxWebSocketOptions,
} from './rx-websocket.js';
export type { BroadcastChannelConstructor, BroadcastChannelLike, LockManagerLike } from './share/environment.js';
export { type SharedWebSocketOptions, sharedWebSocket } from './share/shared-web-socket.js';
export {
  type WebSocketStreamCloseInfo,
  type WebSocketStreamConnection,
  type WebSocketStreamConstructor,
  type WebSocketStreamLike,
  webSocketStream,
} from './socket/web-socket-stream.js';
export type { StandardSchemaV1 } from './standard-schema.js';
export type { SocketOpenEvent, WebSocketSubjectConfig } from './subject/config.js';
export type {
  ReplyRouting,
  RequestConnection,
  RequestHooks,
  RequestLink,
  RequestOptions,
  Requests,
} from './subject/request-plugin.js';
export { type RequestsOptions, requests } from './subject/requests.js';
export { webSocket } from './subject/web-socket.js';
export { WebSocketSubject } from './subject/web-socket-subject.js';
export type {
  BinaryType,
  ConnectedSocket,
  ReadyState,
  WebSocketConstructorLike,
  WebSocketData,
  WebSocketLike,
} from './types.js';
