import type { CloseEvent } from '../close-event.js';
import type { SendQueue } from '../queue/queue-plugin.js';
import type { RxWebSocket } from '../rx-websocket.js';
import type { BinaryType, WebSocketConstructorLike } from '../types.js';

/** Options of {@link RxWebSocket}, beyond the standard's `url` and `protocols`. */
export interface RxWebSocketOptions {
  /**
   * The underlying WebSocket constructor: `ws`'s `WebSocket` on Node < 22, undici's, mock-socket's,
   * or `FakeWebSocket` from `rx-websocket/testing`; `webSocketStream()` for inbound backpressure in Chromium.
   * Read when the socket is created, never at import; `undefined` means the runtime's own.
   * @default globalThis.WebSocket
   */
  WebSocket?: WebSocketConstructorLike | undefined;
  /**
   * How binary messages are delivered.
   * @default 'blob'
   */
  binaryType?: BinaryType;
  /**
   * Bounds of the queue that holds messages given to `next()` before the socket opens: what `sendQueue()` returns.
   * @default 1000 messages; one more throws QueueOverflowError
   */
  queue?: SendQueue | undefined;
  /**
   * Node fast path: when the underlying socket exposes its `net.Socket` (as `ws` does), the writes of one
   * event-loop turn are corked and reach the network in one system call when the turn's synchronous code
   * ends, instead of one per `send()`. Frames of 16 KB or more write through (batching gains them nothing). Order, errors, `close()` and `bufferedAmount` are unchanged (corked
   * bytes count as buffered). Runtimes without a `net.Socket` (browsers, undici, mock-socket) ignore it.
   * @default true
   */
  coalesceSends?: boolean;
}

/** Event types of {@link RxWebSocket}, for typed `addEventListener`. */
export interface RxWebSocketEventMap {
  /** The connection opened. */
  open: Event;
  /** A message arrived. */
  message: MessageEvent;
  /** The connection failed or closed abnormally (always followed by `close`). */
  error: Event;
  /** The connection closed. */
  close: CloseEvent;
}

/** An `on*` event handler property: a function called with the socket as `this`, or `null`. */
export type Handler<E> = ((this: RxWebSocket, event: E) => unknown) | null;
/** A listener function or `{ handleEvent }` object, as `EventTarget` takes. */
export type RxWebSocketListener<E = Event> =
  | ((this: RxWebSocket, event: E) => unknown)
  | {
      /** Called with each event. */
      handleEvent(event: E): unknown;
    };
/** `addEventListener`'s options, as `EventTarget` takes. */
export type RxWebSocketListenerOptions =
  | boolean
  | {
      /** Listen in the capture phase (no difference on a socket, which has no tree). */
      capture?: boolean;
      /** Remove the listener after its first call. */
      once?: boolean;
      /** The listener will not call `preventDefault()`. */
      passive?: boolean;
      /** Remove the listener when this signal aborts. */
      signal?: AbortSignal;
    };
