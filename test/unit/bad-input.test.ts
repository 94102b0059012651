// Every public option of every function, given bad values in one table: each call throws a typed error
// that names the option and the value, and nothing was created, sent or changed. Then the standard's own
// errors (URL, subprotocols, close code and reason) and unserializable payloads.

import {
  bufferedAmount$,
  closeGracefully,
  encodeJson,
  exponentialBackoff,
  fromWebSocket,
  heartbeat,
  InvalidOptionError,
  json,
  RxWebSocket,
  receive,
  reconnect,
  requests,
  SerializationError,
  sendQueue,
  sendStream,
  webSocket,
  whenDrained,
} from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { of } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { connection } from '../helpers/connection.js';

function openSocket() {
  const fake = fakeWebSocket();
  const socket = new RxWebSocket('ws://test.local/', [], { WebSocket: fake.WebSocket });
  fake.last.open();
  return { socket, fake };
}

/** A runtime's own socket, such as a `ws` one: it has the standard's interface, and nothing of the library's. */
const RAW_SOCKET = { readyState: 1, bufferedAmount: 0, send() {}, close() {} };

const BAD_DELAYS = [-1, Number.NaN, Number.POSITIVE_INFINITY, '10'];
const BAD_COUNTS = [-1, 1.5, Number.NaN, '3'];
type Row = [option: string, value: unknown, call: (value: unknown) => unknown];

/** Rows for each bad value of a numeric option. */
const each = (option: string, values: unknown[], call: (value: unknown) => unknown): Row[] =>
  values.map((value) => [option, value, call]);

