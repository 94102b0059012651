import type { CloseEvent } from '../close-event.js';
import type { WebSocketCloseError } from '../errors/websocket-close-error.js';
import type { Transport } from '../transport/transport.js';
import type { ReadyState } from '../types.js';

/**
 * The key of {@link RxWebSocket}'s one internal access point: `socket[internals]()` gives the layers above a socket
 * (its streams, fromWebSocket, reconnect, backpressure, the subject) what the public interface does not. Each call makes a
 * fresh view of the socket as it is now; a caller keeps the socket, not the view. Not exported by the package.
 */
export const internals: unique symbol = Symbol('rx-websocket.internals');

/** What {@link SocketInternals.watch} calls: at the points where the first `open$` and `close$` subscribers are told. */
export interface LifecycleWatcher {
  opened(): void;
  closed(event: CloseEvent): void;
}

/** A socket's internals, as the layers above it use them. */
export interface SocketInternals {
  /** The transport under the socket: its optional capabilities (pause, resume, terminate…) are asked for here. */
  readonly transport: Transport;
  /** Whether the app called `close()` (reconnect() does not reconnect then). */
  readonly closedByClient: boolean;
  /** The socket's own state (a server's close frame aside). */
  readonly state: ReadyState;
  /** The close event, once the socket closed. */
  readonly closeEvent: CloseEvent | undefined;
  /**
   * Whether a stream of sockets (fromWebSocket()) opened it and reports how it closed: its message streams then
   * complete on any close, so that `switchMap((socket) => socket.data$)` after reconnect() does not end the pipeline.
   */
  readonly owned: boolean;
  /** Starts the transport's `message` events, unless the socket closed. */
  receive(): void;
  /** The error a closed socket's streams end with. */
  closeError(): WebSocketCloseError;
  /** The open event as a late `open$` subscriber gets it; `undefined` before open. */
  openEvent(): Event | undefined;
  /**
   * Calls `listener` with the size of every payload handed to the transport.
   * @returns the remover.
   */
  onTransmit(listener: (bytes: number) => void): () => void;
  /**
   * Calls `listener` with every payload received while OPEN, as `data$` emits it, without `data$`'s subject and
   * subscription on every connection (the connection behind webSocket() uses it). Call `receive()` to start.
   * @returns the remover.
   */
  onData(listener: (data: unknown) => void): () => void;
  /**
   * Watches open and close without subscribing to `open$` and `close$`, whose subjects would stay on every
   * connection; one watcher per socket (fromWebSocket() uses it). A watched socket is {@link SocketInternals.owned}
   * from then on, also once the watcher has let go (reconnect() lets go of a socket whose heartbeat failed before it
   * has closed).
   * @returns the remover.
   */
  watch(watcher: LifecycleWatcher): () => void;
}
