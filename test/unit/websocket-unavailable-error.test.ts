// WebSocketUnavailableError names the option of the API that raised it: `WebSocket` for RxWebSocket, fromWebSocket()
// and connection(), `WebSocketCtor` for webSocket() (rxjs's name, kept by the drop-in replacement), which throws
// at creation as rxjs does.
import { fromWebSocket, RxWebSocket, WebSocketUnavailableError, webSocket } from 'rx-websocket';
import type { Observable } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { connection } from '../helpers/connection.js';

beforeEach(() => {
  vi.stubGlobal('WebSocket', undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
});

/** The error an Observable ends with, synchronously (nothing here waits: no socket can be made). */
function errorOf(source: Observable<unknown>): unknown {
  let error: unknown;
  source.subscribe({ error: (e: unknown) => (error = e) }).unsubscribe();
  return error;
}
function thrownBy(make: () => unknown): unknown {
  try {
    make();
  } catch (error) {
    return error;
  }
  return undefined;
}

const websocketOption = {
  name: 'WebSocketUnavailableError',
  option: 'WebSocket',
  message: expect.stringContaining("the `WebSocket` option: `import { WebSocket } from 'ws'`"),
};

describe('WebSocketUnavailableError names the option of each API', () => {
  it('new RxWebSocket(): the WebSocket option', () => {
    const error = thrownBy(() => new RxWebSocket('ws://x'));
    expect(error).toBeInstanceOf(WebSocketUnavailableError);
    expect(error).toMatchObject(websocketOption);
  });

  it('fromWebSocket(): the WebSocket option', () => {
    expect(errorOf(fromWebSocket('ws://x'))).toMatchObject(websocketOption);
  });

  it('connection(): the WebSocket option', () => {
    expect(errorOf(connection({ url: 'ws://x' }).data$)).toMatchObject(websocketOption);
  });

  it("webSocket(): the same WebSocket option, thrown at creation as rxjs does, and rxjs's name mentioned", () => {
    const error = thrownBy(() => webSocket({ url: 'ws://x' }));
    expect(error).toBeInstanceOf(WebSocketUnavailableError);
    expect(error).toMatchObject(websocketOption);
    expect((error as Error).message).toContain('webSocket({ url, WebSocket })');
    expect((error as Error).message).toContain("rxjs's name `WebSocketCtor` works too");
  });

  it('webSocket(): a url that is no URL is told first, as the first thing to fix (a port number given alone)', () => {
    for (const make of [() => webSocket(8080 as never), () => webSocket({ url: 8080 as never })]) {
      expect(thrownBy(make)).toMatchObject({ name: 'InvalidOptionError', option: 'url', value: 8080 });
    }
  });

  it('webSocket(): takes the global constructor at creation, as rxjs does', () => {
    const made: string[] = [];
    vi.stubGlobal(
      'WebSocket',
      class {
        constructor(url: string) {
          made.push(url);
        }
        close() {}
      },
    );
    const subject = webSocket({ url: 'ws://x' });
    vi.stubGlobal('WebSocket', undefined);
    subject.subscribe({ error: () => {} }).unsubscribe();
    expect(made).toEqual(['ws://x']); // as given, as rxjs passes it
  });
});

describe('a WebSocket option that is not a constructor is named, not taken for a missing one', () => {
  // A namespace import of ws, an instance, a misspelled default import: each is something, not nothing (null is
  // nothing, as rxjs reads its WebSocketCtor: the global constructor is used).
  const notConstructors: ReadonlyArray<readonly [string, unknown]> = [
    ['a namespace object', { WebSocket: class {}, WebSocketServer: class {} }],
    ['a string', 'ws'],
    ['a number', 42],
  ];
  const expected = (option: string, value: unknown) =>
    expect.objectContaining({
      name: 'InvalidOptionError',
      option,
      value,
      message: expect.stringContaining("Expected a WebSocket class, such as `import { WebSocket } from 'ws'`."),
    });

  it.each(notConstructors)('%s, on RxWebSocket, fromWebSocket() and webSocket() under both names', (_, value) => {
    const WebSocket = value as never;
    expect(thrownBy(() => new RxWebSocket('ws://x', [], { WebSocket }))).toEqual(expected('WebSocket', value));
    expect(errorOf(fromWebSocket({ url: 'ws://x', WebSocket }))).toEqual(expected('WebSocket', value));
    expect(thrownBy(() => webSocket({ url: 'ws://x', WebSocket }))).toEqual(expected('WebSocket', value));
    expect(thrownBy(() => webSocket({ url: 'ws://x', WebSocketCtor: WebSocket }))).toEqual(
      expected('WebSocketCtor', value),
    );
  });
});
