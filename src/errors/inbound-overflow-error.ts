import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * Incoming messages waiting for a slow consumer passed `highWaterMark` on a socket that cannot be paused
 * (browsers), under `overflow: 'error'`. Ends the iteration of {@link receive}.
 *
 * @example
 * ```ts
 * try { for await (const m of receive(socket)) await slow(m); } catch (e) { if (e instanceof InboundOverflowError) warn(); }
 * ```
 */
export class InboundOverflowError extends RxWebSocketError {
  /** The error's name, `'InboundOverflowError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'InboundOverflowError';
  /** The limit that was passed, in bytes. */
  readonly highWaterMark: number;

  /**
   * Creates the error for an inbound buffer that passed its limit.
   *
   * @param highWaterMark - the inbound limit that was passed, in bytes.
   */
  constructor(highWaterMark: number) {
    super(
      `More than ${highWaterMark} bytes of incoming messages are waiting for the consumer, and this socket cannot be paused. Consume faster, raise highWaterMark, or choose overflow 'drop-oldest' or 'drop-newest'.`,
    );
    this.highWaterMark = highWaterMark;
  }
}
