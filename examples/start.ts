// `npm start`: a local ws server on 127.0.0.1, an RxWebSocket connected to it, and every Observable's
// events printed as they happen. It exits by itself.

import { fromWebSocket, isWebSocketCloseError, RxWebSocket, type WebSocketConstructorLike } from 'rx-websocket';
import { firstValueFrom, lastValueFrom, retry, switchMap, take, tap, toArray } from 'rxjs';
import { WebSocket as WsWebSocket } from 'ws';
import { startLocalServer } from './local-server.js';

const started = Date.now();
const log = (line: string) => console.log(`${String(Date.now() - started).padStart(5)} ms  ${line}`);
// Node 22+ has a global WebSocket; on Node 20 pass ws's.
const WebSocket =
  (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket ?? (WsWebSocket as WebSocketConstructorLike);

const server = await startLocalServer(log);
log(`server: listening on ${server.url}`);

// 1. RxWebSocket: the standard WebSocket, with every event as an Observable.
log('--- RxWebSocket ---');
const socket = new RxWebSocket(server.url, ['demo.v1'], { WebSocket, binaryType: 'arraybuffer' });
socket.readyState$.subscribe((state) => log(`readyState$ ${['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'][state]}`));
socket.open$.subscribe(() => log(`open$       subprotocol '${socket.protocol}'`));
socket.message$.subscribe({
  next: (event) => log(`message$    ${describe(event.data)} from ${event.origin}`),
  complete: () => log('message$    completed (clean close)'),
});
socket.data$.subscribe((data) => log(`data$       ${describe(data)}`));
socket.error$.subscribe(() => log('error$      error event'));
socket.close$.subscribe((event) =>
  log(`close$      code ${event.code}, reason '${event.reason}', wasClean ${event.wasClean}`),
);

// next() queues until open; send() would throw InvalidStateError now.
socket.next('queued before open');
try {
  socket.send('too early');
} catch (error) {
  log(`send() while CONNECTING threw ${(error as DOMException).name}`);
}

await firstValueFrom(socket.open$);
socket.send(new Uint8Array([1, 2, 3]));
await firstValueFrom(socket.data$.pipe(take(2), toArray()));

// Invalid close arguments throw the standard's DOMException and leave the socket open.
try {
  socket.close(1001);
} catch (error) {
  log(`close(1001) threw ${(error as DOMException).name}; readyState is still ${socket.readyState} (OPEN)`);
}
socket.close(1000, 'demo done');
await lastValueFrom(socket.close$);

// 2. fromWebSocket(): a cold Observable of open sockets, one per subscription.
log('--- fromWebSocket() ---');
const ticks = await lastValueFrom(
  fromWebSocket({ url: server.url, WebSocket }).pipe(
    tap((s) => s.send('burst:3')),
    switchMap((s) => s.data$),
    take(3), // unsubscribing closes the socket with 1000
    toArray(),
  ),
);
log(`fromWebSocket() received ${JSON.stringify(ticks)} and closed the socket on unsubscribe`);

// 3. A failed connection errors with WebSocketCloseError; retry composes.
const unreachable = 'ws://127.0.0.1:1/';
try {
  await firstValueFrom(fromWebSocket({ url: unreachable, WebSocket }).pipe(retry(1)));
} catch (error) {
  if (isWebSocketCloseError(error))
    log(`fromWebSocket(${unreachable}) failed twice: code ${error.code}: ${error.message}`);
}

await server.idle();
await server.close();
log('server: stopped. Done.');

function describe(data: unknown): string {
  if (typeof data === 'string') return `text '${data}'`;
  if (data instanceof ArrayBuffer) return `binary [${new Uint8Array(data).join(', ')}]`;
  return String(data);
}
