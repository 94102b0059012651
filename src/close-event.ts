/** The fields of a {@link CloseEvent}, as in the DOM's `CloseEventInit`. */
export interface CloseEventInit {
  /** Whether the event bubbles (close events do not). @default false */
  bubbles?: boolean;
  /** Whether the event can be cancelled (close events cannot). @default false */
  cancelable?: boolean;
  /** Whether the event crosses shadow DOM boundaries. @default false */
  composed?: boolean;
  /** @default 0 */
  code?: number;
  /** @default '' */
  reason?: string;
  /** @default false */
  wasClean?: boolean;
}

/**
 * The standard `CloseEvent`, available on every runtime (Node 20 has no global one).
 * rx-websocket dispatches this class everywhere, so `close$` has the same type on every runtime.
 *
 * @example
 * ```ts
 * socket.close$.subscribe((e: CloseEvent) => console.log(e.code, e.reason, e.wasClean));
 * ```
 */
export class CloseEvent extends Event {
  /** The close code the peer sent, 1005 when it sent none, 1006 when no close frame arrived. */
  readonly code: number;
  /** The close reason the peer sent, or `''`. */
  readonly reason: string;
  /** Whether the closing handshake completed. */
  readonly wasClean: boolean;

  /**
   * @param type - the event type, `'close'`.
   * @param init - `code`, `reason` and `wasClean`.
   */
  constructor(type: string, init: CloseEventInit = {}) {
    super(type, init);
    this.code = init.code ?? 0;
    this.reason = init.reason ?? '';
    this.wasClean = init.wasClean ?? false;
  }
}

/**
 * The close event the standard fires for what the runtime reported: a connection that failed (never opened, or
 * closed while connecting) closes with 1006, not clean, whatever the runtime said. A code no close event can carry
 * (outside 1000-4999: Deno reports 0 for a link lost without a close frame) is the standard's 1006 when the close
 * was not clean, 1005 when it was.
 *
 * @param failed - whether the connection failed.
 * @param underlying - what the runtime reported.
 * @returns the event.
 */
export function standardCloseEvent(
  failed: boolean,
  underlying: {
    readonly code?: number | undefined;
    readonly reason?: string | undefined;
    readonly wasClean?: boolean | undefined;
  },
): CloseEvent {
  const { code = 1005, reason = '', wasClean = false } = failed ? { code: 1006 } : underlying;
  return new CloseEvent('close', {
    code: code >= 1000 && code <= 4999 ? code : wasClean ? 1005 : 1006,
    reason,
    wasClean,
  });
}
