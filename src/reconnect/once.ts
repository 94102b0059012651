import { type MonoTypeOperatorFunction, Observable, type Observer, type Subscriber, type Unsubscribable } from 'rxjs';
import type { CloseDetails } from '../errors/websocket-close-error.js';
import { type ConnectedSocket, socketView } from '../types.js';
import { closeCodeOf, isInputError } from './close-policy.js';
import type { ClosedReason, ConnectionState } from './connection-state.js';

/**
 * One connection and no reconnection, its states reported as {@link reconnect} reports them: what webSocket() runs
 * when the app gave no `reconnect`, as rxjs's subject does. Small on purpose: it is in every webSocket() bundle.
 *
 * @param onState - told of every state change.
 * @returns an operator from `fromWebSocket()` that passes its one socket on.
 */
export function once<S extends ConnectedSocket>(
  onState: (state: ConnectionState<S>) => void,
): MonoTypeOperatorFunction<S> {
  return (source) =>
    new Observable<S>((subscriber) => {
      onState({ status: 'connecting', attempt: 0 });
      const run = new Once(subscriber, onState);
      run.upstream = source.subscribe(run);
      return run;
    });
}

/** One run's observer and teardown: an object with methods rather than four closures per connection. */
class Once<S extends ConnectedSocket> implements Observer<S>, Unsubscribable {
  readonly #subscriber: Subscriber<S>;
  readonly #onState: (state: ConnectionState<S>) => void;
  #socket: S | undefined;
  #finished = false;
  upstream: Unsubscribable | undefined;

  constructor(subscriber: Subscriber<S>, onState: (state: ConnectionState<S>) => void) {
    this.#subscriber = subscriber;
    this.#onState = onState;
  }

  next(socket: S): void {
    this.#socket = socket;
    this.#onState({ status: 'open', socket });
    this.#subscriber.next(socket);
  }

  error(error: unknown): void {
    this.#closed(isInputError(error) ? 'error' : 'policy', error);
    this.#subscriber.error(error);
  }

  complete(): void {
    this.#closed(this.#socket?.[socketView]().closedByClient ? 'client' : 'policy', undefined);
    this.#subscriber.complete();
  }

  unsubscribe(): void {
    this.upstream?.unsubscribe();
    if (this.#finished) return;
    this.#finished = true;
    this.#onState({ status: 'closed', reason: 'unsubscribed', lastClose: undefined, error: undefined });
  }

  #closed(reason: ClosedReason, error: unknown): void {
    this.#finished = true;
    let lastClose: CloseDetails | undefined = this.#socket?.[socketView]().closeEvent;
    if (!lastClose && closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
    this.#onState({ status: 'closed', reason, lastClose, error });
  }
}
