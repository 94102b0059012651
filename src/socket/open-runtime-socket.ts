import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { WebSocketUnavailableError } from '../errors/websocket-unavailable-error.js';
import { parseProtocols } from '../internal/parse-protocols.js';
import { checkMixedContent, parseWebSocketUrl } from '../internal/parse-url.js';
import type { Transport } from '../transport/transport.js';
import type { BinaryType, WebSocketConstructorLike, WebSocketLike } from '../types.js';

/** The constructor's arguments once valid: as the app gave them, and the URL as the standard serializes it. */
export interface SocketArguments {
  readonly url: string | URL;
  readonly protocols: string | readonly string[] | undefined;
  /** The URL as the standard serializes it (what `url` reads). */
  readonly href: string;
  readonly list: readonly string[];
}

/**
 * Validates `url` and `protocols` as the standard's constructor does, before anything else: what `RxWebSocket` and
 * the subject's own socket both do first.
 *
 * @param url - a `ws:`, `wss:`, `http:` or `https:` URL; relative URLs resolve against the page.
 * @param protocols - one subprotocol or a list of them.
 * @returns the arguments, checked.
 * @throws {DOMException} `SyntaxError` or `SecurityError`, as the standard's constructor.
 */
export function socketArguments(url: string | URL, protocols: string | readonly string[] | undefined): SocketArguments {
  const location = (globalThis as { location?: { href?: unknown } }).location;
  const page = typeof location?.href === 'string' ? location.href : undefined;
  const href = parseWebSocketUrl(url, page);
  checkMixedContent(href, page);
  return { url, protocols, href, list: parseProtocols(protocols) };
}

/**
 * Checks a `WebSocket` option that was given: a namespace import of `ws`, an instance or a misspelled value would
 * otherwise read as "no WebSocket at all".
 *
 * @param Ctor - what the app gave.
 * @param option - the option's name (`WebSocketCtor` on `webSocket()` when given under rxjs's name).
 * @throws {InvalidOptionError} for anything but a function, undefined or null.
 */
export function checkConstructor(Ctor: unknown, option = 'WebSocket'): void {
  // null is "not given", as rxjs reads its WebSocketCtor.
  if (Ctor != null && typeof Ctor !== 'function') {
    throw new InvalidOptionError(option, Ctor, "a WebSocket class, such as `import { WebSocket } from 'ws'`");
  }
}

/**
 * Constructs the runtime's socket from checked arguments.
 *
 * @param args - what {@link socketArguments} returned.
 * @param Ctor - the implementation; the global `WebSocket` when undefined.
 * @returns the runtime's socket.
 * @throws {WebSocketUnavailableError} when there is no implementation.
 * @throws {InvalidOptionError} when `Ctor` is given but is not a constructor.
 */
export function openRuntimeSocket(args: SocketArguments, Ctor: WebSocketConstructorLike | undefined): WebSocketLike {
  checkConstructor(Ctor);
  const Runtime = Ctor ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
  if (typeof Runtime !== 'function') throw new WebSocketUnavailableError();
  const { url, protocols, href, list } = args;
  // As rxjs/webSocket does, the runtime gets the URL and the subprotocols as the app gave them (once valid): a test
  // double that checks its arguments sees what the app wrote. A relative or http(s) URL is given resolved, as a
  // runtime without a page could not resolve it.
  const given = typeof url === 'string' && /^wss?:\/\//i.test(url) ? url : href;
  return list.length === 0
    ? new Runtime(given)
    : new Runtime(given, typeof protocols === 'string' ? protocols : [...list]);
}

/**
 * Sets the runtime socket's `binaryType`: the app's choice, or else the standard's default, `'blob'`. A runtime that
 * refuses the default keeps its own type when that is the standard's other one (the `websocket` package's
 * w3cwebsocket takes only `'arraybuffer'`); one that refuses the app's choice is closed, so that no socket is left
 * open, and an `InvalidOptionError` thrown with the runtime's error as its cause.
 *
 * @param transport - the runtime socket's transport, just made.
 * @param chosen - the app's `binaryType`, already checked; undefined when it chose none.
 * @returns the `binaryType` in force.
 */
export function applyBinaryType(transport: Transport, chosen: BinaryType | undefined): BinaryType {
  try {
    transport.binaryType = chosen ?? 'blob';
    return chosen ?? 'blob';
  } catch (error) {
    if (chosen || transport.binaryType !== 'arraybuffer') {
      transport.detach();
      transport.close();
      // Bad input, which no retry fixes: reconnect() stops at once. The runtime's own error is the cause.
      const invalid = new InvalidOptionError(
        'binaryType',
        chosen,
        'a binaryType this WebSocket implementation accepts',
      );
      invalid.cause = error;
      throw invalid;
    }
    return 'arraybuffer';
  }
}
