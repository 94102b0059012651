import type { WebSocketLike } from '../types.js';

type Listener = (...args: never[]) => void;

/**
 * The EventEmitter face of a `ws` socket. Listening through it skips the wrapper closure `ws` keeps per
 * `addEventListener` call (about 200 bytes each) and the Event object it builds per event: rx-websocket
 * builds its own standard events anyway.
 */
export interface WsEmitter {
  on(type: string, listener: Listener): unknown;
  removeListener(type: string, listener: Listener): unknown;
  /** Set by `ws` when the peer's close frame arrived, and when ours was sent: both make a clean close. */
  readonly _closeFrameReceived: boolean;
  readonly _closeFrameSent: boolean;
}

/** The socket's `ws` EventEmitter face, or undefined for any other implementation (browsers, undici, mocks). */
export function wsEmitterOf(ws: WebSocketLike): WsEmitter | undefined {
  // `_closeFrameReceived` is ws's own field: no other implementation has it beside an EventEmitter `on`.
  return '_closeFrameReceived' in ws && typeof (ws as Partial<WsEmitter>).on === 'function'
    ? (ws as unknown as WsEmitter)
    : undefined;
}
