import type { WebSocketLike } from '../types.js';
import type { Transport, TransportSink } from './transport.js';
import { isWs, WsTransport } from './ws.js';

/**
 * The Node transport, for a `ws` socket (TCP pause/resume, terminate, corked sends); undefined for any other socket.
 * Browser bundles get node-transport.browser.ts instead (package.json's `browser` field), so that none of this
 * reaches them.
 *
 * @param ws - the socket the runtime's constructor made.
 * @param sink - where the standard's events go.
 * @returns the transport, or undefined when `ws` is not a `ws` socket.
 */
export function nodeTransport(ws: WebSocketLike, sink: TransportSink): Transport | undefined {
  return isWs(ws) ? new WsTransport(ws, sink) : undefined;
}
