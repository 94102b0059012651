import {
  asyncScheduler,
  type MonoTypeOperatorFunction,
  Observable,
  type SchedulerLike,
  Subscription,
  type Unsubscribable,
} from 'rxjs';
import { ConnectionTimeoutError } from '../errors/connection-timeout-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { ReconnectStoppedError } from '../errors/reconnect-stopped-error.js';
import type { CloseDetails } from '../errors/websocket-close-error.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import { type ConnectedSocket, viewOf } from '../types.js';
import { type BackoffFunction, type ExponentialBackoffOptions, exponentialBackoff } from './backoff.js';
import { closeCodeOf, defaultShouldReconnect, isInputError } from './close-policy.js';
import type { ClosedReason, ConnectionState } from './connection-state.js';
import { browserEnvironment, type ReconnectEnvironment } from './environment.js';
import { checkHeartbeatOptions, type HeartbeatOptions, heartbeat } from './heartbeat.js';
import { type ConnectionHooks, type ReconnectOperator, withConnection } from './plugin.js';

/**
 * Options of {@link reconnect}. Every time comes from `scheduler`, so `TestScheduler` drives them all.
 */
export interface ReconnectOptions extends ExponentialBackoffOptions {
  /**
   * Replaces the exponential backoff: the delay before attempt `attempt` (1 for the first retry), or `'stop'`.
   * @default exponentialBackoff({ initialDelay, maxDelay, factor, jitter })
   */
  backoff?: BackoffFunction;
  /**
   * The most reconnection attempts in a row that may fail before giving up with {@link ReconnectStoppedError}.
   * @default Infinity
   */
  maxAttempts?: number;
  /**
   * How long a connection must stay up, in milliseconds, for the attempt count (and so the backoff) to reset.
   * @default 5000
   */
  minUptime?: number;
  /**
   * How long an attempt may take to open, in milliseconds, before it is abandoned with
   * {@link ConnectionTimeoutError}; `Infinity` waits for ever.
   * @default 10000
   */
  connectionTimeout?: number;
  /**
   * Whether to reconnect, given the close event of a connection that closed or the error of one that
   * failed. Not called after the app's own `close()`, which never reconnects.
   * @default defaultShouldReconnect
   */
  shouldReconnect?: (reason: unknown) => boolean;
  /**
   * The random source for jitter, called once per attempt.
   * @default Math.random
   */
  random?: () => number;
  /**
   * Where time comes from: backoff, timeouts, uptime and heartbeat.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
  /**
   * Online and visibility awareness: no attempt while offline, an immediate one on `online`, and on a
   * page becoming visible after an unclean close. `null` turns it off.
   * @default browserEnvironment() (undefined outside a browser)
   */
  environment?: ReconnectEnvironment | null;
  /**
   * An application-level heartbeat on every connection; a missed pong discards the socket at once.
   * @default undefined
   */
  heartbeat?: Omit<HeartbeatOptions, 'scheduler'>;
  /**
   * Reconnects at once on each value, as partysocket's and reconnecting-websocket's `reconnect()` do: a wait for the
   * next attempt ends now, and a connecting or open socket is closed with 1000 (an open one with the value's `code` and
   * `reason` when it is `{ code, reason? }`, as `reconnect(code, reason)` there) and a new one opened. The attempt count
   * starts again from 0. For a "Retry now" button, or a fresh token that the `url` function will read. A value
   * replayed at subscription (a `BehaviorSubject`'s), one while the app's own `close()` runs, and one after the stream
   * ended do nothing (subscribe again then); an error, or a code `close()` would refuse, ends the stream with it.
   * @default undefined
   */
  reconnectNow?: Observable<unknown>;
  /**
   * Called with every state change.
   * @default undefined
   */
  onState?: (state: ConnectionState) => void;
}

interface Resolved {
  backoff: BackoffFunction;
  maxDelay: number;
  maxAttempts: number;
  minUptime: number;
  connectionTimeout: number;
  shouldReconnect: (reason: unknown) => boolean;
  random: (() => number) | undefined;
  scheduler: SchedulerLike;
  environment: ReconnectEnvironment | null | undefined;
  heartbeat: Omit<HeartbeatOptions, 'scheduler'> | undefined;
  reconnectNow: Observable<unknown> | undefined;
  onState: ((state: ConnectionState) => void) | undefined;
}

