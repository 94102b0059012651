/** The connection is not yet open. */
export const CONNECTING = 0;
/** The connection is open and ready to communicate. */
export const OPEN = 1;
/** The connection is going through the closing handshake, or `close()` was called. */
export const CLOSING = 2;
/** The connection is closed or could not be opened. */
export const CLOSED = 3;

/**
 * Close codes registered by RFC 6455 and IANA, by name.
 *
 * Only `NORMAL_CLOSURE` (1000) and the application range 3000-4999 may be passed to `close()`;
 * the others are what a peer or the runtime reports in a `CloseEvent`.
 *
 * @example
 * ```ts
 * import { CloseCode } from 'rx-websocket';
 * socket.close$.subscribe((e) => {
 *   if (e.code === CloseCode.TRY_AGAIN_LATER) console.log('server busy');
 * });
 * ```
 */
export const CloseCode = {
  /** 1000: the purpose of the connection was fulfilled. */
  NORMAL_CLOSURE: 1000,
  /** 1001: the endpoint is going away (server shutdown, page navigated away). */
  GOING_AWAY: 1001,
  /** 1002: the peer broke the WebSocket protocol. */
  PROTOCOL_ERROR: 1002,
  /** 1003: the peer received a kind of data it cannot accept (text vs binary). */
  UNSUPPORTED_DATA: 1003,
  /** 1005: the close frame carried no code (reported, never sent). */
  NO_STATUS_RECEIVED: 1005,
  /** 1006: the connection dropped without a close frame (reported, never sent). */
  ABNORMAL_CLOSURE: 1006,
  /** 1007: a message was inconsistent with its type (invalid UTF-8 in text). */
  INVALID_FRAME_PAYLOAD_DATA: 1007,
  /** 1008: a message violated the peer's policy (often authentication). */
  POLICY_VIOLATION: 1008,
  /** 1009: a message was too big for the peer. */
  MESSAGE_TOO_BIG: 1009,
  /** 1010: the server did not negotiate an extension the client requires. */
  MANDATORY_EXTENSION: 1010,
  /** 1011: the server met an unexpected condition. */
  INTERNAL_ERROR: 1011,
  /** 1012: the server is restarting; reconnecting is expected. */
  SERVICE_RESTART: 1012,
  /** 1013: the server is overloaded; reconnect later. */
  TRY_AGAIN_LATER: 1013,
  /** 1014: a gateway or proxy got an invalid response upstream. */
  BAD_GATEWAY: 1014,
  /** 1015: the TLS handshake failed (reported, never sent). */
  TLS_HANDSHAKE: 1015,
} as const;

/** The maximum length of a close reason, in UTF-8 bytes (RFC 6455: 125 minus the 2-byte code). */
export const MAX_CLOSE_REASON_BYTES = 123;
