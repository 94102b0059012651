import { RxWebSocketError } from './rx-websocket-error.js';

/** Why a message of `delivery().send()` was not acknowledged. */
export type DeliveryFailure = 'timeout' | 'overflow' | 'expired' | 'closed';

const WHY: Readonly<Record<DeliveryFailure, string>> = {
  timeout: 'no acknowledgement came within ackTimeout after it was sent',
  overflow: 'the outbox was full (outbox.maxMessages)',
  expired: 'it waited in the outbox longer than ttl',
  closed: 'the subject was unsubscribed before an acknowledgement came',
};

/**
 * A message given to `delivery().send()` was not acknowledged, and will not be sent again: its receipt errors with
 * this. `reason` says why; the message may still have reached the server (a lost acknowledgement).
 *
 * @example
 * ```ts
 * reliable.send(message).subscribe({ error: (e) => e instanceof DeliveryFailedError && showFailed(e.id, e.reason) });
 * ```
 */
export class DeliveryFailedError extends RxWebSocketError {
  /** The error's name, `'DeliveryFailedError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'DeliveryFailedError';
  /** The message's id. */
  readonly id: string | number;
  /** Why it failed. */
  readonly reason: DeliveryFailure;

  /**
   * Creates the error for a message that will not be acknowledged.
   *
   * @param id - the message's id.
   * @param reason - why.
   */
  constructor(id: string | number, reason: DeliveryFailure) {
    super(`Message ${String(id)} was not delivered: ${WHY[reason]}.`);
    this.id = id;
    this.reason = reason;
  }
}
