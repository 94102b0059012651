import type { Observable, SchedulerLike } from 'rxjs';
import type { ConnectedSocket } from '../types.js';

/** The hidden face of a {@link Backpressure}: what the connection behind webSocket() asks it. */
export const pacer = Symbol('rx-websocket.backpressure');

/** How a connection paces its sends by the open socket's `bufferedAmount`. */
export interface Pacer {
  /** Whether `socket` has room for another message now. */
  room(socket: ConnectedSocket): boolean;
  /** Emits once `socket` has drained enough to send again. */
  drained(socket: ConnectedSocket, scheduler: SchedulerLike): Observable<unknown>;
}

/**
 * What {@link backpressure} returns, for `webSocket({ backpressure })`. Passing it rather than options is what keeps
 * the `bufferedAmount` polling out of bundles that do not import it.
 */
export interface Backpressure {
  /** @internal The pacing itself. */
  readonly [pacer]: Pacer;
}
