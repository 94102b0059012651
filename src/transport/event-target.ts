import { CLOSED, CONNECTING } from '../constants.js';
import type { WebSocketLike } from '../types.js';

/** A socket that is an `EventTarget`. */
export type EventTargetSocket = WebSocketLike &
  Required<Pick<WebSocketLike, 'addEventListener' | 'removeEventListener'>>;

import { RuntimeTransport } from './runtime-transport.js';
import { ABNORMAL, deliver, received, type TransportClose, type TransportSink } from './transport.js';

/**
 * The transport for sockets that are `EventTarget`s with the standard's events: browsers, undici 7, mock-socket and
 * `FakeWebSocket`. Two runtime quirks are met here, so that the socket above sees the standard's sequence:
 *
 * - **Events inside `close()`.** undici fires `error` and `close` synchronously inside `close()` while connecting;
 *   the standard queues them as tasks. Events that arrive during the call are delivered after it returns.
 * - **An error without a close.** Node's own global `WebSocket` (undici 6: the global of Node 22, and of Node 20
 *   behind `--experimental-websocket`) fires `error` for a refused connection and stays CONNECTING; when `close()`
 *   is called while connecting it fires `error` inside the call and moves to CLOSING. It never fires `close` in
 *   either case. Every standard runtime reports CLOSED by the time it fires `error`; an `error` that fires while the
 *   runtime still reports CONNECTING is followed here by the close it will never send: 1006, not clean.
 * - **An error after CLOSED, without a close.** mock-socket's `server.simulate('error')` moves its sockets to CLOSED
 *   and fires `error` alone; rxjs/webSocket errors its subscribers there, and a test written for it waits for that.
 *   When no close has followed by the next microtask, the 1006 the standard would have sent is.
 */
export class EventTargetTransport extends RuntimeTransport<EventTargetSocket> {
  /** The one listener for `open`, `error` and `close`, bound once: no closure context per socket. */
  readonly #onEvent: (event: unknown) => void = this.#event.bind(this);
  #onMessage: ((event: unknown) => void) | undefined;
  /** Set while the runtime's close() runs: events it fires synchronously wait here. */
  #deferred: Array<() => void> | undefined;

  /**
   * @param ws - the runtime's socket, just constructed.
   * @param sink - where the standard's events go.
   */
  constructor(ws: EventTargetSocket, sink: TransportSink) {
    super(ws, sink);
    ws.addEventListener('open', this.#onEvent);
    ws.addEventListener('error', this.#onEvent);
    ws.addEventListener('close', this.#onEvent);
  }

  override close(code?: number, reason?: string): void {
    const deferred: Array<() => void> = [];
    this.#deferred = deferred;
    try {
      super.close(code, reason);
    } finally {
      this.#deferred = undefined;
      if (deferred.length > 0) {
        queueMicrotask(() => {
          for (const deliver of deferred) deliver();
        });
      }
    }
  }

  receive(): void {
    if (this.#onMessage) return;
    const sink = this.sink;
    this.#onMessage = (event) => sink[received]((event as { data: unknown }).data);
    this.ws.addEventListener('message', this.#onMessage);
  }

  opened(): void {
    this.ws.removeEventListener('open', this.#onEvent);
  }

  detach(): void {
    const ws = this.ws;
    ws.removeEventListener('open', this.#onEvent);
    ws.removeEventListener('error', this.#onEvent);
    ws.removeEventListener('close', this.#onEvent);
    if (this.#onMessage) ws.removeEventListener('message', this.#onMessage);
  }

  /** `state`: the runtime's ready state when the event fired (a deferred event is delivered after it changed). */
  #event(event: unknown, state = this.ws.readyState): void {
    const deferred = this.#deferred;
    if (deferred) {
      deferred.push(() => this.#event(event, state));
      return;
    }
    const type = (event as { type?: unknown } | undefined)?.type;
    if (type === 'open') this.sink[deliver]('open');
    else if (type === 'close') this.sink[deliver]('close', event as TransportClose);
    else {
      // Node's runtimes put the cause in `error`; a test double may dispatch an Error itself.
      const cause = (event as { error?: unknown } | undefined)?.error ?? (event instanceof Error ? event : undefined);
      this.sink[deliver]('error', cause, event);
      if (state === CONNECTING) this.sink[deliver]('close', ABNORMAL);
      // A runtime's own error (trusted, in browsers) is followed by its close in the same task, and one a script
      // dispatches by its close in the same call, if at all: mock-socket's simulate('error') reports CLOSED and never
      // sends one. Whatever close came first wins; the sink ignores the second.
      else if (state === CLOSED && !(event as Partial<Event>).isTrusted) {
        queueMicrotask(() => this.sink[deliver]('close', ABNORMAL));
      }
    }
  }
}
