import { type MonoTypeOperatorFunction, Observable } from 'rxjs';
import type { CloseDetails } from '../errors/websocket-close-error.js';
import type { RxWebSocket } from '../rx-websocket.js';
import { internals } from '../socket/internals.js';
import { closeCodeOf, isInputError } from './close-policy.js';
import type { ClosedReason, ConnectionState } from './connection-state.js';

/**
 * One connection and no reconnection, its states reported as {@link reconnect} reports them: what webSocket() runs
 * when the app gave no `reconnect`, as rxjs's subject does. Small on purpose: it is in every webSocket() bundle.
 *
 * @param onState - told of every state change.
 * @returns an operator from `fromWebSocket()` that passes its one socket on.
 */
export function once(onState: (state: ConnectionState) => void): MonoTypeOperatorFunction<RxWebSocket> {
  return (source) =>
    new Observable<RxWebSocket>((subscriber) => {
      let socket: RxWebSocket | undefined;
      let finished = false;
      const closed = (reason: ClosedReason, error: unknown) => {
        finished = true;
        // close$ replays the close event at once when the socket has closed.
        let lastClose: CloseDetails | undefined;
        socket?.close$.subscribe((event) => (lastClose = event)).unsubscribe();
        if (!lastClose && closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
        onState({ status: 'closed', reason, lastClose, error });
      };
      onState({ status: 'connecting', attempt: 0 });
      const subscription = source.subscribe({
        next: (opened) => {
          socket = opened;
          onState({ status: 'open', socket: opened });
          subscriber.next(opened);
        },
        error: (error: unknown) => {
          closed(isInputError(error) ? 'error' : 'policy', error);
          subscriber.error(error);
        },
        complete: () => {
          closed(socket?.[internals]().closedByClient ? 'client' : 'policy', undefined);
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        if (!finished) onState({ status: 'closed', reason: 'unsubscribed', lastClose: undefined, error: undefined });
      };
    });
}
