// A ws server on 127.0.0.1:0 that measures backpressure from the server's side, for the browser tests of
// webSocketStream():
// - `/flood?id=I&size=S&count=N` sends N numbered messages of S bytes as fast as the client takes them, but only
//   while its own bufferedAmount is under 8 MB: past it, it waits for the TCP socket's `drain`. A client that stops
//   reading stalls it there.
// - `/sink?id=I` reads nothing (its TCP socket is paused) until `resume:I` arrives on the control connection.
// - `/control` answers `stats:I` with that connection's figures as JSON, and takes `resume:I`.
// Every loop is bounded by its count; closing the server terminates every connection.
import type { AddressInfo, Socket } from 'node:net';
import { type WebSocket, WebSocketServer } from 'ws';

/** The server's send limit: it sends only while its socket's bufferedAmount is below this. */
export const FLOOD_LIMIT = 8 * 1024 * 1024;

export interface FloodStats {
  /** Messages handed to the socket (flood), or received (sink). */
  messages: number;
  /** Whether the flood is waiting for the client (its buffer is at the limit). */
  stalled: boolean;
  /** The highest bufferedAmount seen (flood). */
  peakBuffered: number;
  /** Whether the connection has ended. */
  closed: boolean;
  /** The first number out of order (sink), or -1. */
  outOfOrder: number;
}

export interface FloodServer {
  readonly url: string;
  close(): Promise<void>;
}

type WithTcp = WebSocket & { _socket: Socket };

export async function startFloodServer(): Promise<FloodServer> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const stats = new Map<string, FloodStats>();
  const sinks = new Map<string, Socket>();

  wss.on('connection', (ws, request) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const id = url.searchParams.get('id') ?? '';
    const tcp = (ws as WithTcp)._socket;
    if (url.pathname === '/control') {
      ws.on('message', (data) => {
        const [command, key = ''] = data.toString().split(':');
        if (command === 'stats') ws.send(JSON.stringify(stats.get(key) ?? null));
        else if (command === 'resume') sinks.get(key)?.resume();
      });
      return;
    }
    const entry: FloodStats = { messages: 0, stalled: false, peakBuffered: 0, closed: false, outOfOrder: -1 };
    stats.set(id, entry);
    ws.on('close', () => {
      entry.closed = true;
      entry.stalled = false;
    });
    if (url.pathname === '/sink') {
      tcp.pause();
      sinks.set(id, tcp);
      ws.on('message', (data) => {
        if (entry.outOfOrder === -1 && Number(data.toString().split(':')[0]) !== entry.messages) {
          entry.outOfOrder = entry.messages;
        }
        entry.messages++;
      });
      return;
    }
    const size = Number(url.searchParams.get('size') ?? 1024);
    const count = Number(url.searchParams.get('count') ?? 1);
    const pump = () => {
      entry.stalled = false;
      while (entry.messages < count && ws.readyState === ws.OPEN) {
        if (ws.bufferedAmount >= FLOOD_LIMIT) {
          entry.stalled = true;
          tcp.once('drain', pump);
          return;
        }
        ws.send(`${entry.messages}:`.padEnd(size, '.'));
        entry.messages++;
        entry.peakBuffered = Math.max(entry.peakBuffered, ws.bufferedAmount);
      }
    };
    pump();
  });

  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