const rows: Array<[fn: string, ...Row]> = [
  // new RxWebSocket(url, protocols, options) and fromWebSocket(options)
  ...each('binaryType', ['nodebuffer', 1], (v) => new RxWebSocket('ws://x', [], { binaryType: v as never })).map(
    (r) => ['RxWebSocket', ...r] as [string, ...Row],
  ),
  ['RxWebSocket', 'coalesceSends', 'yes', (v) => new RxWebSocket('ws://x', [], { coalesceSends: v as never })],
  // queue takes what sendQueue() returns: options given as they are name the fix
  ['RxWebSocket', 'queue', 5, (v) => new RxWebSocket('ws://x', [], { queue: v as never })],
  ['RxWebSocket', 'queue', { maxMessages: 10 }, (v) => new RxWebSocket('ws://x', [], { queue: v as never })],
  // a queue that lives within one connection has no ttl
  ['RxWebSocket', 'ttl', 1000, (v) => new RxWebSocket('ws://x', [], { queue: sendQueue({ ttl: v as never }) })],
  ['connect', 'binaryType', 'text', (v) => fromWebSocket({ url: 'ws://x', binaryType: v as never })],
  ['connect', 'coalesceSends', 1, (v) => fromWebSocket({ url: 'ws://x', coalesceSends: v as never })],
  ['connect', 'queue', { maxMessages: -1 }, (v) => fromWebSocket({ url: 'ws://x', queue: v as never })],

  // sendQueue(options)
  ...each('maxMessages', BAD_COUNTS, (v) => sendQueue({ maxMessages: v as never })).map(
    (r) => ['sendQueue', ...r] as [string, ...Row],
  ),
  ...each('maxBytes', [-1, Number.NaN, 'big'], (v) => sendQueue({ maxBytes: v as never })).map(
    (r) => ['sendQueue', ...r] as [string, ...Row],
  ),
  ['sendQueue', 'overflow', 'drop', (v) => sendQueue({ overflow: v as never })],
  ...each('ttl', [0, -5, Number.NaN, 'soon'], (v) => sendQueue({ ttl: v as never })).map(
    (r) => ['sendQueue', ...r] as [string, ...Row],
  ),
  ['connection', 'binaryType', 'text', (v) => connection({ url: 'ws://x', binaryType: v as never })],

  // exponentialBackoff(options)
  ...(['initialDelay', 'maxDelay'] as const).flatMap((option) =>
    each(option, BAD_DELAYS, (v) => exponentialBackoff({ [option]: v as never })).map(
      (r) => ['exponentialBackoff', ...r] as [string, ...Row],
    ),
  ),
  ['exponentialBackoff', 'factor', 0.5, (v) => exponentialBackoff({ factor: v as never })],
  ['exponentialBackoff', 'jitter', 1.5, (v) => exponentialBackoff({ jitter: v as never })],
  ['exponentialBackoff', 'jitter', -0.1, (v) => exponentialBackoff({ jitter: v as never })],
  ['exponentialBackoff', 'initialDelay', 5000, (v) => exponentialBackoff({ initialDelay: v as never, maxDelay: 1000 })],

  // reconnect(options), also through connection(options)
  ...each('maxAttempts', BAD_COUNTS, (v) => reconnect({ maxAttempts: v as never })).map(
    (r) => ['reconnect', ...r] as [string, ...Row],
  ),
  ...(['minUptime', 'connectionTimeout'] as const).flatMap((option) =>
    each(option, [-1, Number.NaN, 'soon'], (v) => reconnect({ [option]: v as never })).map(
      (r) => ['reconnect', ...r] as [string, ...Row],
    ),
  ),
  ...(['backoff', 'shouldReconnect', 'random', 'onState'] as const).map(
    (option) => ['reconnect', option, 42, (v: unknown) => reconnect({ [option]: v as never })] as [string, ...Row],
  ),
  ...(['interval', 'timeout'] as const).flatMap((option) =>
    each(`heartbeat.${option}`, [0, -1, Number.NaN, Number.POSITIVE_INFINITY], (v) =>
      reconnect({ heartbeat: { interval: 10, timeout: 10, ping: 'p', isPong: () => true, [option]: v as never } }),
    ).map((r) => ['reconnect', ...r] as [string, ...Row]),
  ),
  [
    'reconnect',
    'heartbeat.isPong',
    'pong',
    (v) => reconnect({ heartbeat: { interval: 1, timeout: 1, ping: 'p', isPong: v as never } }),
  ],
  [
    'reconnect',
    'heartbeat.ping',
    null,
    (v) => reconnect({ heartbeat: { interval: 1, timeout: 1, ping: v as never, isPong: () => true } }),
  ],
  ['connection', 'onOpen', 'hello', (v) => connection({ url: 'ws://x', onOpen: v as never })],
  ['connection', 'maxAttempts', -1, (v) => connection({ url: 'ws://x', maxAttempts: v as never })],
  ['connection', 'queue', { maxMessages: 5 }, (v) => connection({ url: 'ws://x', queue: v as never })],

  // json(schema?, options)
  ...(['maxBytes', 'maxDepth'] as const).flatMap((option) =>
    each(option, BAD_COUNTS, (v) => json({ [option]: v as never })).map((r) => ['json', ...r] as [string, ...Row]),
  ),
  ['json', 'binary', 'text', (v) => json({ binary: v as never })],
  ['json', 'parse', 'JSON', (v) => json({ parse: v as never })],
  ['json', 'onInvalid', 'ignore', (v) => json({ onInvalid: v as never })],
  ['json', 'onInvalid.close', {}, (v) => json({ onInvalid: { close: v as never, code: 4000 } })],
  ['json', 'report', 'console', (v) => json({ report: v as never })],

  // functions that take a socket: one the library made, not a runtime's own
  ['bufferedAmount$', 'socket', RAW_SOCKET, (v) => bufferedAmount$(v as never)],
  ['whenDrained', 'socket', RAW_SOCKET, (v) => whenDrained(v as never)],
  [
    'heartbeat',
    'socket',
    RAW_SOCKET,
    (v) => heartbeat(v as never, { interval: 1, timeout: 1, ping: 'p', isPong: () => true }),
  ],

  // backpressure
  ...(['minInterval', 'maxInterval'] as const).flatMap((option) =>
    each(option, [0, -1, Number.NaN, Number.POSITIVE_INFINITY], (v) =>
      bufferedAmount$(openSocket().socket, { [option]: v as never }).subscribe(),
    ).map((r) => ['bufferedAmount$', ...r] as [string, ...Row]),
  ),
  [
    'bufferedAmount$',
    'maxInterval',
    5,
    (v) => bufferedAmount$(openSocket().socket, { minInterval: 10, maxInterval: v as never }),
  ],
  ['bufferedAmount$', 'fallbackRate', 0, (v) => bufferedAmount$(openSocket().socket, { fallbackRate: v as never })],
  ...each('lowWaterMark', [-1, Number.NaN, Number.POSITIVE_INFINITY], (v) =>
    whenDrained(openSocket().socket, v as never),
  ).map((r) => ['whenDrained', ...r] as [string, ...Row]),
  ...(['highWaterMark', 'lowWaterMark'] as const).flatMap((option) =>
    each(option, [-1, Number.NaN, Number.POSITIVE_INFINITY], (v) =>
      sendStream(openSocket().socket, of('x'), { [option]: v as never }),
    ).map((r) => ['sendStream', ...r] as [string, ...Row]),
  ),
  [
    'sendStream',
    'lowWaterMark',
    100,
    (v) => sendStream(openSocket().socket, of('x'), { highWaterMark: 100, lowWaterMark: v as never }),
  ],
  [
    'sendStream',
    'lowWaterMark',
    200,
    (v) => sendStream(openSocket().socket, of('x'), { highWaterMark: 100, lowWaterMark: v as never }),
  ],
  [
    'receive',
    'lowWaterMark',
    100,
    (v) => receive(openSocket().socket, { highWaterMark: 100, lowWaterMark: v as never }),
  ],
  ['receive', 'overflow', 'drop', (v) => receive(openSocket().socket, { overflow: v as never })],
  ...each('timeout', [-1, Number.NaN, 'later'], (v) =>
    closeGracefully(openSocket().socket, { timeout: v as never }),
  ).map((r) => ['closeGracefully', ...r] as [string, ...Row]),
  ...(['interval', 'timeout'] as const).flatMap((option) =>
    each(option, [0, Number.NaN], (v) =>
      heartbeat(openSocket().socket, {
        interval: 10,
        timeout: 10,
        ping: 'p',
        isPong: () => true,
        [option]: v as never,
      }),
    ).map((r) => ['heartbeat', ...r] as [string, ...Row]),
  ),

  // webSocket(config) and request()
  // a forgotten or misspelled url (`uri`) is a missing option, at the call, not the URL 'undefined' at subscribe
  ['webSocket', 'url', undefined, (v) => webSocket({ url: v as never, uri: 'ws://x' } as never)],
  ['fromWebSocket', 'url', undefined, (v) => fromWebSocket({ url: v as never })],
  ['connection', 'url', undefined, (v) => connection({ url: v as never })],
  // a port number or null for the url: said at the call, not as the URL '8080' at subscribe
  ...[8080, null, true].flatMap(
    (bad): Array<[string, ...Row]> => [
      ['webSocket', 'url', bad, (v: unknown) => webSocket(v as never)],
      ['webSocket', 'url', bad, (v: unknown) => webSocket({ url: v as never })],
      ['fromWebSocket', 'url', bad, (v: unknown) => fromWebSocket({ url: v as never })],
      ['connection', 'url', bad, (v: unknown) => connection({ url: v as never })],
    ],
  ),
  // a schema that is not a Standard Schema (an old zod, a hand-made { parse }) would fail every message
  ...[{ parse: () => 1 }, { '~standard': {} }, 'schema'].map(
    (bad) =>
      ['webSocket', 'schema', bad, (v: unknown) => webSocket({ url: 'ws://x', schema: v as never })] as [
        string,
        ...Row,
      ],
  ),
  ...[{ '~standard': { version: 1 } }, 'schema', null, () => true].map(
    (bad) => ['json', 'schema', bad, (v: unknown) => json(v as never)] as [string, ...Row],
  ),
  ['webSocket', 'binaryType', 'text', (v) => webSocket({ url: 'ws://x', binaryType: v as never })],
  ['webSocket', 'maxBytes', -1, (v) => webSocket({ url: 'ws://x', maxBytes: v as never })],
  ['webSocket', 'queue', { overflow: 'drop-oldest' }, (v) => webSocket({ url: 'ws://x', queue: v as never })],
  ['webSocket', 'onInvalid', 'ignore', (v) => webSocket({ url: 'ws://x', onInvalid: v as never })],
  // reconnect takes the operator reconnect() returns: options given as they are name the fix
  ['webSocket', 'reconnect', { maxDelay: 1000 }, (v) => webSocket({ url: 'ws://x', reconnect: v as never })],
  ['webSocket', 'reconnect', true, (v) => webSocket({ url: 'ws://x', reconnect: v as never })],
  // keys that moved are refused rather than ignored (plain JavaScript has no type check to say so)
  ['webSocket', 'heartbeat', { interval: 1 }, (v) => webSocket({ url: 'ws://x', heartbeat: v } as never)],
  ['webSocket', 'idGenerator', () => 1, (v) => webSocket({ url: 'ws://x', idGenerator: v } as never)],
  // requests takes the layer requests() returns
  ['webSocket', 'requests', { timeout: 1000 }, (v) => webSocket({ url: 'ws://x', requests: v as never })],
  ['requests', 'idGenerator', 7, (v) => requests({ idGenerator: v as never })],
  ['requests', 'timeout', 0, (v) => requests({ timeout: v as never })],
  ['requests', 'onDisconnect', 'ignore', (v) => requests({ onDisconnect: v as never })],
  // ours and rxjs's name for one option: one of the two
  ['webSocket', 'protocol', 'b', (v) => webSocket({ url: 'ws://x', protocols: 'a', protocol: v as never })],
  [
    'webSocket',
    'WebSocketCtor',
    fakeWebSocket().WebSocket,
    (v) => webSocket({ url: 'ws://x', WebSocket: fakeWebSocket().WebSocket, WebSocketCtor: v as never }),
  ],
  // request() needs the layer requests() returns: a subject made without it names the option it misses
  ['request', 'requests', undefined, () => webSocket<{ id: number }>({ url: 'ws://x' }).request({ id: 0 })],
  [
    'request',
    'timeout',
    -1,
    (v) =>
      webSocket<{ id: number }>({ url: 'ws://x', requests: requests() }).request({ id: 0 }, { timeout: v as never }),
  ],
  [
    'request',
    'onDisconnect',
    'ignore',
    (v) =>
      webSocket<{ id: number }>({ url: 'ws://x', requests: requests() }).request(
        { id: 0 },
        { onDisconnect: v as never },
      ),
  ],
];

