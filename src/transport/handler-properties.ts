import { CLOSED, CLOSING } from '../constants.js';
import { type RuntimeSocket, RuntimeTransport } from './runtime-transport.js';
import { ABNORMAL, deliver, received, type TransportClose, type TransportSink } from './transport.js';

type HandlerName = 'onopen' | 'onmessage' | 'onerror' | 'onclose';

/**
 * A socket driven only through its `on*` handler properties, as `rxjs/webSocket` drives its socket: hand-written
 * test doubles in apps are built that way. They may have no `addEventListener`, and call their handlers with plain
 * objects that have no `type`, or with nothing at all.
 */
export type HandlerPropertiesSocket = RuntimeSocket & {
  [K in HandlerName]?: ((event: unknown) => unknown) | null;
};

/**
 * The transport for sockets with only `on*` handler properties. Which event fired is told by the handler that was
 * called, never by `event.type`. Such a double often fires `onerror` without `onclose` afterwards, or keeps
 * reporting OPEN after an error: an error while it reports neither CLOSING nor CLOSED is followed here by the close
 * the standard requires, 1006 and not clean, so that streams end as they do with rxjs/webSocket. One that reports
 * CLOSED gets that close at the next microtask, unless its own came first (in the same call).
 */
export class HandlerPropertiesTransport extends RuntimeTransport<HandlerPropertiesSocket> {
  #receiving = false;

  /**
   * @param ws - the socket, just constructed.
   * @param sink - where the standard's events go.
   */
  constructor(ws: HandlerPropertiesSocket, sink: TransportSink) {
    super(ws, sink);
    ws.onopen = () => sink[deliver]('open');
    ws.onerror = (event) => {
      // The cause: an event's `error`, or what the double passed itself (rxjs/webSocket hands that to subscribers).
      sink[deliver]('error', (event as { error?: unknown } | null | undefined)?.error ?? event, event);
      const state = ws.readyState;
      if (state === CLOSED) queueMicrotask(() => sink[deliver]('close', ABNORMAL));
      else if (state !== CLOSING) sink[deliver]('close', ABNORMAL);
    };
    ws.onclose = (event) => sink[deliver]('close', (event ?? {}) as TransportClose);
  }

  receive(): void {
    if (this.#receiving) return;
    this.#receiving = true;
    const sink = this.sink;
    this.ws.onmessage = (event) => sink[received]((event as { data?: unknown } | null | undefined)?.data);
  }

  opened(): void {
    this.ws.onopen = null;
  }

  detach(): void {
    const ws = this.ws;
    ws.onopen = null;
    ws.onmessage = null;
    ws.onerror = null;
    ws.onclose = null;
  }
}
