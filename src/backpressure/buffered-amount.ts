import { asyncScheduler, Observable, Subscription } from 'rxjs';
import { CLOSING } from '../constants.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { librarySocket } from '../internal/socket-view.js';
import { type ConnectedSocket, viewOf } from '../types.js';
import { BufferReader, type BufferReadOptions, checkBufferReadOptions } from './buffer-reader.js';

/** Options of {@link bufferedAmount$} and {@link whenDrained}. */
export interface PollOptions extends BufferReadOptions {
  /**
   * The first polling interval after a send, in milliseconds; polling speeds back up to it while the buffer drains.
   * @default 1
   */
  minInterval?: number;
  /**
   * The longest polling interval, reached by doubling while the buffer does not shrink.
   * @default 64
   */
  maxInterval?: number;
}

/**
 * A socket's `bufferedAmount` as an Observable: the current value first, then each change. The standard
 * has no drain event, so it polls, but only while the buffer is not empty, on the scheduler, with an
 * interval that doubles while nothing drains and resets when it does; an idle socket has no timer at all
 * (a send wakes it). A socket made with `webSocketStream()` says when each write completes: it is not polled but
 * read again then. Completes when the socket closes.
 *
 * @param socket - the socket.
 * @param options - scheduler, intervals, and the fallback for runtimes that do not report `bufferedAmount`.
 * @returns the buffered bytes over time.
 * @throws {InvalidOptionError} at the call, for invalid intervals, or a socket the library did not make (a runtime's
 * own: wrap it in an `RxWebSocket`).
 * @example
 * ```ts
 * bufferedAmount$(socket).subscribe((bytes) => (indicator.textContent = `${bytes} bytes waiting`));
 * ```
 */
export function bufferedAmount$(socket: ConnectedSocket, options: PollOptions = {}): Observable<number> {
  librarySocket(socket);
  checkBufferReadOptions(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  const minInterval = interval(options.minInterval, 'minInterval', 1);
  const maxInterval = interval(options.maxInterval, 'maxInterval', 64);
  if (maxInterval < minInterval)
    throw new InvalidOptionError('maxInterval', maxInterval, `at least minInterval (${minInterval})`);
  return new Observable<number>((subscriber) => {
    const reader = new BufferReader(socket, scheduler, options);
    let last = -1;
    let timer: Subscription | undefined;
    const emit = (value: number) => {
      if (value !== last) {
        last = value;
        subscriber.next(value);
      }
    };
    // A transport that says when its writes complete (WebSocketStream's) is waited on instead of polled.
    const view = viewOf(socket);
    const { transport } = view;
    const writable = reader.estimating ? undefined : transport.writable;
    const tick = (delay: number) => {
      timer = undefined;
      const before = last;
      const value = reader.read();
      emit(value);
      // A subscriber may have left on that value: then no new timer.
      if (value > 0 && !subscriber.closed) schedule(value < before ? minInterval : Math.min(delay * 2, maxInterval));
    };
    const schedule = (delay: number) => {
      if (writable) {
        const waiting = new Subscription();
        timer = waiting;
        writable.call(transport).then(() => {
          if (!waiting.closed) tick(delay);
        });
      } else timer = scheduler.schedule(() => tick(delay), delay);
    };
    const current = reader.read();
    emit(current);
    if (current > 0) schedule(minInterval);
    const stopListening = view.onTransmit(() => {
      emit(reader.read());
      if (!timer && last > 0 && !subscriber.closed) schedule(minInterval);
    });
    const stopClosing = view.onClose(() => {
      emit(reader.read());
      subscriber.complete();
    });
    return () => {
      timer?.unsubscribe();
      stopListening();
      stopClosing();
      reader.dispose();
    };
  });
}

/**
 * Emits the buffered bytes once they are at or below `lowWaterMark`, then completes: at once when they
 * already are. A closing socket has no room, whatever its buffer holds (what it is given is discarded): once
 * the socket is closing or closed, it errors with the socket's {@link WebSocketCloseError} when the close event
 * arrives (at once when it has), since only that event says how the socket ended.
 *
 * @param socket - the socket.
 * @param lowWaterMark - the level to wait for, in bytes.
 * @param options - as {@link bufferedAmount$}.
 * @returns an Observable of one value.
 * @throws {InvalidOptionError} at the call, for an invalid `lowWaterMark` or polling option, or a socket the library
 * did not make.
 * @example
 * ```ts
 * await firstValueFrom(whenDrained(socket, 64 * 1024));
 * socket.send(nextChunk);
 * ```
 */
export function whenDrained(socket: ConnectedSocket, lowWaterMark = 0, options: PollOptions = {}): Observable<number> {
  librarySocket(socket);
  if (typeof lowWaterMark !== 'number' || !Number.isFinite(lowWaterMark) || lowWaterMark < 0) {
    throw new InvalidOptionError('lowWaterMark', lowWaterMark, 'a finite, non-negative number of bytes');
  }
  const amounts = bufferedAmount$(socket, options);
  return new Observable<number>((subscriber) =>
    amounts.subscribe({
      next: (bytes) => {
        // The close event completes `amounts` (below): it ends the wait on a closing socket.
        if (bytes > lowWaterMark || socket.readyState >= CLOSING) return;
        subscriber.next(bytes);
        subscriber.complete();
      },
      error: (error: unknown) => subscriber.error(error),
      // `amounts` completes on the close event, so the close error is known by now.
      complete: () => subscriber.error(viewOf(socket).closeError()),
    }),
  );
}

function interval(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
    throw new InvalidOptionError(option, value, 'a finite, positive number of milliseconds');
  }
  return value;
}
