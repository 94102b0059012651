// fromWebSocket(): a cold Observable of open sockets, one per subscription, that composes with RxJS.

import { fromWebSocket } from 'rx-websocket';
import { lastValueFrom, retry, switchMap, take, tap, toArray } from 'rxjs';
import { WebSocket } from 'ws';
import { startLocalServer } from './local-server.js';

const server = await startLocalServer();

const ticks = await lastValueFrom(
  fromWebSocket({ url: server.url, WebSocket }).pipe(
    tap((socket) => socket.send('burst:3')), // OPEN when emitted; the example's server answers with 3 messages
    switchMap((socket) => socket.data$), // completes on a clean close, errors on an abnormal one
    retry({ count: 3 }), // each retry opens exactly one new socket
    take(3), // unsubscribing closes the socket with 1000
    toArray(),
  ),
);
console.log('received', ticks);
await server.idle();
await server.close();
