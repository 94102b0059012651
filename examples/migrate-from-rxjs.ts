// A program written for rxjs/webSocket. Only the import of `webSocket` changed:
//   before: import { webSocket } from 'rxjs/webSocket';

import type { AddressInfo } from 'node:net';
import { webSocket } from 'rx-websocket';
import { WebSocket, WebSocketServer } from 'ws';

// A small local server: echoes everything, and answers subscriptions with one tick per topic.
const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => server.once('listening', resolve));
server.on('connection', (socket) =>
  socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.subscribe) socket.send(JSON.stringify({ topic: message.subscribe, price: 42 }));
    else if (!message.unsubscribe) socket.send(String(data));
  }),
);
const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;

let closed = () => {};
const whenClosed = new Promise<void>((resolve) => (closed = resolve));

// Everything below is rxjs/webSocket code, unchanged.
const subject = webSocket<{ topic?: string; price?: number; text?: string }>({
  url,
  WebSocketCtor: WebSocket as never, // Node < 22 has no global WebSocket
  openObserver: { next: () => console.log('connected') },
  closeObserver: {
    next: (event) => {
      console.log(`closed with ${event.code}`);
      closed();
    },
  },
});

subject.next({ text: 'queued before the connection' });
const echoes = subject.subscribe({
  next: (message) => message.text && console.log(`echo: ${message.text}`),
  error: (error) => console.error(error),
});

await new Promise<void>((resolve) => {
  const prices = subject
    .multiplex(
      () => ({ subscribe: 'ACME' }),
      () => ({ unsubscribe: 'ACME' }),
      (message) => message.topic === 'ACME',
    )
    .subscribe((message) => {
      console.log(`ACME: ${message.price}`);
      prices.unsubscribe();
      resolve();
    });
});

echoes.unsubscribe(); // the last subscriber leaving closes the socket without a code, as rxjs does (1005)
await whenClosed;
await new Promise((resolve) => server.close(resolve));
