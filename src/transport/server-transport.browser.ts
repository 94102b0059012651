import type { WebSocketLike } from '../types.js';
import type { Transport, TransportSink } from './transport.js';

/**
 * What browser bundles get for server-transport.ts (package.json's `browser` field): no `ws` or Deno socket runs
 * there.
 *
 * @param _ws - the socket the runtime's constructor made.
 * @param _sink - where the standard's events go.
 * @returns undefined: the socket's standard face is used.
 */
export function serverTransport(_ws: WebSocketLike, _sink: TransportSink): Transport | undefined {
  return undefined;
}
