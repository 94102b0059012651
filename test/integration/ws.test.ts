import { firstValueFrom } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { RxWebSocket, type WebSocketConstructorLike, webSocket } from '../../src/index.js';
import { startRawServer } from '../helpers/raw-server.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describeSocketBehaviour('ws', {
  WebSocket,
  url: () => server.url,
  binaryTypes: true,
  cleanAppCodes: true,
  afterEach: () => server.idle(),
});

describe("RxWebSocket on ws's EventEmitter face", () => {
  /** ws sockets, recorded as created; addEventListener calls on any ws socket (the test server's too) are recorded. */
  const counted = () => {
    const sockets: WebSocket[] = [];
    class Recorded extends WebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    }
    return { WebSocket: Recorded as unknown as WebSocketConstructorLike, sockets };
  };
  const addEventListener = vi.spyOn(WebSocket.prototype, 'addEventListener');
  afterAll(() => addEventListener.mockRestore());

  it('listens without ws wrappers and builds the standard events from the emitter arguments', async () => {
    const { WebSocket: Counted, sockets } = counted();
    const socket = new RxWebSocket(server.url, [], { WebSocket: Counted, binaryType: 'arraybuffer' });
    const ws = sockets[0] as WebSocket;
    expect(ws.listenerCount('open') + ws.listenerCount('error') + ws.listenerCount('close')).toBe(3);
    const messages: unknown[] = [];
    socket.onmessage = (event) => messages.push(event.data);
    await firstValueFrom(socket.open$);
    expect(ws.listenerCount('open')).toBe(0);

    const replies = firstValueFrom(socket.message$);
    socket.send('héllo ✓');
    expect((await replies).data).toBe('héllo ✓');
    const binary = firstValueFrom(socket.data$);
    socket.send(new Uint8Array([1, 2, 250]));
    expect([...new Uint8Array((await binary) as ArrayBuffer)]).toEqual([1, 2, 250]);
    expect(messages).toEqual(['héllo ✓', expect.any(ArrayBuffer)]);

    const close = firstValueFrom(socket.close$);
    socket.send('close:4003:adiós ✓');
    expect(await close).toMatchObject({ code: 4003, reason: 'adiós ✓', wasClean: true });
    expect(addEventListener.mock.contexts.filter((context) => context === ws)).toEqual([]);
    expect(ws.eventNames()).toEqual([]);
  });

  it('reports a clean client close as clean, and a dropped one with ws’s error as the cause', async () => {
    const { WebSocket: Counted } = counted();
    const clean = new RxWebSocket(server.url, [], { WebSocket: Counted });
    await firstValueFrom(clean.open$);
    const closed = firstValueFrom(clean.close$);
    clean.close(1000, 'done');
    expect(await closed).toMatchObject({ code: 1000, reason: 'done', wasClean: true });

    // A port nothing listens on: ws emits an Error (ECONNREFUSED), which becomes the close error's cause.
    const probe = await startRawServer();
    const url = probe.url('hang');
    await probe.close();
    const refused = new RxWebSocket(url, [], { WebSocket: Counted });
    const failure = await firstValueFrom(refused.open$).catch((error: unknown) => error);
    expect(failure).toMatchObject({
      code: 1006,
      wasClean: false,
      cause: expect.objectContaining({ code: 'ECONNREFUSED' }),
    });
  });
});

// Test environments change the timer globals: fake timers replace them (Vitest's and sinon's replace setImmediate by
// default), jest-environment-jsdom removes setImmediate. The ws transport reads through the open's turn with Node's
// own timers, so a socket still receives there.
describe.each([
  ['under fake timers', () => vi.useFakeTimers()],
  [
    'without a global setImmediate',
    () => {
      vi.stubGlobal('setImmediate', undefined);
      vi.stubGlobal('clearImmediate', undefined);
    },
  ],
])('ws %s', (_, change) => {
  afterEach(async () => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
    await server.idle();
  });

  it('RxWebSocket receives what the server sends on connection, and closes', async () => {
    change();
    const socket = new RxWebSocket(server.url, 'greet', { WebSocket });
    expect(await firstValueFrom(socket.data$)).toBe('hello');
    const closed = firstValueFrom(socket.close$);
    socket.close();
    expect((await closed).code).toBe(1005);
  });

  it('webSocket() receives what the server sends on connection', async () => {
    change();
    const subject = webSocket<string>({
      url: server.url,
      protocol: 'greet',
      WebSocketCtor: WebSocket,
      deserializer: (e) => String(e.data),
    });
    expect(await firstValueFrom(subject)).toBe('hello');
  });
});
