import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * A connection attempt did not open within `connectionTimeout`; the socket was abandoned and closed,
 * and a late `open` of it is never used.
 *
 * @example
 * ```ts
 * fromWebSocket(url).pipe(reconnect({ connectionTimeout: 5000 }));
 * ```
 */
export class ConnectionTimeoutError extends RxWebSocketError {
  /** The error's name, `'ConnectionTimeoutError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'ConnectionTimeoutError';
  /** The timeout, in milliseconds. */
  readonly timeout: number;

  /**
   * Creates the error for an attempt that did not open in time.
   *
   * @param timeout - how long the attempt waited for open, in milliseconds.
   */
  constructor(timeout: number) {
    super(`The connection did not open within ${timeout} ms (connectionTimeout); the attempt was abandoned.`);
    this.timeout = timeout;
  }
}
