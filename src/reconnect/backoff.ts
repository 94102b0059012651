import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { CloseDetails } from '../errors/websocket-close-error.js';

/** What a backoff function knows about the attempt it schedules. */
export interface BackoffContext {
  /** The close that ended the last connection, when it closed (rather than failed to open). */
  readonly lastClose: CloseDetails | undefined;
  /** The last attempt's error, or the close event. */
  readonly reason: unknown;
  /** The injected random source, in [0, 1). */
  readonly random: () => number;
}

/**
 * Gives the delay in milliseconds before reconnection attempt `attempt` (1 for the first retry), or
 * `'stop'` to give up.
 */
export type BackoffFunction = (attempt: number, context: BackoffContext) => number | 'stop';

/** Options of the default exponential backoff. */
export interface ExponentialBackoffOptions {
  /**
   * The delay before the first retry, before jitter, in milliseconds. With full jitter, the first retries
   * of many clients spread evenly over this time (2 s keeps a fleet of 1000 under 10% of its attempts in
   * any 100 ms after a server restart: `npm run bench`).
   * @default 2000
   */
  initialDelay?: number;
  /**
   * The largest delay, before jitter, in milliseconds.
   * @default 30000
   */
  maxDelay?: number;
  /**
   * How much the delay grows per attempt.
   * @default 2
   */
  factor?: number;
  /**
   * The share of each delay that is random: 1 is "full jitter" (anywhere from 0 to the delay), 0 none.
   * @default 1
   */
  jitter?: number;
}

function check(value: unknown, option: string, fallback: number, ok: (n: number) => boolean, expected: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !ok(value)) throw new InvalidOptionError(option, value, expected);
  return value;
}

/**
 * Exponential backoff with jitter: `min(maxDelay, initialDelay * factor^(attempt-1))`, of which the
 * `jitter` share is random. Finite and capped for any attempt count (the power saturates at
 * `maxDelay`, never overflowing to 0 or NaN); randomness comes from `context.random` on each call.
 *
 * @param options - the delays, factor and jitter.
 * @returns a {@link BackoffFunction}.
 * @throws {InvalidOptionError} for a negative, NaN or infinite delay, a factor below 1, or jitter outside 0-1.
 * @example
 * ```ts
 * const backoff = exponentialBackoff({ initialDelay: 500, maxDelay: 10000 });
 * backoff(3, { lastClose: undefined, reason: undefined, random: () => 0.5 }); // 1000: 500 * 2^2, halved by jitter
 * ```
 */
export function exponentialBackoff(options: ExponentialBackoffOptions = {}): BackoffFunction {
  const finite = (n: number) => Number.isFinite(n) && n >= 0;
  const initialDelay = check(
    options.initialDelay,
    'initialDelay',
    2000,
    finite,
    'a finite, non-negative number of milliseconds',
  );
  const maxDelay = check(options.maxDelay, 'maxDelay', 30_000, finite, 'a finite, non-negative number of milliseconds');
  const factor = check(
    options.factor,
    'factor',
    2,
    (n) => Number.isFinite(n) && n >= 1,
    'a finite number of at least 1',
  );
  const jitter = check(
    options.jitter,
    'jitter',
    1,
    (n) => n >= 0 && n <= 1,
    'a number from 0 (none) to 1 (full jitter)',
  );
  if (initialDelay > maxDelay)
    throw new InvalidOptionError('initialDelay', initialDelay, `at most maxDelay (${maxDelay})`);
  return (attempt, { random }) => {
    const exponent = Math.max(0, attempt - 1);
    const grown = initialDelay === 0 ? 0 : initialDelay * factor ** exponent;
    const capped = grown > maxDelay || Number.isNaN(grown) ? maxDelay : grown;
    return capped * (1 - jitter * random());
  };
}
