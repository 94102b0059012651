import { type CloseEvent, standardCloseEvent } from '../close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from '../constants.js';
import { WebSocketCloseError } from '../errors/websocket-close-error.js';
import { byteLengthOf, toWebSocketData } from '../internal/byte-length.js';
import { domException } from '../internal/dom-exception.js';
import { parseCloseArguments } from '../internal/parse-close.js';
import { ReplayedEvent } from '../internal/replayed-event.js';
import { applyBinaryType, openRuntimeSocket, socketArguments } from '../socket/open-runtime-socket.js';
import { createTransport } from '../transport/create-transport.js';
import { deliver, received, type Transport, type TransportClose, type TransportSink } from '../transport/transport.js';
import {
  type BinaryType,
  type ConnectedSocket,
  type ReadyState,
  type SocketView,
  socketView,
  type WebSocketConstructorLike,
  type WebSocketData,
} from '../types.js';

/** What a {@link DirectSocket} tells the connection that owns it. */
export interface DirectSocketOwner {
  opened(socket: DirectSocket): void;
  received(data: unknown): void;
  /** The runtime's error event (the close follows), which rxjs's subject errors its subscribers with. */
  errored(event: unknown): void;
  /** `error`: the close error when the close was not clean. */
  closed(socket: DirectSocket, event: CloseEvent, error: WebSocketCloseError | undefined): void;
}

interface Listeners {
  readonly transmit: Set<(bytes: number) => void>;
  readonly data: Set<(data: unknown) => void>;
  readonly close: Set<() => void>;
}
type ListenerOf<K extends keyof Listeners> = Listeners[K] extends Set<infer L> ? L : never;

/** Frames from this size on are not worth corking: batching gains them nothing, and they would fill the turn. */
const CORK_BELOW = 16_384;

/**
 * The subject's own socket when nothing needs an {@link RxWebSocket}: the standard's state machine over a transport
 * (the same validation, the same close codes, the same runtime quirks met by the transport), with one owner instead
 * of events and Observables. It is what lets `webSocket()` cost what rxjs's costs, in bytes and in heap.
 */
export class DirectSocket implements ConnectedSocket, TransportSink {
  // Every field is private, so that the socket serializes as the standard's does (`{}`): an app's `JSON.stringify` of
  // a connection state, or Angular's `json` pipe, never walks into the runtime's socket.
  readonly #url: string;
  readonly #transport: Transport;
  #openEvent: Event | undefined;
  #owner: DirectSocketOwner | undefined;
  #state: ReadyState = CONNECTING;
  #binaryType: BinaryType;
  /** Set by `close()` while connecting: the connection failed, whatever the runtime reports. */
  #failed = false;
  #byClient = false;
  #errored = false;
  #cause: unknown;
  /** Bytes given to `send()` after closing: the standard counts them in `bufferedAmount`. */
  #bytesAfter = 0;
  #closeEvent: CloseEvent | undefined;
  /** The layers' listeners (the heartbeat, `bufferedAmount$()`), made with the first. */
  #listeners: Listeners | undefined;

  /**
   * @param url - the URL as the app gave it.
   * @param protocols - the subprotocols as the app gave them.
   * @param WebSocket - the implementation, or the global one.
   * @param binaryType - a checked `binaryType`; undefined for the standard's default.
   * @param owner - told of open, each message and the close.
   */
  constructor(
    url: string | URL,
    protocols: string | readonly string[] | undefined,
    WebSocket: WebSocketConstructorLike | undefined,
    binaryType: BinaryType | undefined,
    owner: DirectSocketOwner,
  ) {
    const args = socketArguments(url, protocols);
    const ws = openRuntimeSocket(args, WebSocket);
    this.#url = args.href;
    this.#owner = owner;
    this.#transport = createTransport(ws, this);
    this.#binaryType = applyBinaryType(this.#transport, binaryType);
    this.#transport.receive();
  }

  /** The connection's absolute URL, serialized as the standard says. */
  get url(): string {
    return this.#url;
  }

  /** @internal The runtime's socket, through its adapter. */
  get transport(): Transport {
    return this.#transport;
  }

  /** @internal The open event, once open, until the connection has told it. */
  get openEvent(): Event | undefined {
    return this.#openEvent;
  }
  set openEvent(event: Event | undefined) {
    this.#openEvent = event;
  }

  get readyState(): ReadyState {
    // A close frame from the server moves the runtime's socket to CLOSING before any event.
    return this.#state === OPEN && this.#transport.readyState === CLOSING ? CLOSING : this.#state;
  }

