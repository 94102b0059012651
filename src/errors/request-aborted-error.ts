import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * A `request()` can no longer get its reply: the connection dropped (with `onDisconnect: 'fail'`, the
 * default) or the subject ended.
 *
 * @example
 * ```ts
 * subject.request(message).subscribe({ error: (e) => e instanceof RequestAbortedError && console.warn(e.message) });
 * ```
 */
export class RequestAbortedError extends RxWebSocketError {
  /** The error's name, `'RequestAbortedError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'RequestAbortedError';
  /** The request's id. */
  readonly id: string | number;

  /**
   * Creates the error for a request that ended without a reply.
   *
   * @param id - the request's id.
   * @param why - what ended it (the connection dropped, the subject closed).
   * @param cause - the underlying error, if any.
   */
  constructor(id: string | number, why: string, cause?: unknown) {
    super(`Request ${String(id)} was aborted: ${why}.`, cause === undefined ? undefined : { cause });
    this.id = id;
  }
}
