/**
 * Data that {@link RxWebSocket.send} accepts, as in the WebSocket standard:
 * text, an `ArrayBuffer`, a typed array or `DataView`, or a `Blob`.
 */
export type WebSocketData = string | ArrayBufferLike | ArrayBufferView | Blob;

/**
 * How binary messages are delivered: as `Blob` (the standard default) or as `ArrayBuffer`.
 */
export type BinaryType = 'blob' | 'arraybuffer';

/** One of `CONNECTING` (0), `OPEN` (1), `CLOSING` (2) or `CLOSED` (3). */
export type ReadyState = 0 | 1 | 2 | 3;

/**
 * The part of a WebSocket implementation that rx-websocket uses, typed structurally so that
 * the browser's `WebSocket`, `ws`, undici's `WebSocket` and mock-socket all fit without a cast.
 *
 * Listeners receive events of the runtime's own classes; rx-websocket reads only
 * `data` (message), `code`/`reason`/`wasClean` (close) and `error`/`message` (error).
 */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol?: string | undefined;
  readonly extensions?: string | undefined;
  /** `undefined` on mock-socket: rx-websocket reads it as 0. */
  readonly bufferedAmount?: number | undefined;
  binaryType?: string;
  send(data: WebSocketData): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  removeEventListener(type: string, listener: (event: never) => void): void;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket`, `ws`'s `WebSocket`, undici's `WebSocket`,
 * mock-socket's `WebSocket`, or {@link FakeWebSocket} from `rx-websocket/testing`.
 */
export type WebSocketConstructorLike = new (
  url: string,
  protocols?: string | string[],
) => WebSocketLike;
