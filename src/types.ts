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

/** @internal The key of what the layers above need of a socket the library made. */
export const socketView: unique symbol = Symbol('rx-websocket.socket-view');

/**
 * @internal The view of a socket the library made: the layers above only ever hold such sockets (a socket from the
 * app is checked first, by `librarySocket()`).
 * @param socket - an `RxWebSocket`, or a subject's own socket.
 * @returns its view.
 */
export function viewOf(socket: ConnectedSocket): SocketView {
  return (socket as ConnectedSocket & { [socketView](): SocketView })[socketView]();
}

/**
 * @internal What reconnection, the heartbeat and byte counting need of a socket the library made (`RxWebSocket`, or
 * a subject's own socket), beyond the standard's interface. Read when needed: its fields are the socket's now.
 */
export interface SocketView {
  /** What the runtime reports beyond the standard: `bufferedAmount` (undefined where it does not), and more. */
  readonly transport: {
    readonly bufferedAmount: number | undefined;
    writable?(): Promise<void>;
    terminate?(): void;
    isPaused?(): boolean;
  };
  /** Whether the app closed the socket. */
  readonly closedByClient: boolean;
  /** The close event, once it fired. */
  readonly closeEvent: { readonly code: number; readonly reason: string; readonly wasClean: boolean } | undefined;
  /** Tells `listener` the size of every payload sent; returns the removal. */
  onTransmit(listener: (bytes: number) => void): () => void;
  /** Tells `listener` every payload received; returns the removal. */
  onData(listener: (data: unknown) => void): () => void;
  /** Calls `listener` once the close event fired (at once if it has); returns the removal. */
  onClose(listener: () => void): () => void;
  /** The close, as an error (once closed). */
  closeError(): Error;
}

/**
 * The open socket of a `webSocket()` subject (`subject.socket`, and `socket` of its `open` state): the standard
 * socket's interface without its events, which the subject owns. The subject drives the runtime's socket itself,
 * as rxjs's does, and this is the small object it does that with (the Observable socket is `RxWebSocket`).
 *
 * @example
 * ```ts
 * import { webSocket } from 'rx-websocket';
 * const subject = webSocket<string>('wss://example.com/feed');
 * subject.subscribe();
 * subject.state$.subscribe((state) => {
 *   if (state.status === 'open') console.log(state.socket.protocol, state.socket.bufferedAmount);
 * });
 * ```
 */
export interface ConnectedSocket {
  /** The connection's absolute URL, serialized as the standard says. */
  readonly url: string;
  /** The subprotocol the server selected, or `''`. */
  readonly protocol: string;
  /** The extensions the server selected, or `''`. */
  readonly extensions: string;
  /** `OPEN` while the subject uses it, then `CLOSING` and `CLOSED`. */
  readonly readyState: ReadyState;
  /** Bytes given to `send()` not yet handed to the network. */
  readonly bufferedAmount: number;
  /** How binary messages are delivered. */
  binaryType: BinaryType;
  /**
   * Sends `data` at once, bypassing the subject's serializer and queue.
   * @param data - text or binary data.
   */
  send(data: WebSocketData): void;
  /**
   * Closes the socket, as the standard's `close()` (validated the same way).
   * @param code - 1000 or 3000-4999.
   * @param reason - at most 123 UTF-8 bytes.
   */
  close(code?: number, reason?: string): void;
  /**
   * @internal What the layers above need of it: every socket the library makes has it. Optional in the type, so that
   * code written for rxjs/webSocket that casts `openObserver`'s `event.target` to `WebSocket` still compiles.
   */
  [socketView]?(): SocketView;
}