function duration(value: unknown, option: string, fallback: number, allowInfinity: boolean): number {
  if (value === undefined) return fallback;
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    (Number.isFinite(value) || (allowInfinity && value === Number.POSITIVE_INFINITY));
  if (!ok) {
    throw new InvalidOptionError(
      option,
      value,
      `a non-negative number of milliseconds${allowInfinity ? ' or Infinity' : ''}`,
    );
  }
  return value;
}

function resolveOptions(options: ReconnectOptions): Resolved {
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  if (!(maxAttempts === Number.POSITIVE_INFINITY || (Number.isInteger(maxAttempts) && maxAttempts >= 0))) {
    throw new InvalidOptionError('maxAttempts', maxAttempts, 'a non-negative integer or Infinity');
  }
  for (const key of ['backoff', 'shouldReconnect', 'random', 'onState'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new InvalidOptionError(key, options[key], 'a function');
    }
  }
  if (options.heartbeat !== undefined) checkHeartbeatOptions(options.heartbeat);
  const { reconnectNow } = options;
  if (
    reconnectNow !== undefined &&
    typeof (reconnectNow as Partial<Observable<unknown>> | null)?.subscribe !== 'function'
  ) {
    throw new InvalidOptionError('reconnectNow', reconnectNow, 'an Observable (a Subject, say)');
  }
  const exponential = exponentialBackoff(options);
  return {
    backoff: options.backoff ?? exponential,
    maxDelay: options.maxDelay ?? 30_000,
    maxAttempts,
    minUptime: duration(options.minUptime, 'minUptime', 5000, true),
    connectionTimeout: duration(options.connectionTimeout, 'connectionTimeout', 10_000, true),
    shouldReconnect: options.shouldReconnect ?? defaultShouldReconnect,
    random: options.random,
    scheduler: options.scheduler ?? asyncScheduler,
    environment: options.environment,
    heartbeat: options.heartbeat,
    reconnectNow,
    onState: options.onState,
  };
}

/**
 * Reconnects a stream of connections (`fromWebSocket()`): when a connection closes or an attempt fails, it
 * waits (exponential backoff with full jitter by default) and subscribes to the source again, which
 * opens a new socket. Each open socket is emitted.
 *
 * - one attempt at a time, never two sockets at once; unsubscribing stops everything, timers included;
 * - `connectionTimeout` abandons a hanging handshake; its socket is closed and never used;
 * - `minUptime` resets the attempt count only after a connection stayed up that long (a flapping server
 *   keeps the backoff growing);
 * - `shouldReconnect` decides from the close event or error ({@link defaultShouldReconnect}); the app's
 *   own `close()` never reconnects; 1013 (try again later) waits `maxDelay`;
 * - `url` and `protocols` functions of `fromWebSocket()` run again for each attempt; if they throw, backoff goes on;
 * - with a browser `environment`: no attempt while offline, one at once on `online`, and on the page
 *   becoming visible after an unclean close;
 * - `heartbeat` pings each connection and discards it at once when a pong is missed;
 * - each value of `reconnectNow` reconnects at once, with the attempt count back at 0.
 *
 * It completes when the last connection closed cleanly and the policy says not to reconnect, and errors
 * with the last error otherwise, or with {@link ReconnectStoppedError} after `maxAttempts`.
 *
 * @param options - backoff, limits, policy, environment, heartbeat, scheduler and `onState`.
 * @returns an operator from `fromWebSocket()` to a stream of successive open sockets; `webSocket({ reconnect })` takes
 * it too.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * fromWebSocket({ url: async () => `wss://api.example/live?token=${await getToken()}` })
 *   .pipe(
 *     reconnect({ maxDelay: 10000, onState: (s) => console.log(s.status) }),
 *     switchMap((socket) => socket.data$),
 *   )
 *   .subscribe(console.log);
 * ```
 */
export function reconnect(options: ReconnectOptions = {}): ReconnectOperator {
  const resolved = resolveOptions(options);
  const operator = <S extends ConnectedSocket>(source: Observable<S>) => reconnectWith<S>(resolved, never)(source);
  return Object.assign(operator, {
    [withConnection]: {
      run: <S extends ConnectedSocket>({ onState, scheduler, closing }: ConnectionHooks) =>
        reconnectWith<S>(
          resolveOptions({
            ...options,
            scheduler: options.scheduler ?? scheduler,
            onState: (state) => {
              options.onState?.(state);
              onState(state);
            },
          }),
          closing,
        ),
      isPong: options.heartbeat?.isPong,
    },
  });
}

