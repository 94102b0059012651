import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { WebSocketUnavailableError } from '../errors/websocket-unavailable-error.js';

/** Close codes after which the default policy gives up: the server will not accept this client as it is. */
const FATAL = new Set([1002, 1003, 1007, 1008, 1009, 1010, 1015]);

/**
 * The default reconnection policy, given the close event of a connection that closed or the error of
 * an attempt that failed:
 *
 * - reconnect after abnormal closes (1006) and failed attempts (timeouts, unreachable servers,
 *   `url` functions that threw), 1001 (going away), 1005 (no status), 1011, 1012 (restart), 1013
 *   (try again later: the backoff waits `maxDelay`), 1014 and other unregistered 1xxx codes;
 * - do not reconnect after 1000 (normal closure) or the app's own `close()`;
 * - stop on 1002, 1003, 1007, 1008, 1009, 1010 and 1015: retrying would fail the same way;
 * - application codes 3000-4999 are the app's to decide: by default they do not reconnect;
 * - stop when the server answered with a subprotocol the client did not offer, or with none when it
 *   offered some (the same server answers the same way next time). Only `ws` says so (its error's message);
 *   browsers and undici report a plain 1006, which reconnects with backoff.
 *
 * @param reason - the `CloseEvent`, or the attempt's error (a {@link WebSocketCloseError} carries a code).
 * @returns whether to reconnect.
 * @example
 * ```ts
 * // also reconnect after the app's own 4001 (token expired): the url function fetches a new token
 * reconnect({ shouldReconnect: (r) => closeCodeOf(r) === 4001 || defaultShouldReconnect(r) });
 * ```
 */
export function defaultShouldReconnect(reason: unknown): boolean {
  if (isSubprotocolMismatch(reason)) return false;
  const code = closeCodeOf(reason);
  if (code === undefined) return true;
  if (code === 1000 || FATAL.has(code)) return false;
  return code < 3000;
}

/**
 * The close code carried by a close event or a {@link WebSocketCloseError}, if any.
 *
 * @param reason - what `shouldReconnect` received.
 * @returns the code, or `undefined` for errors without one (timeouts, providers, heartbeat).
 * @example
 * ```ts
 * closeCodeOf(new CloseEvent('close', { code: 4001 })); // 4001
 * ```
 */
export function closeCodeOf(reason: unknown): number | undefined {
  const code = (reason as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** ws's handshake errors about `Sec-WebSocket-Protocol` ("Server sent an invalid subprotocol", …). */
function isSubprotocolMismatch(reason: unknown): boolean {
  const cause = (reason as { cause?: unknown } | null | undefined)?.cause;
  return cause instanceof Error && /^Server sent (an invalid|no|a) subprotocol/.test(cause.message);
}

/**
 * Bad input fails the same way on every attempt: retrying cannot help.
 *
 * @param error - why an attempt failed.
 * @returns whether it was the app's input (an option, a missing constructor, the standard's DOMException).
 */
export function isInputError(error: unknown): boolean {
  return (
    error instanceof InvalidOptionError ||
    error instanceof WebSocketUnavailableError ||
    (typeof DOMException === 'function' && error instanceof DOMException)
  );
}
