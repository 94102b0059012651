import { WebSocketUnavailableError } from '../errors/websocket-unavailable-error.js';
import { parseProtocols } from '../internal/parse-protocols.js';
import { checkMixedContent, parseWebSocketUrl } from '../internal/parse-url.js';
import type { WebSocketConstructorLike, WebSocketLike } from '../types.js';

/** A runtime socket just constructed, and the standard's text of its URL. */
export interface RuntimeSocket {
  readonly ws: WebSocketLike;
  /** The URL as the standard serializes it (what `url` reads). */
  readonly href: string;
}

/**
 * Validates `url` and `protocols` as the standard's constructor does, then constructs the runtime's socket: what
 * `RxWebSocket` and the subject's own socket both do first.
 *
 * @param url - a `ws:`, `wss:`, `http:` or `https:` URL; relative URLs resolve against the page.
 * @param protocols - one subprotocol or a list of them.
 * @param Ctor - the implementation; the global `WebSocket` when undefined.
 * @returns the runtime's socket and the standard URL.
 * @throws {DOMException} `SyntaxError` or `SecurityError`, as the standard's constructor.
 * @throws {WebSocketUnavailableError} when there is no implementation.
 */
export function openRuntimeSocket(
  url: string | URL,
  protocols: string | readonly string[] | undefined,
  Ctor: WebSocketConstructorLike | undefined,
): RuntimeSocket {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  const page = typeof location?.href === 'string' ? location.href : undefined;
  const href = parseWebSocketUrl(url, page);
  checkMixedContent(href, page);
  const list = parseProtocols(protocols);
  const Runtime = Ctor ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (typeof Runtime !== 'function') throw new WebSocketUnavailableError();
  // As rxjs/webSocket does, the runtime gets the URL and the subprotocols as the app gave them (once valid): a test
  // double that checks its arguments sees what the app wrote. A relative or http(s) URL is given resolved, as a
  // runtime without a page could not resolve it.
  const given = typeof url === 'string' && /^wss?:\/\//i.test(url) ? url : href;
  const ws =
    list.length === 0 ? new Runtime(given) : new Runtime(given, typeof protocols === 'string' ? protocols : [...list]);
  return { ws, href };
}
