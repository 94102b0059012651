import { RxWebSocketError } from './rx-websocket-error.js';

/** The fields of a close event that a {@link WebSocketCloseError} carries. */
export interface CloseDetails {
  /** The close code (1006 when the connection dropped without a close frame). */
  readonly code: number;
  /** The close reason, `''` when none was given. */
  readonly reason: string;
  /** Whether the closing handshake completed. */
  readonly wasClean: boolean;
}

/**
 * The connection could not be opened, or closed without a clean closing handshake
 * (`wasClean: false`, usually code 1006). Streams that end on failure error with it.
 *
 * @example
 * ```ts
 * import { fromWebSocket, isWebSocketCloseError } from 'rx-websocket';
 * fromWebSocket('ws://127.0.0.1:1').subscribe({
 *   error: (e) => isWebSocketCloseError(e) && console.log(e.code, e.wasClean),
 * });
 * ```
 */
export class WebSocketCloseError extends RxWebSocketError implements CloseDetails {
  /** The error's name, `'WebSocketCloseError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'WebSocketCloseError';
  /** The close code: 1006 when no close frame was received. */
  readonly code: number;
  /** The close reason the peer sent, or `''`. */
  readonly reason: string;
  /** Whether the closing handshake completed. */
  readonly wasClean: boolean;

  /**
   * @param details - the close event's `code`, `reason` and `wasClean`.
   * @param options - `cause`: the runtime's error, when it reported one (Node's `ws` does).
   */
  constructor(details: CloseDetails, options?: { cause?: unknown }) {
    const cause = options?.cause;
    const why = cause instanceof Error ? `: ${cause.message}` : details.reason ? `: ${details.reason}` : '';
    super(
      `WebSocket closed ${details.wasClean ? 'cleanly' : 'abnormally'} with code ${details.code}${why}`,
      cause === undefined ? undefined : { cause },
    );
    this.code = details.code;
    this.reason = details.reason;
    this.wasClean = details.wasClean;
  }
}

/**
 * Whether `value` is a {@link WebSocketCloseError}, also across realms.
 *
 * @param value - anything caught.
 * @returns `true` when it carries `code`, `reason` and `wasClean` of a failed connection.
 * @example
 * ```ts
 * socket.message$.subscribe({ error: (e) => isWebSocketCloseError(e) && console.log(e.code) });
 * ```
 */
export function isWebSocketCloseError(value: unknown): value is WebSocketCloseError {
  return value instanceof WebSocketCloseError || (value instanceof Error && value.name === 'WebSocketCloseError');
}
