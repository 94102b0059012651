import type { CloseDetails } from '../errors/websocket-close-error.js';
import type { ConnectedSocket } from '../types.js';

/**
 * Why a connection is closed:
 * - `'idle'`: nothing subscribed yet;
 * - `'unsubscribed'`: the app unsubscribed (or called `close()` on the connection);
 * - `'client'`: the app called `close()` on the socket (however the close then ended);
 * - `'policy'`: `shouldReconnect` (or the backoff function) said not to reconnect, or, on `webSocket()` without
 *   `reconnect`, the one connection ended or failed (no reconnection is the policy then);
 * - `'max-attempts'`: `maxAttempts` attempts failed in a row;
 * - `'error'`: bad input (an invalid URL or option) that retrying cannot fix, a `shouldReconnect` or `backoff` that
 *   threw, or an error of `reconnectNow`.
 */
export type ClosedReason = 'idle' | 'unsubscribed' | 'client' | 'policy' | 'max-attempts' | 'error';

/**
 * The state of a reconnecting connection:
 *
 * ```text
 *             ┌──────────────── online / visible / timer ───────────────┐
 *             ▼                                                          │
 *  ──► connecting ──open──► open ──closed or failed──► reconnecting ──────┘
 *         │  ▲                                            │
 *         │  └───────────── failed attempt ───────────────┘
 *         └──────────► closed ◄── policy, maxAttempts, unsubscribe, client close
 * ```
 *
 * A value of `reconnectNow` goes from `open`, `connecting` or `reconnecting` straight to `connecting` (attempt 0).
 */
export type ConnectionState<Socket extends ConnectedSocket = ConnectedSocket> =
  | {
      /** A socket is being opened. */
      readonly status: 'connecting';
      /** 0 for the first connection (and after `reconnectNow`), then the number of the reconnection attempt. */
      readonly attempt: number;
    }
  | {
      /** A socket is open. */
      readonly status: 'open';
      /** The open socket. */
      readonly socket: Socket;
    }
  | {
      /** Waiting before the next attempt. */
      readonly status: 'reconnecting';
      /** The number of the coming reconnection attempt (1 for the first). */
      readonly attempt: number;
      /** The wait before it, in milliseconds; `Infinity` while waiting for the network. */
      readonly delay: number;
      /** Scheduler time at which the attempt is due (`Infinity` while offline). */
      readonly retryAt: number;
      /**
       * The close that ended the last connection or attempt, a refused attempt's 1006 included (an attempt that timed
       * out, or whose `url` function threw, leaves the close before it).
       */
      readonly lastClose: CloseDetails | undefined;
      /** Why the last connection or attempt ended: its close event or error. */
      readonly reason: unknown;
      /** True while the device is offline: the attempt waits for the `online` event. */
      readonly offline: boolean;
    }
  | {
      /** No socket and none coming. */
      readonly status: 'closed';
      /** Why the connection is closed. */
      readonly reason: ClosedReason;
      /** The close that ended the last connection, if any. */
      readonly lastClose: CloseDetails | undefined;
      /** The error the stream ended with, if it errored. */
      readonly error: unknown;
    };
