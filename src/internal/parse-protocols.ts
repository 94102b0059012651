import { domException } from './dom-exception.js';

// RFC 7230 token characters, which RFC 6455 requires of every subprotocol name.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** What a plain object converts to. */
const OBJECT = '[object Object]';

/**
 * The standard's subprotocol steps: WebIDL's `(DOMString or sequence<DOMString>)` conversion, then
 * a `SyntaxError` DOMException for a malformed or repeated name.
 */
export function parseProtocols(protocols: unknown): string[] {
  if (protocols === undefined) return [];
  const list =
    typeof protocols === 'object' && protocols !== null && Symbol.iterator in protocols
      ? Array.from(protocols as Iterable<unknown>, (p) => `${p as string}`)
      : [`${protocols as string}`];
  const seen = new Set<string>();
  for (const protocol of list) {
    if (!TOKEN.test(protocol)) {
      // An object where subprotocols go is most often options given second, as ws's constructor takes them.
      const hint = list[0] === OBJECT ? ' Options go third.' : '';
      throw domException(
        `The subprotocol '${protocol.slice(0, 64)}' is invalid: a subprotocol is a non-empty name made of ASCII letters, digits and !#$%&'*+-.^_\`|~, with no spaces or commas.${hint}`,
        'SyntaxError',
      );
    }
    if (seen.has(protocol)) {
      throw domException(
        `The subprotocol '${protocol.slice(0, 64)}' is given more than once. List each subprotocol once.`,
        'SyntaxError',
      );
    }
    seen.add(protocol);
  }
  return list;
}
