import type { InvalidMessageError } from '../errors/invalid-message-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { parseCloseArguments } from '../internal/parse-close.js';

/** Something with a `close(code, reason)`: an {@link RxWebSocket} or any WebSocket. */
export interface Closable {
  /**
   * Closes the socket.
   * @param code - the close code.
   * @param reason - the close reason.
   */
  close(code?: number, reason?: string): void;
}

/**
 * What happens to the stream when a message is invalid (it is always reported first):
 * - `'skip'` (default): the message is dropped and the next valid one is delivered;
 * - `'error'`: the stream errors with the typed error;
 * - `{ close, code, reason }`: the socket is closed with that application code (1000 or 3000-4999)
 *   and the message dropped; the stream then ends as the socket's does.
 */
export type InvalidMessagePolicy =
  | 'skip'
  | 'error'
  | {
      /** The socket to close. */
      close: Closable;
      /** The close code: 1000 or 3000-4999. */
      code: number;
      /** The close reason, at most 123 UTF-8 bytes. */
      reason?: string;
    };

/** Where invalid messages are reported: a callback, or an Observer such as a Subject. */
export type InvalidMessageReporter =
  | ((error: InvalidMessageError) => void)
  | {
      /** Receives each invalid message's error. */
      next(error: InvalidMessageError): void;
    };

/**
 * Options of {@link json}.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json(Message, { maxBytes: 65536, binary: 'decode', onInvalid: 'skip', report: console.warn }));
 * ```
 */
export interface JsonOptions {
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
  /**
   * What an invalid message does to the stream.
   * @default 'skip'
   */
  onInvalid?: InvalidMessagePolicy;
  /**
   * Where every invalid message is reported, whatever the policy.
   * @default undefined
   */
  report?: InvalidMessageReporter;
}

/** {@link JsonOptions} validated, with the defaults applied. */
export interface ResolvedJsonOptions {
  maxBytes: number;
  maxDepth: number;
  binary: 'reject' | 'decode';
  parse: ((text: string) => unknown) | undefined;
  reviver: ((this: unknown, key: string, value: unknown) => unknown) | undefined;
  onInvalid: InvalidMessagePolicy;
  report: ((error: InvalidMessageError) => void) | undefined;
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
  const onInvalid = options.onInvalid ?? 'skip';
  if (typeof onInvalid === 'object' && onInvalid !== null) {
    if (typeof onInvalid.close?.close !== 'function') {
      throw new InvalidOptionError('onInvalid.close', onInvalid.close, 'a socket to close, such as the RxWebSocket');
    }
    try {
      if (typeof onInvalid.code !== 'number') throw new TypeError('no code');
      parseCloseArguments(onInvalid.code, onInvalid.reason);
    } catch {
      throw new InvalidOptionError(
        'onInvalid.code',
        onInvalid.code,
        'an application close code (1000 or 3000-4999) and a reason of at most 123 UTF-8 bytes',
      );
    }
  } else if (onInvalid !== 'skip' && onInvalid !== 'error') {
    throw new InvalidOptionError('onInvalid', onInvalid, "'skip', 'error' or { close: socket, code }");
  }
  const report = options.report;
  if (report !== undefined && typeof report !== 'function' && typeof report?.next !== 'function') {
    throw new InvalidOptionError('report', report, 'a function or an Observer (such as a Subject)');
  }
  return {
    maxBytes: limit(options.maxBytes, 'maxBytes', 1_048_576),
    maxDepth: limit(options.maxDepth, 'maxDepth', 64),
    binary,
    parse: options.parse,
    reviver: options.reviver,
    onInvalid,
    report: report === undefined ? undefined : typeof report === 'function' ? report : (e) => report.next(e),
  };
}
