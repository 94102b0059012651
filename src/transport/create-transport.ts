import type { WebSocketLike } from '../types.js';
import { type EventTargetSocket, EventTargetTransport } from './event-target.js';
import { type HandlerPropertiesSocket, HandlerPropertiesTransport } from './handler-properties.js';
import { serverTransport } from './server-transport.js';
import { capabilitiesOf, type Transport, type TransportCapabilities, type TransportSink } from './transport.js';

/**
 * The transport for a runtime's socket, by its shape: `ws`'s EventEmitter face, Deno's socket, an `EventTarget`
 * (browsers, undici, Bun, mock-socket, `FakeWebSocket`), or, without `addEventListener`, its `on*` handler
 * properties. A socket that declares capabilities (under {@link capabilitiesOf}, as `FakeWebSocket` does) has them
 * offered too, whichever transport it gets.
 *
 * @param ws - the socket the runtime's constructor made.
 * @param sink - where the standard's events go.
 * @returns the transport, already listening for `open`, `error` and `close`.
 */
export function createTransport(ws: WebSocketLike, sink: TransportSink): Transport {
  const transport =
    serverTransport(ws, sink) ??
    (typeof ws.addEventListener === 'function'
      ? new EventTargetTransport(ws as EventTargetSocket, sink)
      : new HandlerPropertiesTransport(ws as HandlerPropertiesSocket, sink));
  const declared = (ws as { [capabilitiesOf]?: () => TransportCapabilities })[capabilitiesOf];
  return typeof declared === 'function' ? Object.assign(transport, declared.call(ws)) : transport;
}