  get bufferedAmount(): number {
    return (this.#transport.bufferedAmount ?? 0) + this.#bytesAfter;
  }

  get protocol(): string {
    return this.#transport.protocol;
  }

  get extensions(): string {
    return this.#transport.extensions;
  }

  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  set binaryType(value: BinaryType) {
    if (value !== 'blob' && value !== 'arraybuffer') return;
    this.#transport.binaryType = value; // first: a runtime that refuses it leaves both as they were
    this.#binaryType = value;
  }

  send(data: WebSocketData): void {
    const state = this.readyState;
    if (state === CONNECTING) {
      throw domException('Cannot send while the socket is CONNECTING. Wait until it is open.', 'InvalidStateError');
    }
    const payload = toWebSocketData(data);
    if (state !== OPEN) {
      this.#bytesAfter += byteLengthOf(payload);
      return;
    }
    if ((typeof payload === 'string' ? payload.length : byteLengthOf(payload)) < CORK_BELOW) this.#transport.cork?.();
    this.#transport.send(payload);
    if (this.#listeners) for (const listener of this.#listeners.transmit) listener(byteLengthOf(payload));
  }

  close(code?: number, reason?: string): void {
    const args = parseCloseArguments(code, reason);
    const state = this.readyState;
    if (state === CLOSING || state === CLOSED) return;
    if (state === CONNECTING) this.#failed = true;
    this.#byClient = true;
    this.#state = CLOSING;
    this.#transport.close(args.code, args.reason);
  }

  /** @internal What the layers above need of this socket, in the shape every socket the library makes gives it. */
  [socketView](): SocketView {
    return {
      transport: this.#transport,
      closedByClient: this.#byClient,
      closeEvent: this.#closeEvent,
      onTransmit: (listener) => this.#listen('transmit', listener),
      onData: (listener) => this.#listen('data', listener),
      onClose: (listener) => {
        if (!this.#closeEvent) return this.#listen('close', listener);
        listener();
        return () => {};
      },
      closeError: () => new WebSocketCloseError(this.#closeEvent as CloseEvent, { cause: this.#cause }),
    };
  }

  /** Adds a layer's listener (the sets are made with the first, not for a view that is only read). */
  #listen<K extends keyof Listeners>(kind: K, listener: ListenerOf<K>): () => void {
    this.#listeners ??= { transmit: new Set(), data: new Set(), close: new Set() };
    const set = this.#listeners[kind] as Set<ListenerOf<K>>;
    set.add(listener);
    return () => set.delete(listener);
  }

  /**
   * @internal What the transport reports; each event is ignored once it can no longer apply.
   * @param type - the event.
   * @param detail - the cause or the close.
   * @param errorEvent - the runtime's error event.
   */
  [deliver](type: 'open' | 'error' | 'close', detail?: unknown, errorEvent?: unknown): void {
    if (type === 'open') {
      if (this.#state !== CONNECTING) {
        // Only a test double opens after close() while connecting: closed again, as rxjs's subject does.
        if (this.#failed && this.#state === CLOSING) this.#transport.close();
        return;
      }
      this.#transport.opened();
      this.#state = OPEN;
      // Its target is this socket, as the runtime's open event's is the runtime's socket (apps send from it).
      this.#openEvent = new ReplayedEvent('open', this as unknown as EventTarget);
      this.#owner?.opened(this);
    } else if (type === 'error') {
      const first = this.#state !== CLOSED && !this.#errored;
      this.#error(detail);
      if (first) this.#owner?.errored(errorEvent);
    } else this.#close(detail as TransportClose);
  }

  /**
   * @internal A message's payload; the standard drops those that arrive once `close()` was called. One before open
   * comes only from a test double, and is passed on, as rxjs's subject does.
   * @param data - text, a Blob or an ArrayBuffer.
   */
  [received](data: unknown): void {
    if (this.#state > OPEN) return;
    this.#owner?.received(data);
    if (this.#listeners) for (const listener of this.#listeners.data) listener(data);
  }

  #error(cause: unknown): void {
    if (this.#state === CLOSED || this.#errored) return;
    this.#errored = true;
    this.#cause = cause;
  }

  #close(underlying: TransportClose): void {
    if (this.#state === CLOSED) return;
    const failed = this.#failed || this.#state === CONNECTING;
    if (failed) this.#error(undefined);
    const event = standardCloseEvent(failed, underlying);
    this.#closeEvent = event;
    this.#transport.detach();
    this.#state = CLOSED;
    const owner = this.#owner;
    this.#owner = undefined;
    owner?.closed(this, event, event.wasClean ? undefined : new WebSocketCloseError(event, { cause: this.#cause }));
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners) for (const listener of listeners.close) listener();
  }
}
