import { InvalidMessageError } from './invalid-message-error.js';

/**
 * An incoming message is larger than `maxBytes`; it was rejected before parsing.
 *
 * @example
 * ```ts
 * socket.data$.pipe(json({ maxBytes: 65536, report: (e) => e instanceof MessageTooLargeError && console.warn(e.size) }));
 * ```
 */
export class MessageTooLargeError extends InvalidMessageError {
  /** The error's name, `'MessageTooLargeError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'MessageTooLargeError';
  /** The message's size in bytes (UTF-8 for text). */
  readonly size: number;
  /** The limit. */
  readonly maxBytes: number;

  /**
   * Creates the error for a message over `maxBytes`.
   *
   * @param size - the message's size, in bytes.
   * @param maxBytes - the limit.
   * @param preview - a short, escaped preview of the message.
   */
  constructor(size: number, maxBytes: number, preview: string) {
    super(`The message is ${size} bytes, over the limit of ${maxBytes} bytes (maxBytes); it was not parsed.`, preview);
    this.size = size;
    this.maxBytes = maxBytes;
  }
}
