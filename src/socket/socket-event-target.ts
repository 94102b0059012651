import type { CloseEvent } from '../close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from '../constants.js';
import { HandlerSlots } from './handler-slots.js';
import type { Handler, RxWebSocketEventMap, RxWebSocketListener, RxWebSocketListenerOptions } from './types.js';

/**
 * The `EventTarget` face the standard gives a WebSocket: the four state constants (on the class and on each
 * instance), the `on*` handler properties, and `addEventListener` typed for `open`, `message`, `error` and `close`.
 * {@link RxWebSocket} extends it with the connection itself.
 */
export abstract class SocketEventTarget extends EventTarget {
  /** The connection is not yet open. */
  static readonly CONNECTING = CONNECTING;
  /** The connection is open and ready to communicate. */
  static readonly OPEN = OPEN;
  /** The closing handshake is in progress. */
  static readonly CLOSING = CLOSING;
  /** The connection is closed or could not be opened. */
  static readonly CLOSED = CLOSED;

  /** 0 */
  get CONNECTING(): 0 {
    return CONNECTING;
  }
  /** 1 */
  get OPEN(): 1 {
    return OPEN;
  }
  /** 2 */
  get CLOSING(): 2 {
    return CLOSING;
  }
  /** 3 */
  get CLOSED(): 3 {
    return CLOSED;
  }

  /** The `on*` handlers, made with the first one. */
  #handlers: HandlerSlots | undefined;

  /** Handler for `open`, as in the standard (kept in order with `addEventListener`). */
  get onopen(): Handler<Event> {
    return (this.#handlers?.get('open') ?? null) as Handler<Event>;
  }
  /** Sets the `open` handler; a non-function removes it. */
  set onopen(fn: Handler<Event>) {
    this.#slots().set('open', fn);
  }
  /** Handler for `message`. */
  get onmessage(): Handler<MessageEvent> {
    return (this.#handlers?.get('message') ?? null) as Handler<MessageEvent>;
  }
  /** Sets the `message` handler; a non-function removes it. */
  set onmessage(fn: Handler<MessageEvent>) {
    this.#slots().set('message', fn);
  }
  /** Handler for `error`. */
  get onerror(): Handler<Event> {
    return (this.#handlers?.get('error') ?? null) as Handler<Event>;
  }
  /** Sets the `error` handler; a non-function removes it. */
  set onerror(fn: Handler<Event>) {
    this.#slots().set('error', fn);
  }
  /** Handler for `close`. */
  get onclose(): Handler<CloseEvent> {
    return (this.#handlers?.get('close') ?? null) as Handler<CloseEvent>;
  }
  /** Sets the `close` handler; a non-function removes it. */
  set onclose(fn: Handler<CloseEvent>) {
    this.#slots().set('close', fn);
  }

  /**
   * Adds an event listener, as `EventTarget` does; typed for `open`, `message`, `error` and `close`.
   *
   * @param type - the event type.
   * @param listener - a function or `{ handleEvent }` object.
   * @param options - `once`, `signal`, `capture`, `passive`.
   */
  override addEventListener<K extends keyof RxWebSocketEventMap>(
    type: K,
    listener: RxWebSocketListener<RxWebSocketEventMap[K]> | null,
    options?: RxWebSocketListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: RxWebSocketListener | null,
    options?: RxWebSocketListenerOptions,
  ): void;
  override addEventListener(
    type: string,
    listener: RxWebSocketListener | null,
    options?: RxWebSocketListenerOptions,
  ): void {
    if (listener) this.listening(type);
    super.addEventListener(type, listener as Parameters<EventTarget['addEventListener']>[1], options);
  }

  /**
   * @internal
   * Called when a listener for `type` is added (before it is), so that a subclass can start what it needs.
   * @param type - the event type.
   */
  protected listening(type: string): void {
    void type;
  }

  #slots(): HandlerSlots {
    this.#handlers ??= new HandlerSlots(this);
    return this.#handlers;
  }
}