const never = () => false;

/**
 * @param config - the resolved options.
 * @param closing - whether the app asked to close while the attempt in progress connected (see `ConnectionHooks`).
 */
function reconnectWith<S extends ConnectedSocket>(
  config: Resolved,
  closing: () => boolean,
): MonoTypeOperatorFunction<S> {
  return (source) =>
    new Observable<S>((subscriber) => {
      const { scheduler, onState } = config;
      const random = config.random ?? Math.random;
      const environment = config.environment === undefined ? browserEnvironment() : (config.environment ?? undefined);
      let failures = 0;
      let attempt: Subscription | undefined;
      /** The current attempt's socket, once open (an attempt that is no longer current never reads it). */
      let openSocket: S | undefined;
      let waiting: Subscription | undefined;
      let finished = false;
      let lastClose: CloseDetails | undefined;
      let lastReason: unknown;
      let now: Unsubscribable | undefined;

      const report = (state: ConnectionState<S>) => onState?.(state);

      const finish = (reason: ClosedReason, error?: unknown) => {
        finished = true;
        now?.unsubscribe();
        report({ status: 'closed', reason, lastClose, error });
        if (error === undefined) subscriber.complete();
        else subscriber.error(error);
      };

      const wait = (delay: number, offline: boolean) => {
        const current = new Subscription();
        waiting = current;
        report({
          status: 'reconnecting',
          attempt: failures,
          delay,
          retryAt: scheduler.now() + delay,
          lastClose,
          reason: lastReason,
          offline,
        });
        if (waiting !== current) return; // onState's reconnectNow started the attempt already
        if (delay !== Number.POSITIVE_INFINITY) current.add(scheduler.schedule(start, delay));
        const unclean = lastClose === undefined || !lastClose.wasClean;
        if (environment) {
          current.add(
            environment.listen((change) => {
              if (change === 'online' || (change === 'visible' && unclean && !offline)) start();
            }),
          );
        }
      };

      function start(): void {
        waiting?.unsubscribe();
        waiting = undefined;
        if (finished || attempt) return;
        if (environment && !environment.isOnline()) {
          wait(Number.POSITIVE_INFINITY, true);
          return;
        }
        report({ status: 'connecting', attempt: failures });
        // Whoever heard of it may have let go of the last subscriber (a request that fails with its connection): no
        // attempt then, as the teardown has run.
        if (finished) return;
        openSocket = undefined;
        const current = new Subscription();
        attempt = current;
        let openedAt = 0;
        /** The heartbeat's error, once it found the link dead: the attempt's reason, whatever the drop then causes. */
        let deadLink: unknown;
        const end = (error: unknown, clean: boolean) => {
          if (attempt !== current) return;
          attempt = undefined;
          // Read before the teardown below closes the socket itself: only a close() the app made is the app's.
          const socket = openSocket;
          const byApp = (socket !== undefined && viewOf(socket).closedByClient) || closing();
          current.unsubscribe();
          ended(deadLink ?? error, deadLink === undefined && clean, socket, openedAt, byApp);
        };
        const timeout = config.connectionTimeout;
        // Let, and cleared on open: the open connection's listener would otherwise keep the spent action alive.
        let timer =
          timeout === Number.POSITIVE_INFINITY
            ? undefined
            : scheduler.schedule(() => end(new ConnectionTimeoutError(timeout), false), timeout);
        if (timer) current.add(timer);
        current.add(
          source.subscribe({
            next: (opened) => {
              openSocket = opened;
              openedAt = scheduler.now();
              lastClose = undefined; // what ended the connection before this one is no longer the last close
              timer?.unsubscribe();
              timer = undefined;
              report({ status: 'open', socket: opened });
              if (attempt !== current) return; // onState's reconnectNow dropped it already
              if (config.heartbeat) {
                current.add(
                  heartbeat(opened, { ...config.heartbeat, scheduler }).subscribe({
                    error: (error) => {
                      // Dropped first where the runtime can, so that no close frame (1000, a deliberate goodbye to
                      // the server) is sent on the way out.
                      deadLink = error;
                      dropDeadLink(opened);
                      end(error, false);
                    },
                  }),
                );
              }
              subscriber.next(opened);
            },
            error: (error: unknown) => end(error, false),
            complete: () => end(undefined, true),
          }),
        );
      }

      const ended = (error: unknown, clean: boolean, socket: S | undefined, openedAt: number, byApp?: boolean) => {
        // The socket may not have closed: an abandoned or heartbeat-failed socket is not waited for.
        const view = socket && viewOf(socket);
        const closeEvent: CloseDetails | undefined = view?.closeEvent;
        if (closeEvent) lastClose = closeEvent;
        else if (closeCodeOf(error) !== undefined) lastClose = error as CloseDetails;
        const reason = error ?? closeEvent;
        lastReason = reason;
        if (socket && scheduler.now() - openedAt >= config.minUptime) failures = 0;

        // The app's own close() is final, also when the close then goes wrong (no answer, a dropped link).
        if (byApp) return finish('client', clean ? undefined : error);
        if (isInputError(error)) return finish('error', error);
        // The app's policy functions may throw: their error ends the stream, it never escapes from here.
        let again: boolean;
        try {
          again = config.shouldReconnect(reason);
        } catch (thrown) {
          return finish('error', thrown);
        }
        if (!again) return finish('policy', clean ? undefined : error);
        if (failures >= config.maxAttempts) {
          return finish('max-attempts', new ReconnectStoppedError(failures, reason));
        }
        failures++;
        let delay: number | 'stop';
        try {
          delay = config.backoff(failures, { lastClose, reason, random });
        } catch (thrown) {
          return finish('error', thrown);
        }
        if (delay === 'stop') return finish('policy', clean ? undefined : error);
        if (typeof delay !== 'number' || !(delay >= 0)) {
          return finish(
            'error',
            new InvalidOptionError('backoff', delay, 'a function returning a non-negative delay or "stop"'),
          );
        }
        // Offline already (the drop was the device's): no attempt until it is online, which state$ says at once.
        if (environment && !environment.isOnline()) return wait(Number.POSITIVE_INFINITY, true);
        // 1013 (try again later): the server asks for a longer wait.
        wait(closeCodeOf(reason) === 1013 ? Math.max(delay, config.maxDelay) : delay, false);
      };

      // Subscribed before the first attempt, and heard only while an attempt runs or waits: a value replayed at
      // subscription (a BehaviorSubject's) asks for nothing, nor does one sent from onState while an attempt starts.
      now = config.reconnectNow?.subscribe({
        next: (value) => {
          // The app's own close() is final, also while its closing handshake runs.
          if (finished || (!attempt && !waiting) || (openSocket !== undefined && viewOf(openSocket).closedByClient))
            return;
          // partysocket's reconnect(code, reason): an open socket closes with them, so that the server hears why.
          const { code, reason } = (value ?? {}) as { code?: unknown; reason?: unknown };
          if (typeof code === 'number') {
            try {
              const close = parseCloseArguments(code, reason);
              openSocket?.close(close.code, close.reason);
            } catch (error) {
              return finish('error', error);
            }
          }
          failures = 0;
          // Dropped before start() looks: the old socket's close (1000, the source's teardown) is not an end.
          const current = attempt;
          attempt = undefined;
          current?.unsubscribe();
          start();
        },
        error: (error: unknown) => finish('error', error),
      });
      start();
      return () => {
        const wasFinished = finished;
        finished = true;
        now?.unsubscribe();
        waiting?.unsubscribe();
        const current = attempt;
        attempt = undefined;
        current?.unsubscribe();
        if (!wasFinished) report({ status: 'closed', reason: 'unsubscribed', lastClose, error: undefined });
      };
    });
}

/**
 * A missed pong means the link is dead: a closing handshake could not complete, and `ws` would hold the socket, its
 * TCP connection and our listeners for its 30-second close timeout. Runtimes that can drop a connection at once
 * (`ws`'s `terminate()`, a socket shared across tabs) do so now, before any close frame; the socket then closes with
 * 1006. Elsewhere (a browser's socket) the attempt's end closes it with 1000, the only choice there.
 */
function dropDeadLink(socket: ConnectedSocket): void {
  viewOf(socket).transport.terminate?.();
}
