import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * An outgoing value cannot be serialized (a BigInt, a cycle, a function, a symbol, or `undefined`).
 * Thrown at the call; nothing was sent.
 *
 * @example
 * ```ts
 * try { channel.send({ id: 1n }); } catch (e) { if (e instanceof SerializationError) console.log(e.path); }
 * ```
 */
export class SerializationError extends RxWebSocketError {
  /** The error's name, `'SerializationError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'SerializationError';
  /** Where in the value the problem is, such as `'user.id'` (`''` for the value itself). */
  readonly path: string;

  /**
   * @param message - what is wrong and what to do.
   * @param path - where in the value.
   * @param cause - the serializer's error.
   */
  constructor(message: string, path: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.path = path;
  }
}
