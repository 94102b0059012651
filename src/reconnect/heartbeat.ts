import { asyncScheduler, Observable, type SchedulerLike, Subscription } from 'rxjs';
import { OPEN } from '../constants.js';
import { HeartbeatTimeoutError } from '../errors/heartbeat-timeout-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { librarySocket } from '../internal/socket-view.js';
import { type ConnectedSocket, viewOf, type WebSocketData } from '../types.js';

/**
 * An application-level heartbeat: browsers cannot send WebSocket ping frames, so a half-open
 * connection (the peer gone, no close event) is found by pinging and waiting for a pong.
 */
export interface HeartbeatOptions {
  /** Milliseconds between pings. */
  interval: number;
  /** Milliseconds to wait for the pong. */
  timeout: number;
  /** The ping message, or a function that makes it. */
  ping: WebSocketData | (() => WebSocketData);
  /** Whether an incoming payload is the pong. */
  isPong: (data: unknown) => boolean;
  /**
   * Where time comes from.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/**
 * Validates heartbeat options.
 *
 * @throws {InvalidOptionError} naming the option.
 */
export function checkHeartbeatOptions(options: HeartbeatOptions, path = 'heartbeat'): void {
  const name = (key: string) => (path ? `${path}.${key}` : key);
  for (const key of ['interval', 'timeout'] as const) {
    const value = options[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new InvalidOptionError(name(key), value, 'a finite, positive number of milliseconds');
    }
  }
  if (typeof options.isPong !== 'function') throw new InvalidOptionError(name('isPong'), options.isPong, 'a function');
  if (options.ping === undefined || options.ping === null) {
    throw new InvalidOptionError(name('ping'), options.ping, 'a message or a function that makes one');
  }
}

/**
 * Pings `socket` every `interval` while it is OPEN and errors with {@link HeartbeatTimeoutError} when a
 * pong does not arrive within `timeout`: a dead connection is found within `interval + timeout`.
 * Deadlines compare the scheduler's clock, so a late timer (a throttled background tab, a laptop that
 * slept) neither raises a false alarm nor misses a real one. It never emits; it completes when the
 * socket closes. Unsubscribing stops every timer.
 *
 * For a socket on its own. With `reconnect()`, give it the `heartbeat` option instead: it drops a dead link and
 * reconnects, whereas a `close()` the app makes is final there (the app's own close never reconnects).
 *
 * @param socket - the socket to watch.
 * @param options - interval, timeout, ping, isPong and scheduler.
 * @returns an Observable that only errors.
 * @throws {InvalidOptionError} at the call, for invalid options, or a socket the library did not make (wrap a
 * runtime's own in an `RxWebSocket`).
 * @example
 * ```ts
 * heartbeat(socket, { interval: 15000, timeout: 5000, ping: 'ping', isPong: (d) => d === 'pong' })
 *   .subscribe({ error: () => socket.close(4000, 'heartbeat') }); // one socket, no reconnection
 * ```
 */
export function heartbeat(socket: ConnectedSocket, options: HeartbeatOptions): Observable<never> {
  librarySocket(socket);
  checkHeartbeatOptions(options, '');
  const { interval, timeout, ping, isPong, scheduler = asyncScheduler } = options;
  return new Observable<never>((subscriber) => {
    let sentAt: number | undefined;
    // The current ping's timeout only: a spent timer kept in `subscription` would stay for the connection's life.
    let deadline: Subscription | undefined;
    const arm = () => {
      deadline?.unsubscribe();
      deadline = scheduler.schedule(expired, timeout);
    };
    const view = viewOf(socket);
    const expired = (): boolean => {
      if (sentAt === undefined) return false;
      if (view.transport.isPaused?.()) {
        // Reads are paused (receive()'s backpressure): the pong waits behind unread data, so the wait starts over.
        sentAt = scheduler.now();
        arm();
        return false;
      }
      const waited = scheduler.now() - sentAt;
      if (waited < timeout) return false;
      subscriber.error(new HeartbeatTimeoutError(waited));
      return true;
    };
    const subscription = new Subscription(
      view.onData((data) => {
        if (sentAt === undefined) return;
        // The app's isPong() and ping() may throw: the heartbeat then errors, it never throws out of a subscriber.
        try {
          if (isPong(data)) sentAt = undefined;
        } catch (error) {
          subscriber.error(error);
        }
      }),
    );
    // It ends with the socket.
    subscription.add(view.onClose(() => subscriber.complete()));
    subscription.add(() => deadline?.unsubscribe());
    subscription.add(
      scheduler.schedule(function tick() {
        if (expired()) return;
        if (sentAt === undefined && socket.readyState === OPEN) {
          sentAt = scheduler.now();
          try {
            socket.send(typeof ping === 'function' ? ping() : ping);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          arm();
        }
        this.schedule(undefined, interval);
      }, interval),
    );
    return subscription;
  });
}
