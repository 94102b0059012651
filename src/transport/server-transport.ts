import type { WebSocketLike } from '../types.js';
import { DenoTransport, isDeno } from './deno.js';
import type { EventTargetSocket } from './event-target.js';
import { immediates } from './immediates.js';
import type { Transport, TransportSink } from './transport.js';
import { isWs, WsTransport } from './ws.js';

/**
 * The transports for server runtimes: a `ws` socket (TCP pause/resume, terminate, corked sends), and Deno's
 * `EventTarget` socket (its first messages wait for the end of the open's turn); undefined for any other socket.
 * Browser bundles get server-transport.browser.ts instead (package.json's `browser` field), so that none of this
 * reaches them.
 *
 * @param ws - the socket the runtime's constructor made.
 * @param sink - where the standard's events go.
 * @returns the transport, or undefined when the socket's standard face serves.
 */
export function serverTransport(ws: WebSocketLike, sink: TransportSink): Transport | undefined {
  if (isWs(ws)) return new WsTransport(ws, sink);
  const timers = isDeno() && typeof ws.addEventListener === 'function' ? immediates() : undefined;
  return timers ? new DenoTransport(ws as EventTargetSocket, sink, timers) : undefined;
}