describe('bad options: InvalidOptionError naming the option and the value, nothing created', () => {
  it.each(rows)('%s: %s = %o', (_fn, option, value, call) => {
    const sockets = fakeWebSocket();
    // Any socket a call creates would come from the global constructor: count them.
    const previous = (globalThis as { WebSocket?: unknown }).WebSocket;
    (globalThis as { WebSocket?: unknown }).WebSocket = sockets.WebSocket;
    let thrown: unknown;
    try {
      call(value);
    } catch (error) {
      thrown = error;
    } finally {
      (globalThis as { WebSocket?: unknown }).WebSocket = previous;
    }
    expect(thrown).toBeInstanceOf(InvalidOptionError);
    const error = thrown as InvalidOptionError;
    expect(error.option).toBe(option);
    expect(Object.is(error.value, value)).toBe(true);
    expect(error.message).toContain(option);
    expect(
      error.message.startsWith(value === undefined ? `Missing option ${option}. ` : `Invalid option ${option}: `),
    ).toBe(true);
    expect(sockets.sockets).toHaveLength(0);
  });
});

describe("an option that takes a layer names the function whose value it takes, and that function's import", () => {
  // What brings a layer's code into a bundle is its import: the message says which function to import and call.
  it.each([
    ['reconnect', 'reconnect', () => webSocket({ url: 'ws://x', reconnect: true as never })],
    ['backpressure', 'backpressure', () => webSocket({ url: 'ws://x', backpressure: {} as never })],
    ['delivery', 'delivery', () => webSocket({ url: 'ws://x', delivery: {} as never })],
    ['requests', 'requests', () => webSocket({ url: 'ws://x', requests: {} as never })],
    ['requests', 'requests', () => webSocket<{ id: number }>({ url: 'ws://x' }).request({ id: 0 })],
    ['queue', 'sendQueue', () => webSocket({ url: 'ws://x', queue: {} as never })],
    ['queue', 'sendQueue', () => new RxWebSocket('ws://x', [], { queue: {} as never })],
  ])('%s: %s()', (option, fn, call) => {
    const fake = fakeWebSocket();
    vi.stubGlobal('WebSocket', fake.WebSocket);
    try {
      expect(call).toThrow(
        expect.objectContaining({
          option,
          message: expect.stringContaining(
            `Expected the value ${fn}() returns, with ${fn} imported from 'rx-websocket'.`,
          ),
        }),
      );
    } finally {
      vi.unstubAllGlobals();
    }
    expect(fake.sockets).toHaveLength(0);
  });
});

