import type { WebSocketLike } from '../types.js';
import type { Transport, TransportSink } from './transport.js';

/**
 * What browser bundles get for node-transport.ts (package.json's `browser` field): no `ws` socket runs there.
 *
 * @param _ws - the socket the runtime's constructor made.
 * @param _sink - where the standard's events go.
 * @returns undefined: the socket's standard face is used.
 */
export function nodeTransport(_ws: WebSocketLike, _sink: TransportSink): Transport | undefined {
  return undefined;
}
