import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * Reconnection gave up: `maxAttempts` attempts in a row failed, or closed before `minUptime`. `cause` is the last
 * attempt's error.
 *
 * @example
 * ```ts
 * fromWebSocket(url).pipe(reconnect({ maxAttempts: 5 })).subscribe({ error: (e) => console.log(e.attempts, e.cause) });
 * ```
 */
export class ReconnectStoppedError extends RxWebSocketError {
  /** The error's name, `'ReconnectStoppedError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'ReconnectStoppedError';
  /** How many reconnection attempts were made. */
  readonly attempts: number;

  /**
   * Creates the error for a connection that gave up after `maxAttempts`.
   *
   * @param attempts - how many reconnection attempts were made.
   * @param cause - why the last one failed.
   */
  constructor(attempts: number, cause: unknown) {
    super(
      `Gave up reconnecting after ${attempts} reconnection attempt${attempts === 1 ? '' : 's'} in a row that failed ` +
        'or closed before minUptime (maxAttempts; the first connection is not counted). Raise maxAttempts to keep trying.',
      { cause },
    );
    this.attempts = attempts;
  }
}
