import type { Observer, Unsubscribable } from 'rxjs';
import type { CloseDetails } from '../errors/websocket-close-error.js';
import { type ConnectedSocket, viewOf } from '../types.js';
import { closeCodeOf, isInputError } from './close-policy.js';
import type { ClosedReason, ConnectionState } from './connection-state.js';

/**
 * One connection and no reconnection, its states reported as {@link reconnect} reports them: what webSocket() runs
 * when the app gave no `reconnect`, as rxjs's subject does. Plain objects wired by the connection, without an
 * Observable between them: it is in every webSocket() and its heap in every idle subject.
 *
 * It observes the one attempt and passes the socket on to `observer`; unsubscribing stops the attempt.
 */
export class Once<S extends ConnectedSocket> implements Observer<S>, Unsubscribable {
  readonly #observer: Observer<S>;
  readonly #onState: (state: ConnectionState<S>) => void;
  readonly #closing: () => boolean;
  #socket: S | undefined;
  #finished = false;
  /** The attempt, once started. */
  upstream: Unsubscribable | undefined;

  /**
   * @param observer - told of the open socket and of the end.
   * @param onState - told of every state change; `connecting` at once.
   * @param closing - whether the app asked to close while the socket connected: its failure is then the app's close.
   */
  constructor(observer: Observer<S>, onState: (state: ConnectionState<S>) => void, closing: () => boolean) {
    this.#observer = observer;
    this.#onState = onState;
    this.#closing = closing;
    onState({ status: 'connecting', attempt: 0 });
  }

  next(socket: S): void {
    if (this.#finished) return;
    this.#socket = socket;
    this.#onState({ status: 'open', socket });
    this.#observer.next(socket);
  }

  error(error: unknown): void {
    if (this.#finished) return;
    this.#closed(error);
    this.#observer.error(error);
  }

  complete(): void {
    if (this.#finished) return;
    this.#closed(undefined);
    this.#observer.complete();
  }

  unsubscribe(): void {
    this.upstream?.unsubscribe();
    if (this.#finished) return;
    this.#finished = true;
    this.#onState({ status: 'closed', reason: 'unsubscribed', lastClose: undefined, error: undefined });
  }

  /** Reports the end: bad input, the app's close() (however the close went), or anything else (the policy). */
  #closed(error: unknown): void {
    this.#finished = true;
    const view = this.#socket && viewOf(this.#socket);
    const byApp = view?.closedByClient || this.#closing();
    const reason: ClosedReason = isInputError(error) ? 'error' : byApp ? 'client' : 'policy';
    let lastClose: CloseDetails | undefined = view?.closeEvent;
    if (!lastClose && closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
    this.#onState({ status: 'closed', reason, lastClose, error });
  }
}
