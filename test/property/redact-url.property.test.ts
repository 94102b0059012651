// Property tests (fast-check): a URL's secrets (user info, token-like query and fragment values) never appear in
// an error, its cause or a state$ value, whether the URL parses or not, through every API that takes a URL.
import fc from 'fast-check';
import { type ConnectionState, fromWebSocket, RxWebSocket, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../src/internal/redact-url.js';
import { connection } from '../helpers/connection.js';

/**
 * A secret no other text contains: a marker, then characters it may hold as the app writes it. In user info, a raw
 * '/', '?', '#' or '@' would end it (the app must percent-encode them); in a query value, a raw '#' or '&'.
 */
const secretOf = (alphabet: string) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength: 4, maxLength: 12 }).map((tail) => `Zq9${tail}`);
const userSecret = secretOf('abcXYZ0189-_.~!$*+:%é');
const secret = secretOf('abcXYZ0189-_.~!$*+/?@:%é');
const SECRET_KEYS = ['token', 'access_token', 'Access-Token', 'api_key', 'X-Api-Key', 'password', 'auth', 'jwt'];
const secretKey = fc.constantFrom(...SECRET_KEYS, 'sig', 'session', 'key', 'code', 'id_token');

interface Shaped {
  url: string;
  secrets: string[];
}
/** URLs that parse, and URLs that do not (bad port, bad host, no scheme, bad scheme), each with its secrets. */
const shapedUrl: fc.Arbitrary<Shaped> = fc
  .record({
    scheme: fc.constantFrom('ws://', 'wss://', 'http://', 'https://', 'ftp://', ''),
    user: fc.option(userSecret),
    password: fc.option(userSecret),
    host: fc.constantFrom('example.com', 'exa mple.com', '[::1', '127.0.0.1'),
    port: fc.constantFrom('', ':8080', ':99999', ':x'),
    key: secretKey,
    token: secret,
    fragment: fc.option(secret),
  })
  .map(({ scheme, user, password, host, port, key, token, fragment }) => {
    const userInfo = user === null ? '' : `${user}${password === null ? '' : `:${password}`}@`;
    const url = `${scheme}${userInfo}${host}${port}/socket?room=1&${key}=${token}${fragment === null ? '' : `#access_token=${fragment}`}`;
    return { url, secrets: [user, password, token, fragment].filter((s): s is string => s !== null) };
  });

/** Every text an error carries: name, message, own properties and its causes, as a user logging it would see them. */
function texts(value: unknown, seen = new Set<unknown>()): string[] {
  if (value === null || value === undefined || seen.has(value)) return [];
  seen.add(value);
  if (typeof value !== 'object') return [String(value)];
  const error = value as { name?: unknown; message?: unknown; cause?: unknown };
  return [String(error.name), String(error.message), JSON.stringify(value) ?? ''].concat(texts(error.cause, seen));
}
/** The parts of a secret long enough to give it away (a '/', '?' or ':' may split it in the parsed URL). */
const shown = (all: string[], secrets: string[]) =>
  secrets.flatMap((s) => s.split(/[/?#@:%]/).filter((part) => part.length >= 4 && all.some((t) => t.includes(part))));

describe('secrets in URLs', () => {
  it('redactUrl() hides user info and token-like values of any URL, parsed or not', () => {
    fc.assert(
      fc.property(shapedUrl, ({ url, secrets }) => {
        const redacted = redactUrl(url);
        expect(shown([redacted], secrets)).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('no error, cause or state$ value of RxWebSocket, fromWebSocket(), connection() or webSocket() shows them', () => {
    fc.assert(
      fc.property(shapedUrl, ({ url, secrets }) => {
        const fake = fakeWebSocket();
        const seen: string[] = [];
        const record = (value: unknown) => seen.push(...texts(value));
        try {
          new RxWebSocket(url, [], { WebSocket: fake.WebSocket }).close();
        } catch (error) {
          record(error);
        }
        fromWebSocket({ url, WebSocket: fake.WebSocket }).subscribe({ error: record }).unsubscribe();
        const live = connection({ url, WebSocket: fake.WebSocket, environment: null, maxAttempts: 0 });
        const states: ConnectionState[] = [];
        const watching = live.state$.subscribe((state) => states.push(state));
        live.data$.subscribe({ error: record }).unsubscribe();
        watching.unsubscribe();
        for (const state of states) {
          record('error' in state ? state.error : undefined);
          record('reason' in state ? state.reason : undefined);
        }
        const subject = webSocket({ url, WebSocketCtor: fake.WebSocket });
        subject.subscribe({ error: record }).unsubscribe();
        expect(shown(seen, secrets)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('the members of the class, one by one', () => {
    const cases: Array<[string, string[]]> = [
      ['ws://Zq9ada:Zq9hunter@example.com:99999/', ['Zq9ada', 'Zq9hunter']], // the port is out of range
      ['ws://Zq9ada:Zq9hun/Zq9ter@example.com/', ['Zq9ada', 'Zq9hun', 'Zq9ter']], // a raw '/': no longer parses
      ['ws://Zq9ada:Zq9hun?Zq9ter@exa mple.com/', ['Zq9ada', 'Zq9hun', 'Zq9ter']],
      ['Zq9ada:Zq9hunter@example.com', ['Zq9ada', 'Zq9hunter']], // no scheme: 'Zq9ada:' parses as one
      ['ws://exa mple.com/?access_token=Zq9token', ['Zq9token']],
      ['ws://example.com/#access_token=Zq9token', ['Zq9token']], // the fragment error
      ['ftp://example.com/?X-Api-Key=Zq9key', ['Zq9key']], // the scheme error
    ];
    for (const [url, secrets] of cases) {
      let error: unknown;
      try {
        new RxWebSocket(url, [], { WebSocket: fakeWebSocket().WebSocket });
      } catch (e) {
        error = e;
      }
      expect(error, url).toMatchObject({ name: 'SyntaxError' });
      const all = texts(error);
      expect(
        secrets.filter((s) => all.some((t) => t.includes(s))),
        url,
      ).toEqual([]);
    }
  });
});
