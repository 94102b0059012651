import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * No reply matched a `request()` within its `timeout`. The request's observer is released.
 *
 * @example
 * ```ts
 * subject.request({ type: 'get', key }, { timeout: 5000 }).subscribe({ error: (e) => e instanceof RequestTimeoutError && retry() });
 * ```
 */
export class RequestTimeoutError extends RxWebSocketError {
  /** The error's name, `'RequestTimeoutError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'RequestTimeoutError';
  /** The request's id. */
  readonly id: string | number;
  /** The timeout, in milliseconds. */
  readonly timeout: number;

  /**
   * Creates the error for a request whose reply did not come in time.
   *
   * @param id - the request's id.
   * @param timeout - how long it waited, in milliseconds.
   */
  constructor(id: string | number, timeout: number) {
    super(`No reply to request ${String(id)} within ${timeout} ms.`);
    this.id = id;
    this.timeout = timeout;
  }
}
