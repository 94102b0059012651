import { fromWebSocket, RxWebSocket } from 'rx-websocket';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { recordingWs } from '../helpers/recording-ws.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const EVENTS = ['open', 'message', 'error', 'close'] as const;
const listeners = (socket: WebSocket) => EVENTS.reduce((sum, type) => sum + socket.listenerCount(type), 0);
const handles = () =>
  process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'Timeout' || r === 'Immediate').length;

describe('resources on a real ws server', () => {
  it('removes its listeners from the ws socket on close', async () => {
    const { Ctor, created } = recordingWs();
    const socket = new RxWebSocket(server.url, [], { WebSocket: Ctor });
    socket.data$.subscribe();
    socket.message$.subscribe();
    await firstValueFrom(socket.open$);
    const ws = created[0] as WebSocket;
    // message, error, close: the open listener leaves once open has fired.
    expect(listeners(ws)).toBe(3);
    expect(ws.listenerCount('open')).toBe(0);
    const closed = firstValueFrom(socket.close$);
    socket.close(1000);
    await closed;
    expect(listeners(ws)).toBe(0);
  });

  it('leaves no socket, listener or timer after 200 connect/unsubscribe cycles, open or connecting', async () => {
    await server.idle();
    const baseline = handles();
    const { Ctor, created } = recordingWs();
    const closes: Array<Promise<unknown>> = [];
    for (let i = 0; i < 200; i++) {
      if (i % 2 === 0) {
        // Unsubscribed while CONNECTING.
        fromWebSocket({ url: server.url, WebSocket: Ctor }).subscribe().unsubscribe();
      } else {
        const socket = await firstValueFrom(fromWebSocket({ url: server.url, WebSocket: Ctor }));
        closes.push(lastValueFrom(socket.close$));
      }
      const ws = created.at(-1) as WebSocket;
      closes.push(
        new Promise((resolve) => (ws.readyState === WebSocket.CLOSED ? resolve(0) : ws.once('close', resolve))),
      );
    }
    await Promise.all(closes);
    await server.idle();
    expect(created).toHaveLength(200);
    expect(created.map(listeners).filter((n) => n > 0)).toEqual([]);
    expect(server.clients.size).toBe(0);
    // Closed sockets release their handles on the next turns of the event loop.
    await new Promise((resolve) => setImmediate(resolve));
    expect(handles()).toBeLessThanOrEqual(baseline);
  });

  it('opens exactly one server connection per subscription, and closes it on unsubscribe', async () => {
    await server.idle();
    const before = server.accepted;
    const { Ctor } = recordingWs();
    let subscription: { unsubscribe(): void } | undefined;
    const socket = await new Promise<RxWebSocket>((resolve) => {
      subscription = fromWebSocket({ url: server.url, WebSocket: Ctor }).subscribe(resolve);
    });
    expect(server.accepted - before).toBe(1);
    expect(server.clients.size).toBe(1);
    subscription?.unsubscribe();
    await lastValueFrom(socket.close$);
    await server.idle();
    expect(server.accepted - before).toBe(1);
    expect(server.closes.at(-1)).toEqual({ code: 1000, reason: '' });
  });
});
