// What the runtime's constructor receives: the URL and the subprotocols as the app gave them (once validated), as
// rxjs/webSocket passes them, so a test double that checks its arguments keeps passing when only the import changes.
// The socket's own `url` is still the standard's serialization.
import { RxWebSocket, webSocket } from 'rx-websocket';
import { FakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';

function recorder() {
  const calls: unknown[][] = [];
  class Recorder extends FakeWebSocket {
    constructor(...args: [string, (string | string[])?]) {
      super(...args);
      calls.push(args);
    }
  }
  return { Recorder, calls };
}

describe("the runtime's constructor gets what the app gave", () => {
  it.each([
    ['ws://example.com:8080', 'chat', ['ws://example.com:8080', 'chat'], 'ws://example.com:8080/'],
    [
      'wss://example.com/feed?x=1',
      ['a', 'b'],
      ['wss://example.com/feed?x=1', ['a', 'b']],
      'wss://example.com/feed?x=1',
    ],
    ['WS://Example.com', undefined, ['WS://Example.com'], 'ws://example.com/'],
    ['ws://example.com', [], ['ws://example.com'], 'ws://example.com/'],
    // A runtime without a page cannot resolve these: it gets the resolved ws: URL.
    ['http://example.com/live', undefined, ['ws://example.com/live'], 'ws://example.com/live'],
    ['https://example.com', 'p', ['wss://example.com/', 'p'], 'wss://example.com/'],
  ] as const)('new RxWebSocket(%j, %j)', (url, protocols, args, standard) => {
    const { Recorder, calls } = recorder();
    const socket = new RxWebSocket(url, protocols as string | string[] | undefined, { WebSocket: Recorder });
    expect(calls).toEqual([args]);
    expect(socket.url).toBe(standard);
  });

  it('passes a URL object as its text', () => {
    const { Recorder, calls } = recorder();
    new RxWebSocket(new URL('ws://example.com/a'), [], { WebSocket: Recorder });
    expect(calls).toEqual([['ws://example.com/a']]);
  });

  it('webSocket() passes url and protocol as rxjs does', () => {
    const { Recorder, calls } = recorder();
    const subject = webSocket({ url: 'ws://localhost:8080', protocol: 'json', WebSocketCtor: Recorder });
    subject.subscribe().unsubscribe();
    expect(calls).toEqual([['ws://localhost:8080', 'json']]);
  });

  it('still validates before the constructor is called', () => {
    const { Recorder, calls } = recorder();
    expect(() => new RxWebSocket('ws://example.com/#x', [], { WebSocket: Recorder })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(() => new RxWebSocket('ws://example.com', ['a', 'a'], { WebSocket: Recorder })).toThrow(
      expect.objectContaining({ name: 'SyntaxError' }),
    );
    expect(calls).toEqual([]);
  });
});

describe("the standard's checks come first", () => {
  // An app that gets a URL and an option wrong hears about the URL, as a browser's WebSocket would tell it, and no
  // constructor is called: on RxWebSocket and on the subject's own socket alike.
  it.each([
    ['an invalid URL', 'not a url', undefined, 'SyntaxError'],
    ['a duplicate subprotocol', 'ws://example.com', ['a', 'a'], 'SyntaxError'],
  ])('%s beats an invalid option and a missing constructor', (_, url, protocols, name) => {
    const { Recorder, calls } = recorder();
    expect(() => new RxWebSocket(url, protocols, { binaryType: 'nonsense' as never })).toThrow(
      expect.objectContaining({ name }),
    );
    expect(() => new RxWebSocket(url, protocols, { WebSocket: undefined })).toThrow(expect.objectContaining({ name }));
    let error: unknown;
    webSocket({ url, ...(protocols ? { protocols } : {}), WebSocket: Recorder }).subscribe({
      error: (e: unknown) => (error = e),
    });
    expect(error).toMatchObject({ name });
    expect(calls).toEqual([]);
  });
});

describe('options given second, as ws takes them', () => {
  // `new WebSocket(url, { headers })` is ws's signature; here the second argument is the subprotocols, so an object
  // there is the standard's SyntaxError, whose message says where options go.
  it.each([[{}], [{ WebSocket: FakeWebSocket }], [[{}]]])(
    'new RxWebSocket(url, %o) names the third argument',
    (given) => {
      const { Recorder, calls } = recorder();
      expect(() => new RxWebSocket('ws://example.com', given as never, { WebSocket: Recorder })).toThrow(
        expect.objectContaining({
          name: 'SyntaxError',
          message: expect.stringContaining('Options go third.'),
        }),
      );
      expect(calls).toEqual([]);
    },
  );

  it('leaves the hint out of other invalid subprotocols', () => {
    expect(() => new RxWebSocket('ws://example.com', 'a b', { WebSocket: FakeWebSocket })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('Options go third') }),
    );
  });
});
