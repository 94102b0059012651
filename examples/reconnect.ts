// Reconnection: a server that goes away and comes back on the same port; the connection shows its
// state, queues what is sent during the outage, and delivers it once the server is back.
import type { AddressInfo } from 'node:net';
import { reconnect, webSocket } from 'rx-websocket';
import { filter, firstValueFrom } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';

const received: string[] = [];
let onReceived = () => {};
const receivedCount = (count: number) =>
  new Promise<void>((resolve) => {
    onReceived = () => received.length >= count && resolve();
    onReceived();
  });

async function listen(port = 0): Promise<WebSocketServer> {
  const server = new WebSocketServer({ host: '127.0.0.1', port });
  await new Promise((resolve) => server.once('listening', resolve));
  server.on('connection', (socket) =>
    socket.on('message', (data) => {
      console.log(`server received '${data}'`);
      received.push(String(data));
      onReceived();
    }),
  );
  return server;
}
const stop = (server: WebSocketServer) =>
  new Promise((resolve) => {
    for (const client of server.clients) client.terminate(); // a crash: no close frame
    server.close(resolve);
  });

let server = await listen();
const port = (server.address() as AddressInfo).port;

// Text in and out, no JSON: the serializer and deserializer pass the frames through.
const live = webSocket<string, string>({
  url: () => `ws://127.0.0.1:${port}/?session=demo`, // called for every attempt
  WebSocket,
  reconnect: reconnect({ initialDelay: 200 }), // small for the demo; the default spreads a fleet's first retries over 2 s
  serializer: (text) => text,
  deserializer: (event) => String(event.data),
  // Every (re)connection: sent before what was queued.
  openObserver: { next: (event) => event.target.send('hello (sent first on every connection)') },
});
live.state$.subscribe((state) => {
  if (state.status === 'reconnecting') {
    console.log(
      `state: reconnecting, attempt ${state.attempt} in ${Math.round(state.delay)} ms (last close ${state.lastClose?.code})`,
    );
  } else console.log(`state: ${state.status}`);
});
const subscription = live.subscribe(); // subscribing starts the connection

const opened = () => firstValueFrom(live.state$.pipe(filter((s) => s.status === 'open')));
await opened();
live.next('before the outage'); // sent at once
await receivedCount(2);

await stop(server);
await firstValueFrom(live.state$.pipe(filter((s) => s.status === 'reconnecting')));
console.log('next() while reconnecting: queued until the next connection');
live.next('during the outage 1');
live.next('during the outage 2');

server = await listen(port);
await receivedCount(5);
subscription.unsubscribe(); // the last subscriber leaving closes the socket (without a code, as rxjs/webSocket does)
await stop(server);
