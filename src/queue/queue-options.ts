import { InvalidOptionError } from '../errors/invalid-option-error.js';

/**
 * What happens when a message arrives at a full queue:
 * - `'error'`: the call throws {@link QueueOverflowError}; the queue is unchanged;
 * - `'drop-oldest'`: the oldest messages are dropped (and reported) to make room;
 * - `'drop-newest'`: the new message is dropped (and reported).
 */
export type OverflowRule = 'error' | 'drop-oldest' | 'drop-newest';

/**
 * Bounds of a send queue. Every buffer rx-websocket keeps has a limit and an overflow rule.
 *
 * @example
 * ```ts
 * new RxWebSocket(url, [], { queue: { maxMessages: 100, maxBytes: 65536, overflow: 'drop-oldest' } });
 * ```
 */
export interface QueueOptions {
  /**
   * The most messages the queue holds.
   * @default 1000
   */
  maxMessages?: number;
  /**
   * The most bytes (UTF-8 for text) the queue holds.
   * @default Infinity
   */
  maxBytes?: number;
  /**
   * The rule applied when a message does not fit.
   * @default 'error'
   */
  overflow?: OverflowRule;
}

/** {@link QueueOptions} with every default applied. */
export type ResolvedQueueOptions = Required<QueueOptions>;

const RULES: readonly OverflowRule[] = ['error', 'drop-oldest', 'drop-newest'];

function limit(value: unknown, path: string, integer: boolean): number | undefined {
  if (value === undefined) return undefined;
  const ok =
    typeof value === 'number' &&
    value >= 0 &&
    (value === Number.POSITIVE_INFINITY || (integer ? Number.isInteger(value) : Number.isFinite(value)));
  if (!ok) {
    throw new InvalidOptionError(
      path,
      value,
      `${integer ? 'a non-negative integer' : 'a non-negative number'} or Infinity`,
    );
  }
  return value;
}

/** Shared by every socket that takes the defaults (one object, not one per socket). */
const DEFAULTS: ResolvedQueueOptions = Object.freeze({
  maxMessages: 1000,
  maxBytes: Number.POSITIVE_INFINITY,
  overflow: 'error',
});

/**
 * Validates queue options and fills in the defaults.
 *
 * @param options - what the caller passed.
 * @param path - the options' path, for error messages.
 * @returns the complete options.
 * @throws {InvalidOptionError} naming the option and the value.
 */
export function resolveQueueOptions(options: QueueOptions | undefined, path = 'queue'): ResolvedQueueOptions {
  if (options === undefined) return DEFAULTS;
  if (typeof options !== 'object' || options === null) {
    throw new InvalidOptionError(path, options, 'an object such as { maxMessages: 1000 }');
  }
  const overflow = options.overflow ?? DEFAULTS.overflow;
  if (!RULES.includes(overflow)) {
    throw new InvalidOptionError(`${path}.overflow`, overflow, "'error', 'drop-oldest' or 'drop-newest'");
  }
  return {
    maxMessages: limit(options.maxMessages, `${path}.maxMessages`, true) ?? DEFAULTS.maxMessages,
    maxBytes: limit(options.maxBytes, `${path}.maxBytes`, false) ?? DEFAULTS.maxBytes,
    overflow,
  };
}
