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
  /** 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  /** The URL; `RxWebSocket.url` reads it when it is the text rx-websocket passed (no copy of its own). */
  readonly url?: string | undefined;
  /**
   * The subprotocol the server selected. A test double may keep the requested list here instead: anything but a
   * string reads as `''`.
   */
  readonly protocol?: string | readonly string[] | undefined;
  /** The extensions the server selected. */
  readonly extensions?: string | undefined;
  /** `undefined` on mock-socket: rx-websocket reads it as 0. */
  readonly bufferedAmount?: number | undefined;
  /** Set by rx-websocket to `'blob'` or `'arraybuffer'`. */
  binaryType?: string;
  /**
   * rx-websocket passes {@link WebSocketData}. The parameter is typed `never` so that every runtime's
   * `send` fits: their Blob types differ (DOM's and `node:buffer`'s) and `ws` accepts more.
   * @param data - the payload.
   */
  send(data: never): void;
  /**
   * Starts the closing handshake; rx-websocket validates the arguments first.
   * @param code - the close code.
   * @param reason - the close reason.
   */
  close(code?: number, reason?: string): void;
  /**
   * Adds a listener. Listeners take `unknown`, so they fit every runtime's event types. A socket without it (a test
   * double written for rxjs/webSocket) is driven through its `on*` handler properties instead.
   * @param type - `open`, `message`, `error` or `close`.
   * @param listener - called with the runtime's event.
   */
  addEventListener?(type: string, listener: (event: unknown) => void): void;
  /**
   * Removes a listener added with `addEventListener`.
   * @param type - the event type.
   * @param listener - the listener.
   */
  removeEventListener?(type: string, listener: (event: unknown) => void): void;
  /** The `open` handler property, for sockets driven through their handlers. */
  onopen?: ((event: never) => unknown) | null;
  /** The `message` handler property. */
  onmessage?: ((event: never) => unknown) | null;
  /** The `error` handler property. */
  onerror?: ((event: never) => unknown) | null;
  /** The `close` handler property. */
  onclose?: ((event: never) => unknown) | null;
}

/**
 * A WebSocket constructor: `globalThis.WebSocket`, `ws`'s `WebSocket`, undici's `WebSocket`,
 * mock-socket's `WebSocket`, `FakeWebSocket` from `rx-websocket/testing`, or a test double written for
 * rxjs/webSocket (the same constructor type as rxjs's `WebSocketCtor`).
 */
export type WebSocketConstructorLike = new (url: string, protocols?: string | string[]) => WebSocketLike;
