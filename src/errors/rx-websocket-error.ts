/**
 * The base class of every error rx-websocket creates itself (the standard's `DOMException`s aside).
 *
 * @example
 * ```ts
 * import { isRxWebSocketError } from 'rx-websocket';
 * try { socket.next(data); } catch (e) { if (isRxWebSocketError(e)) console.warn(e.message); }
 * ```
 */
export class RxWebSocketError extends Error {
  /** The error's name, `'RxWebSocketError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'RxWebSocketError';
}

/** Names of rx-websocket's errors, for guards that work across realms and bundled copies. */
const NAMES = new Set([
  'RxWebSocketError',
  'WebSocketCloseError',
  'WebSocketUnavailableError',
  'InvalidOptionError',
  'QueueOverflowError',
  'InvalidMessageError',
  'MessageParseError',
  'MessageTooLargeError',
  'SchemaValidationError',
  'SerializationError',
  'ConnectionTimeoutError',
  'ProviderError',
  'HeartbeatTimeoutError',
  'ReconnectStoppedError',
  'InboundOverflowError',
  'RequestTimeoutError',
  'RequestAbortedError',
  'DeliveryFailedError',
]);

/**
 * Whether `value` is one of rx-websocket's errors, also when it comes from another realm or copy.
 *
 * @param value - anything caught.
 * @returns `true` for an {@link RxWebSocketError} or a subclass.
 * @example
 * ```ts
 * socket.message$.subscribe({ error: (e) => isRxWebSocketError(e) && console.warn(e.name) });
 * ```
 */
export function isRxWebSocketError(value: unknown): value is RxWebSocketError {
  return value instanceof RxWebSocketError || (value instanceof Error && NAMES.has(value.name));
}