describe('the standard errors, before anything is touched', () => {
  it.each([
    ['ftp://x', undefined, 'SyntaxError'],
    ['not a url', undefined, 'SyntaxError'],
    ['ws://x/#frag', undefined, 'SyntaxError'],
    ['ws://x', ['a', 'a'], 'SyntaxError'],
    ['ws://x', 'has space', 'SyntaxError'],
    ['ws://x', ['ok', 'bad,comma'], 'SyntaxError'],
    ['ws://x', [''], 'SyntaxError'],
  ])('new RxWebSocket(%j, %j) throws %s', (url, protocols, name) => {
    const fake = fakeWebSocket();
    expect(() => new RxWebSocket(url, protocols, { WebSocket: fake.WebSocket })).toThrow(
      expect.objectContaining({ name }),
    );
    expect(fake.sockets).toHaveLength(0);
  });

  it.each([
    [999, undefined, 'InvalidAccessError'],
    [1001, undefined, 'InvalidAccessError'],
    [2999, undefined, 'InvalidAccessError'],
    [5000, undefined, 'InvalidAccessError'],
    [1000, 'x'.repeat(124), 'SyntaxError'],
    [4000, 'é'.repeat(62), 'SyntaxError'],
  ])('close(%j, reason) throws %s and the socket stays open', (code, reason, name) => {
    const { socket, fake } = openSocket();
    expect(() => socket.close(code, reason)).toThrow(expect.objectContaining({ name }));
    expect(socket.readyState).toBe(RxWebSocket.OPEN);
    expect(fake.last.closeCalls).toEqual([]);
  });

  it('send() while CONNECTING throws InvalidStateError and queues nothing', () => {
    const fake = fakeWebSocket();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
    expect(() => socket.send('early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
    fake.last.open();
    expect(fake.last.sent).toEqual([]);
  });
});

describe('unserializable payloads: SerializationError with the path, nothing sent', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  it.each([
    ['a BigInt', { n: 1n }, 'n'],
    ['a cycle', cyclic, 'self'],
    ['a nested BigInt', { a: { b: [1, 2n] } }, 'a.b.1'],
    ['a function, as a whole message', () => 1, ''],
  ])('%s', (_label, value, path) => {
    const fake = fakeWebSocket();
    const subject = webSocket({ url: 'ws://x', WebSocket: fake.WebSocket });
    subject.subscribe();
    fake.last.open();
    expect(() => encodeJson(value)).toThrow(expect.objectContaining({ name: 'SerializationError', path }));
    expect(() => subject.next(value as never)).toThrow(SerializationError);
    expect(fake.last.sent).toEqual([]);
    subject.unsubscribe();
  });
});
