// RxWebSocket: replace `new WebSocket(url, protocols)` and get Observables for every event.

import { RxWebSocket } from 'rx-websocket';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { WebSocket } from 'ws'; // Node < 22; browsers, Node 22+, Deno and Bun use the global WebSocket
import { startLocalServer } from './local-server.js';

const server = await startLocalServer();

const socket = new RxWebSocket(server.url, ['chat.v1'], { WebSocket });
socket.data$.subscribe((data) => console.log('received', data));
socket.close$.subscribe(({ code, reason, wasClean }) => console.log('closed', code, reason, wasClean));

socket.next('hello'); // queued while CONNECTING, sent on open
await firstValueFrom(socket.open$);
console.log('open with subprotocol', socket.protocol);
socket.send('world');
await firstValueFrom(socket.data$.pipe(take(2), toArray()));

try {
  socket.close(1001); // reserved for servers: the standard's InvalidAccessError
} catch (error) {
  console.log((error as DOMException).name, '- still open:', socket.readyState === RxWebSocket.OPEN);
}
socket.close(1000, 'bye');
await lastValueFrom(socket.close$);
await server.close();
