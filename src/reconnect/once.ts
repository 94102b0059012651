import type { Observer, Unsubscribable } from 'rxjs';
import type { CloseDetails } from '../errors/websocket-close-error.js';
import { type ConnectedSocket, viewOf } from '../types.js';
import { closeCodeOf, isInputError } from './close-policy.js';
import type { ClosedReason, ConnectionState } from './connection-state.js';

/**
 * What {@link Once} tells of the socket (the connection's run), which also says whether the app asked to close while
 * the socket connected (`complete()` on the subject): a failure is then the app's close, not the policy's.
 */
export interface OnceObserver<S> extends Observer<S> {
  readonly closing: unknown;
}

/**
 * One connection and no reconnection, its states reported as {@link reconnect} reports them: what webSocket() runs
 * when the app gave no `reconnect`, as rxjs's subject does. Plain objects wired by the connection, without an
 * Observable between them: it is in every webSocket() and its heap in every idle subject.
 *
 * It observes the one attempt and passes the socket on to `observer`; unsubscribing stops the attempt.
 */
export class Once<S extends ConnectedSocket> implements Observer<S>, Unsubscribable {
  readonly #observer: OnceObserver<S>;
  readonly #onState: (state: ConnectionState<S>) => void;
  #socket: S | undefined;
  #finished = false;
  /** The attempt, once started. */
  upstream: Unsubscribable | undefined;

  /**
   * @param observer - told of the open socket and of the end; its `closing` says whether the app is closing it.
   * @param onState - told of every state change; `connecting` at once.
   */
  constructor(observer: OnceObserver<S>, onState: (state: ConnectionState<S>) => void) {
    this.#observer = observer;
    this.#onState = onState;
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
    const byApp = view?.closedByClient || this.#observer.closing !== undefined;
    const reason: ClosedReason = isInputError(error) ? 'error' : byApp ? 'client' : 'policy';
    let lastClose: CloseDetails | undefined = view?.closeEvent;
    if (!lastClose && closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
    this.#onState({ status: 'closed', reason, lastClose, error });
  }
}
