import { asyncScheduler, Observable, type SchedulerLike, type Subscription } from 'rxjs';
import type { CloseEvent } from '../close-event.js';
import { OPEN } from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import type { RxWebSocket } from '../rx-websocket.js';
import { whenDrained } from './buffered-amount.js';

/** Options of {@link closeGracefully}. */
export interface CloseGracefullyOptions {
  /**
   * The close code: 1000 or 3000-4999.
   * @default 1000
   */
  code?: number;
  /**
   * The close reason, at most 123 UTF-8 bytes.
   * @default ''
   */
  reason?: string;
  /**
   * The longest wait for the buffer to drain, in milliseconds; then the socket is closed anyway.
   * @default 10000
   */
  timeout?: number;
  /**
   * Where time comes from.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/**
 * Closes the socket once everything sent has left it (`bufferedAmount` is 0), or after `timeout`, so queued
 * bytes are not dropped. Emits the `CloseEvent` and completes: when it arrives on a socket already closing (a
 * half-open TCP connection waits for the runtime's close timeout), at once on a closed one. The code and reason
 * are validated at the call, with the standard's `DOMException`s, so an invalid one never leaves the socket open.
 *
 * @param socket - the socket.
 * @param options - code, reason, timeout and scheduler.
 * @returns the close event.
 * @throws {DOMException} `InvalidAccessError` or `SyntaxError` for a code or reason `close()` would reject.
 * @example
 * ```ts
 * sendStream(socket, file).subscribe({ complete: () => closeGracefully(socket, { reason: 'done' }).subscribe() });
 * ```
 */
export function closeGracefully(socket: RxWebSocket, options: CloseGracefullyOptions = {}): Observable<CloseEvent> {
  const { code = 1000, reason = '', scheduler = asyncScheduler } = options;
  parseCloseArguments(code, reason);
  const timeout = options.timeout ?? 10_000;
  if (typeof timeout !== 'number' || !(timeout >= 0)) {
    throw new InvalidOptionError('timeout', timeout, 'a non-negative number of milliseconds or Infinity');
  }
  return new Observable<CloseEvent>((subscriber) => {
    const closed = socket.close$.subscribe(subscriber);
    if (socket.readyState !== OPEN) {
      socket.close(code, reason);
      return closed;
    }
    let done = false;
    let waiting: Subscription | undefined;
    const close = () => {
      if (done) return;
      done = true;
      waiting?.unsubscribe(); // stop polling and the timer: the socket is closing now
      socket.close(code, reason);
    };
    // An already empty buffer closes during this subscribe; the timer is only set when it did not.
    const drained = whenDrained(socket, 0, { scheduler }).subscribe({ next: close, error: () => {} });
    if (!done) {
      waiting = drained;
      if (timeout !== Number.POSITIVE_INFINITY) waiting.add(scheduler.schedule(close, timeout));
      closed.add(waiting);
    }
    return closed;
  });
}
