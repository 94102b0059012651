import { InvalidMessageError } from './invalid-message-error.js';

/**
 * Why a message could not be parsed:
 * - `'syntax'`: the parser rejected the text (invalid JSON);
 * - `'binary'`: a binary frame arrived where text is expected (`binary: 'reject'`);
 * - `'encoding'`: a binary frame is not valid UTF-8 (`binary: 'decode'`);
 * - `'depth'`: the value nests deeper than `maxDepth`.
 */
export type ParseFailure = 'syntax' | 'binary' | 'encoding' | 'depth';

/**
 * An incoming message could not be turned into a value.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json({ report: (e) => e instanceof MessageParseError && console.warn(e.reason) }));
 * ```
 */
export class MessageParseError extends InvalidMessageError {
  /** The error's name, `'MessageParseError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'MessageParseError';
  /** What went wrong. */
  readonly reason: ParseFailure;

  /**
   * @param reason - what went wrong.
   * @param message - the explanation.
   * @param preview - the payload's preview.
   * @param cause - the parser's or decoder's error.
   */
  constructor(reason: ParseFailure, message: string, preview: string, cause?: unknown) {
    super(message, preview, { cause });
    this.reason = reason;
  }
}
