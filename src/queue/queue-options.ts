import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration } from '../internal/durations.js';
import { DEFAULT_MAX_MESSAGES } from './queue-plugin.js';

/**
 * What happens when a message arrives at a full queue:
 * - `'error'`: the call throws {@link QueueOverflowError}; the queue is unchanged;
 * - `'drop-oldest'`: the oldest messages are dropped (and reported) to make room;
 * - `'drop-newest'`: the new message is dropped (and reported).
 */
export type OverflowRule = 'error' | 'drop-oldest' | 'drop-newest';

/**
 * Bounds of a send queue, given to `sendQueue()`. Every buffer rx-websocket keeps has a limit and an overflow rule;
 * without `sendQueue()`, it is 1000 messages under `'error'`.
 *
 * @example
 * ```ts
 * import { sendQueue, webSocket } from 'rx-websocket';
 * webSocket({ url: 'wss://example.com', queue: sendQueue({ maxMessages: 100, maxBytes: 65536, overflow: 'drop-oldest' }) });
 * ```
 */
export interface SendQueueOptions {
  /**
   * The most messages the queue holds.
   * @default 1000
   */
  maxMessages?: number | undefined;
  /**
   * The most bytes (UTF-8 for text) the queue holds.
   * @default Infinity
   */
  maxBytes?: number | undefined;
  /**
   * The rule applied when a message does not fit.
   * @default 'error'
   */
  overflow?: OverflowRule | undefined;
  /**
   * How long a message may wait in `webSocket()`'s queue, kept across connections, in milliseconds (scheduler time);
   * older ones are dropped as `'expired'` when their turn comes. `RxWebSocket` and `sendStream()` send or drop what
   * they queue within one connection, and refuse a finite `ttl`.
   * @default Infinity
   */
  ttl?: number | undefined;
}

/** {@link SendQueueOptions} with every default applied. */
export interface ResolvedQueueOptions {
  readonly maxMessages: number;
  readonly maxBytes: number;
  readonly overflow: OverflowRule;
  readonly ttl: number;
}

const RULES: readonly OverflowRule[] = ['error', 'drop-oldest', 'drop-newest'];

function limit(value: unknown, option: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    (value === Number.POSITIVE_INFINITY || (integer ? Number.isInteger(value) : Number.isFinite(value)));
  if (!ok) {
    throw new InvalidOptionError(
      option,
      value,
      `${integer ? 'a non-negative integer' : 'a non-negative number'} or Infinity`,
    );
  }
  return value;
}

/**
 * Validates queue options and fills in the defaults.
 *
 * @param options - what the caller passed.
 * @returns the complete options.
 * @throws {InvalidOptionError} naming the option and the value.
 */
export function resolveQueueOptions(options: SendQueueOptions): ResolvedQueueOptions {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError('options', options, 'an object such as { maxMessages: 1000 }');
  }
  const overflow = options.overflow ?? 'error';
  if (!RULES.includes(overflow)) {
    throw new InvalidOptionError('overflow', overflow, "'error', 'drop-oldest' or 'drop-newest'");
  }
  return {
    maxMessages: limit(options.maxMessages, 'maxMessages', true) ?? DEFAULT_MAX_MESSAGES,
    maxBytes: limit(options.maxBytes, 'maxBytes', false) ?? Number.POSITIVE_INFINITY,
    overflow,
    ttl: positiveDuration(options.ttl, 'ttl', Number.POSITIVE_INFINITY),
  };
}
