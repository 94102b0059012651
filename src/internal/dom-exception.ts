/** The DOMException names that the WebSocket standard throws. */
export type StandardExceptionName = 'SyntaxError' | 'InvalidAccessError' | 'InvalidStateError' | 'SecurityError';

/**
 * Creates the `DOMException` the standard names, on every runtime (browsers, Node >= 17, Deno, Bun).
 * The global is read when an error is thrown, never at import.
 */
export function domException(message: string, name: StandardExceptionName): DOMException {
  return new DOMException(message, name);
}
