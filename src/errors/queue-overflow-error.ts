import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * The send queue is full and its overflow rule is `'error'`. Thrown by `next()` at the call; the
 * message was not queued and everything queued before is still there.
 *
 * @example
 * ```ts
 * try { socket.next('hello'); } catch (e) { if (e instanceof QueueOverflowError) retryLater(); }
 * ```
 */
export class QueueOverflowError extends RxWebSocketError {
  /** The error's name, `'QueueOverflowError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'QueueOverflowError';
  /** The limit that was reached: `'maxMessages'` or `'maxBytes'`. */
  readonly limit: 'maxMessages' | 'maxBytes';
  /** The value of that limit. */
  readonly max: number;

  /**
   * Creates the error for a full queue.
   *
   * @param limit - which limit was reached.
   * @param max - its value.
   * @param fix - what to do about it, when the queue's owner knows better than the default advice.
   */
  constructor(
    limit: 'maxMessages' | 'maxBytes',
    max: number,
    fix = `Wait for the socket to open, or give the queue option sendQueue({ ${limit}, overflow }) with a higher ${limit}, or overflow 'drop-oldest' or 'drop-newest'.`,
  ) {
    super(`The send queue is full (${limit}: ${max}). ${fix}`);
    this.limit = limit;
    this.max = max;
  }
}
