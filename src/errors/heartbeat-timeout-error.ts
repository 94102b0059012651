import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * No pong arrived within `timeout` after a heartbeat ping: the connection is treated as dead (half-open)
 * and discarded at once, without waiting for a close event that may never come.
 *
 * @example
 * ```ts
 * import { reconnect, webSocket } from 'rx-websocket';
 * const heartbeat = { interval: 15000, timeout: 5000, ping: 'ping', isPong: (d: unknown) => d === 'pong' };
 * webSocket({ url: 'wss://example.com/feed', reconnect: reconnect({ heartbeat }) }); // a missed pong reconnects
 * ```
 */
export class HeartbeatTimeoutError extends RxWebSocketError {
  /** The error's name, `'HeartbeatTimeoutError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'HeartbeatTimeoutError';
  /** How long the ping waited, in milliseconds (scheduler time). */
  readonly waited: number;

  /**
   * Creates the error for a missed pong.
   *
   * @param waited - how long the ping waited for its pong, in milliseconds.
   */
  constructor(waited: number) {
    super(`No pong within ${waited} ms of the heartbeat ping: the connection is considered dead.`);
    this.waited = waited;
  }
}
