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
  NORMAL_CLOSURE: 1000,
  GOING_AWAY: 1001,
  PROTOCOL_ERROR: 1002,
  UNSUPPORTED_DATA: 1003,
  NO_STATUS_RECEIVED: 1005,
  ABNORMAL_CLOSURE: 1006,
  INVALID_FRAME_PAYLOAD_DATA: 1007,
  POLICY_VIOLATION: 1008,
  MESSAGE_TOO_BIG: 1009,
  MANDATORY_EXTENSION: 1010,
  INTERNAL_ERROR: 1011,
  SERVICE_RESTART: 1012,
  TRY_AGAIN_LATER: 1013,
  BAD_GATEWAY: 1014,
  TLS_HANDSHAKE: 1015,
} as const;

/** The maximum length of a close reason, in UTF-8 bytes (RFC 6455: 125 minus the 2-byte code). */
export const MAX_CLOSE_REASON_BYTES = 123;
