import type { BinaryType, WebSocketData } from '../types.js';

/** The optional capabilities of a {@link Transport}. */
export type TransportCapabilities = Partial<
  Pick<
    Transport,
    | 'pause'
    | 'resume'
    | 'isPaused'
    | 'cork'
    | 'terminate'
    | 'writable'
    | 'unsent'
    | 'subscribeTopic'
    | 'unsubscribeTopic'
    | 'expectReply'
    | 'forgetReply'
  >
>;

/**
 * The key under which a socket may declare capabilities for its transport to offer, as a method that returns them.
 * `FakeWebSocket` does, so that tests can pause, resume and terminate it as they would `ws`. `Symbol.for`, so that
 * two copies of the package agree on it.
 */
export const capabilitiesOf: unique symbol = Symbol.for('rx-websocket.capabilities');

/** A close as the runtime reported it; what is missing takes the standard's default (1005, '', not clean). */
export interface TransportClose {
  readonly code?: number | undefined;
  readonly reason?: string | undefined;
  readonly wasClean?: boolean | undefined;
}

/** The close the standard reports for a connection lost without a closing handshake, where a runtime sends none. */
export const ABNORMAL: TransportClose = { code: 1006, reason: '', wasClean: false };

/** The key of the method through which a transport reports `open`, `error` and `close` (see {@link TransportSink}). */
export const deliver: unique symbol = Symbol('rx-websocket.deliver');
/** The key of the method through which a transport reports each message's payload (the hot path: no dispatch). */
export const received: unique symbol = Symbol('rx-websocket.received');

/**
 * Where a transport reports the standard's four events: `open`, `error` with the runtime's cause (if any) and its
 * error event, and `close` with a {@link TransportClose} under the {@link deliver} key; and each message's payload
 * (text, Blob or ArrayBuffer) under {@link received}. The socket itself is the sink: no listener object or bound
 * function per socket.
 */
export interface TransportSink {
  [deliver](event: 'open'): void;
  /** `errorEvent`: the runtime's error event, which rxjs's subject hands to subscribers (made where none is fired). */
  [deliver](event: 'error', cause: unknown, errorEvent?: unknown): void;
  [deliver](event: 'close', close: TransportClose): void;
  [received](data: unknown): void;
}

/**
 * What carries one connection's frames, between {@link RxWebSocket} and a runtime's socket. Each adapter in this
 * folder speaks to one shape of runtime and owns its quirks; nothing outside an adapter knows which runtime it
 * talks to. The optional capabilities are asked for (`transport.pause?.()`), never guessed from the runtime.
 */
export interface Transport {
  /** The URL as the runtime reports it (`undefined` where it reports none). */
  readonly url: string | undefined;
  /** The runtime's own ready state: 0 CONNECTING, 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  /** The subprotocol the server selected, or `''`. */
  readonly protocol: string;
  /** The extensions the server selected, or `''`. */
  readonly extensions: string;
  /** Bytes given to `send()` and not yet on the network; `undefined` where the runtime does not say (mock-socket). */
  readonly bufferedAmount: number | undefined;
  /** How the runtime delivers binary messages; runtimes that cannot deliver Blobs ignore `'blob'`. */
  binaryType: BinaryType;
  /**
   * Hands a frame to the runtime.
   * @param data - the payload, already checked.
   */
  send(data: WebSocketData): void;
  /**
   * Starts the closing handshake; the arguments are already validated.
   * @param code - the close code, or none.
   * @param reason - the close reason.
   */
  close(code?: number, reason?: string): void;
  /** Starts reporting `message` events (listening costs something per message, so only once someone listens). */
  receive(): void;
  /** Stops reporting `open`, once it has happened. */
  opened(): void;
  /** Stops reporting anything: every listener on the runtime's socket is removed. */
  detach(): void;

  /** Stops reading from the network (TCP backpressure), where the runtime can. */
  pause?(): void;
  /** Reads from the network again after {@link Transport.pause}. */
  resume?(): void;
  /** Whether reads are paused now (by {@link Transport.pause}): what arrives meanwhile waits in the network. */
  isPaused?(): boolean;
  /** Holds the frames sent during this turn of the event loop, and writes them at its end in one system call. */
  cork?(): void;
  /** Drops the connection at once, without a closing handshake (it then closes with 1006). */
  terminate?(): void;
  /** Resolves when the transport can take more data, where the runtime signals it (a stream's writer). */
  writable?(): Promise<void>;
  /**
   * Once the socket has closed: the frames it was given that it knows never left (a tab's shared socket whose leader
   * went away), in order, to be sent on the next connection; asked once, where the runtime can tell.
   */
  unsent?(): WebSocketData[];
  /**
   * Subscribes to a multiplex topic on a connection others share too (a tab's shared socket): the subscribe frame goes
   * out only for the first holder of `key`, and the unsubscribe frame when the last one leaves, or goes away.
   * @param key - the topic, as its subscribe frame's text.
   * @param subscribe - the subscribe frame.
   * @param unsubscribe - the unsubscribe frame, made now: it may be sent for this holder after it has gone.
   */
  subscribeTopic?(key: string, subscribe: WebSocketData, unsubscribe: WebSocketData): void;
  /**
   * Leaves a topic of {@link Transport.subscribeTopic}.
   * @param key - the topic.
   */
  unsubscribeTopic?(key: string): void;
  /**
   * Asks for the reply that carries `id` (as its JSON `id`) to be delivered to this socket only, on a connection others
   * share too (a tab's shared socket); without it every tab sees every reply.
   * @param id - the request's id.
   */
  expectReply?(id: string | number): void;
  /**
   * Withdraws {@link Transport.expectReply}.
   * @param id - the request's id.
   */
  forgetReply?(id: string | number): void;
}

/**
 * The key under which a `WebSocket` constructor whose sockets are shared across tabs names its tab, so that a
 * subject's default request ids differ from one tab to the next. `Symbol.for`, so that two copies agree.
 */
export const sharedTab: unique symbol = Symbol.for('rx-websocket.shared-tab');
