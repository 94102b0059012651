import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * The base class of the errors an incoming message can cause: {@link MessageParseError},
 * {@link MessageTooLargeError} and {@link SchemaValidationError}. Under the default `'skip'` policy they
 * are reported and the stream goes on.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json(Message, { report: (e: InvalidMessageError) => console.warn(e.message) }));
 * ```
 */
export class InvalidMessageError extends RxWebSocketError {
  /** The error's name, `'InvalidMessageError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'InvalidMessageError';
  /** A short, escaped preview of the payload (at most 60 characters), never the whole payload. */
  readonly preview: string;

  /**
   * @param message - what is wrong and what to do.
   * @param preview - the payload's preview.
   * @param options - the underlying `cause`.
   */
  constructor(message: string, preview: string, options?: { cause?: unknown }) {
    super(`${message} Message: ${preview}`, options?.cause === undefined ? undefined : { cause: options.cause });
    this.preview = preview;
  }
}
