import type { CloseEvent } from '../close-event.js';

/** How a socket is ending: made by `close()`, the first error, or a send after the closing handshake began. */
export interface Ending {
  /** `close()` was called before the connection opened: the standard's "fail the connection". */
  failed?: boolean;
  /** `close()` was called (and took effect). */
  byClient?: boolean;
  /** The runtime reported an error (or the connection failed): `error` fires just before `close`. */
  errored?: boolean;
  cause?: unknown;
  event?: CloseEvent;
  /** Bytes given to `send()` once closing, which the standard adds to `bufferedAmount`. */
  bytesAfter?: number;
}
