// The seam between webSocket() and a delivery layer: the subject knows only this, so that the layer reaches a
// bundle only when the app imports delivery().
import type { MonoTypeOperatorFunction, SchedulerLike } from 'rxjs';
import type { ConnectedSocket, WebSocketData } from '../types.js';

/** The key under which a {@link Delivery} offers itself to `webSocket()`. */
export const withDelivery = Symbol('rx-websocket.delivery');

/** What `webSocket()` gives the delivery layer it is given (an internal seam, exported for its types). */
export interface DeliveryLink {
  /** The subject's serializer. */
  readonly serialize: (value: unknown) => WebSocketData;
  /** The open socket, if any. */
  readonly socket: () => ConnectedSocket | undefined;
  /** The subject's scheduler: acknowledgement timeouts and ttl take their time from it. */
  readonly scheduler: SchedulerLike;
}

/** What `webSocket()` calls on its delivery layer (an internal seam, exported for its types). */
export interface DeliveryHooks<In> {
  /**
   * A socket opened: the resume message, from the second connection on.
   * @param socket - the socket.
   */
  resume(socket: ConnectedSocket): void;
  /**
   * A socket opened, topics sent: every unacknowledged message again, in order.
   * @param socket - the socket.
   */
  resend(socket: ConnectedSocket): void;
  /** The incoming messages, acknowledgements read, duplicates dropped, in position order. */
  readonly inbound: MonoTypeOperatorFunction<In>;
  /** The subject ended: what is pending fails with `'closed'`. */
  closed(): void;
}
