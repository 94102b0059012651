import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { type InvalidHandling, type InvalidMessageOptions, resolveInvalidHandling } from './invalid-policy.js';

/**
 * Options of {@link json}.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json(Message, { maxBytes: 65536, binary: 'decode', onInvalid: 'skip', report: console.warn }));
 * ```
 */
export interface JsonOptions extends InvalidMessageOptions {
  /**
   * The largest message accepted, in bytes (UTF-8 for text); checked before decoding and parsing.
   * @default 1048576
   */
  maxBytes?: number;
  /**
   * The deepest nesting of arrays and objects accepted (with the default parser).
   * @default 64
   */
  maxDepth?: number;
  /**
   * Binary frames: `'reject'` them as {@link MessageParseError} (`reason: 'binary'`), or `'decode'` them
   * as UTF-8 text, failing on invalid bytes (`reason: 'encoding'`) rather than inserting U+FFFD.
   * @default 'reject'
   */
  binary?: 'reject' | 'decode';
  /**
   * A codec's parse function, replacing `JSON.parse` (for instance a JSON superset). Its exceptions
   * become {@link MessageParseError}.
   * @default JSON.parse
   */
  parse?: (text: string) => unknown;
  /**
   * A `JSON.parse` reviver (ignored when `parse` is given).
   * @default undefined
   */
  reviver?: (this: unknown, key: string, value: unknown) => unknown;
}

/** {@link JsonOptions} validated, with the defaults applied. */
export interface ResolvedJsonOptions extends InvalidHandling {
  maxBytes: number;
  maxDepth: number;
  binary: 'reject' | 'decode';
  parse: ((text: string) => unknown) | undefined;
  reviver: ((this: unknown, key: string, value: unknown) => unknown) | undefined;
}

function limit(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= 0) || (value !== Number.POSITIVE_INFINITY && !Number.isInteger(value))) {
    throw new InvalidOptionError(option, value, 'a non-negative integer or Infinity');
  }
  return value;
}

/**
 * Validates {@link JsonOptions} and applies the defaults.
 *
 * @throws {InvalidOptionError} naming the option and the value.
 */
export function resolveJsonOptions(options: JsonOptions = {}): ResolvedJsonOptions {
  const binary = options.binary ?? 'reject';
  if (binary !== 'reject' && binary !== 'decode') {
    throw new InvalidOptionError('binary', binary, "'reject' or 'decode'");
  }
  for (const key of ['parse', 'reviver'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new InvalidOptionError(key, options[key], 'a function');
    }
  }
  return {
    maxBytes: limit(options.maxBytes, 'maxBytes', 1_048_576),
    maxDepth: limit(options.maxDepth, 'maxDepth', 64),
    binary,
    parse: options.parse,
    reviver: options.reviver,
    ...resolveInvalidHandling(options),
  };
}
