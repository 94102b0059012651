// Streams a large "file" (64 MB, generated on the fly in 64 KB chunks) to a local server with constant
// memory: chunks are generated only when the socket's buffer has room, and progress is printed.
import type { AddressInfo } from 'node:net';
import { closeGracefully, RxWebSocket, sendStream } from 'rx-websocket';
import { firstValueFrom } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';

const SIZE = 64 * 1024 * 1024;
const CHUNK = 64 * 1024;

const server = new WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
await new Promise((resolve) => server.once('listening', resolve));
let received = 0;
server.on('connection', (socket) => socket.on('message', (data: Buffer) => (received += data.length)));

const socket = new RxWebSocket(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/upload`, [], { WebSocket });

async function* file(): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < SIZE; offset += CHUNK) {
    const chunk = new Uint8Array(CHUNK);
    chunk.fill(offset / CHUNK);
    yield chunk; // asked for only when the socket has room
  }
}

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;
await new Promise<void>((resolve, reject) =>
  sendStream(socket, file(), { highWaterMark: 1024 * 1024 }).subscribe({
    next: ({ bytes, bufferedAmount }) => {
      if (bytes % (8 * 1024 * 1024) === 0) {
        console.log(`sent ${mb(bytes)}, buffered ${mb(bufferedAmount)}, heap ${mb(process.memoryUsage().heapUsed)}`);
      }
    },
    complete: resolve,
    error: reject,
  }),
);
await firstValueFrom(closeGracefully(socket, { reason: 'upload complete' }));
console.log(`done: the server received ${mb(received)}`);
await new Promise((resolve) => server.close(resolve));
