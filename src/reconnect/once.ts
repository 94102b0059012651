import { type MonoTypeOperatorFunction, Observable, type Observer, type Subscriber, type Unsubscribable } from 'rxjs';
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
      onState({ status: 'connecting', attempt: 0 });
      const run = new Once(subscriber, onState);
      run.upstream = source.subscribe(run);
      return run;
    });
}

/** One run's observer and teardown: an object with methods rather than four closures per connection. */
class Once implements Observer<RxWebSocket>, Unsubscribable {
  readonly #subscriber: Subscriber<RxWebSocket>;
  readonly #onState: (state: ConnectionState) => void;
  #socket: RxWebSocket | undefined;
  #finished = false;
  upstream: Unsubscribable | undefined;

  constructor(subscriber: Subscriber<RxWebSocket>, onState: (state: ConnectionState) => void) {
    this.#subscriber = subscriber;
    this.#onState = onState;
  }

  next(socket: RxWebSocket): void {
    this.#socket = socket;
    this.#onState({ status: 'open', socket });
    this.#subscriber.next(socket);
  }

  error(error: unknown): void {
    this.#closed(isInputError(error) ? 'error' : 'policy', error);
    this.#subscriber.error(error);
  }

  complete(): void {
    this.#closed(this.#socket?.[internals]().closedByClient ? 'client' : 'policy', undefined);
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
    // close$ replays the close event at once when the socket has closed.
    let lastClose: CloseDetails | undefined;
    this.#socket?.close$.subscribe((event) => (lastClose = event)).unsubscribe();
    if (!lastClose && closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
    this.#onState({ status: 'closed', reason, lastClose, error });
  }
}
