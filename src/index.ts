export { CloseEvent, type CloseEventInit } from './close-event.js';
export { type ConnectOptions, connect } from './connect.js';
export { CLOSED, CLOSING, CloseCode, CONNECTING, MAX_CLOSE_REASON_BYTES, OPEN } from './constants.js';
export { InvalidOptionError } from './errors/invalid-option-error.js';
export { QueueOverflowError } from './errors/queue-overflow-error.js';
export { isRxWebSocketError, RxWebSocketError } from './errors/rx-websocket-error.js';
export { type CloseDetails, isWebSocketCloseError, WebSocketCloseError } from './errors/websocket-close-error.js';
export { WebSocketUnavailableError } from './errors/websocket-unavailable-error.js';
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
