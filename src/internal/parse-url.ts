import { domException } from './dom-exception.js';
import { redactUrl } from './redact-url.js';

/**
 * The standard's URL steps for `new WebSocket(url)`: parse against `base`, map `http:`/`https:`
 * to `ws:`/`wss:`, reject other schemes and any fragment with a `SyntaxError` DOMException.
 *
 * @returns the serialized absolute URL.
 */
export function parseWebSocketUrl(input: unknown, base: string | undefined): string {
  const text = `${input as string}`;
  let url: URL;
  try {
    url = base === undefined ? new URL(text) : new URL(text, base);
  } catch {
    // With a scheme it is meant absolute: what is wrong is then its host or port, not that it is relative.
    const hint = /^[a-z][a-z\d+.-]*:\/\//i.test(text)
      ? 'Check its host and port'
      : `Pass an absolute URL such as 'wss://example.com/socket'${
          base === undefined ? ' (relative URLs need a page to resolve against)' : ''
        }`;
    throw domException(`The URL '${redactUrl(text)}' is invalid. ${hint}.`, 'SyntaxError');
  }
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw domException(
      `The URL's scheme must be 'ws', 'wss', 'http' or 'https'; '${url.protocol.slice(0, -1)}' is not allowed.`,
      'SyntaxError',
    );
  }
  // An empty fragment ('ws://host/#') serializes with '#', so the href tells it apart from none.
  if (url.href.includes('#')) {
    throw domException(
      `The URL '${redactUrl(url.href)}' contains a fragment ('#…'), which WebSocket URLs must not have. Remove it.`,
      'SyntaxError',
    );
  }
  return url.href;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Mixed content: a page served over https may not open an unencrypted `ws:` connection (loopback hosts
 * excepted, as browsers allow). Throws the `SecurityError` DOMException browsers throw, with the fix, on
 * every runtime that has a page location.
 */
export function checkMixedContent(url: string, pageUrl: string | undefined): void {
  if (pageUrl === undefined || !pageUrl.startsWith('https:') || !url.startsWith('ws:')) return;
  const host = new URL(url).hostname;
  if (LOOPBACK.has(host) || host.endsWith('.localhost')) return;
  throw domException(
    `This page is served over https, so it may not open the unencrypted WebSocket '${redactUrl(url)}'. Use a wss: URL.`,
    'SecurityError',
  );
}
