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
  const candidate = ws as Partial<WsEmitter> & { terminate?: unknown };
  return typeof candidate.on === 'function' &&
    typeof candidate.removeListener === 'function' &&
    typeof candidate.terminate === 'function' &&
    '_closeFrameReceived' in candidate
    ? (candidate as WsEmitter)
    : undefined;
}
