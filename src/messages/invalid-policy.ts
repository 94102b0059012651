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
 * The invalid-message options every message operator takes: {@link json}, {@link match} and {@link ofTypeBy}.
 *
 * @example
 * ```ts
 * messages$.pipe(ofTypeBy('type', { onInvalid: 'skip', report: (e) => console.warn(e.message) })('message'));
 * ```
 */
export interface InvalidMessageOptions {
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

/** {@link InvalidMessageOptions} validated, with the defaults applied. */
export interface InvalidHandling {
  onInvalid: InvalidMessagePolicy;
  report: ((error: InvalidMessageError) => void) | undefined;
  /** What `'error'` errors the stream with; the reported error itself when absent. */
  errorWith?: ((error: InvalidMessageError) => unknown) | undefined;
}

/**
 * Validates `onInvalid` and `report` and applies the defaults.
 *
 * @throws {InvalidOptionError} naming the option and the value.
 */
export function resolveInvalidHandling(options: InvalidMessageOptions = {}): InvalidHandling {
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
    onInvalid,
    report: report === undefined ? undefined : typeof report === 'function' ? report : (e) => report.next(e),
  };
}

/**
 * Reports one invalid message, then applies the policy to `subscriber`: nothing more for `'skip'`, an error
 * for `'error'`, a close of the socket for `{ close, code }`. A reporter or a `close()` that throws errors the
 * stream: a bug to surface, never an exception thrown out of a subscriber.
 */
export function handleInvalid(
  error: InvalidMessageError,
  { onInvalid, report, errorWith }: InvalidHandling,
  subscriber: { error(error: unknown): void },
): void {
  try {
    report?.(error);
    if (onInvalid === 'error') subscriber.error(errorWith ? errorWith(error) : error);
    else if (onInvalid !== 'skip') onInvalid.close.close(onInvalid.code, onInvalid.reason);
  } catch (thrown) {
    subscriber.error(thrown);
  }
}
