// Typed messages with MDN's chat protocol: a schema for what the server sends, another type for what
// the client sends, narrowing with ofType and match, and a bad frame that is reported, not fatal.
import type { AddressInfo } from 'node:net';
import { match, ofType, webSocket } from 'rx-websocket';
import { firstValueFrom, take, toArray } from 'rxjs';
import { WebSocket, WebSocketServer } from 'ws';
import { z } from 'zod';

// What the server sends (MDN: "Writing WebSocket client applications").
const ServerMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('id'), id: z.number() }),
  z.object({ type: z.literal('message'), id: z.number(), name: z.string(), text: z.string(), date: z.number() }),
  z.object({ type: z.literal('rejectusername'), name: z.string() }),
  z.object({ type: z.literal('userlist'), users: z.array(z.string()) }),
]);
// What the client sends: a different type, so the two cannot be mixed up.
type ClientMessage =
  | { type: 'username'; name: string; id: number; date: number }
  | { type: 'message'; text: string; id: number; date: number };

// A tiny server speaking the protocol, with one broken frame in the middle.
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
await new Promise((resolve) => wss.once('listening', resolve));
wss.on('connection', (socket) => {
  socket.send(JSON.stringify({ type: 'id', id: 1 }));
  socket.on('message', (data) => {
    const message = JSON.parse(String(data)) as ClientMessage;
    if (message.type === 'username') {
      socket.send(JSON.stringify({ type: 'userlist', users: [message.name, 'grace'] }));
      socket.send('{"type":"message","text":'); // a broken frame: reported, then skipped
    } else {
      socket.send(
        JSON.stringify({ type: 'message', id: message.id, name: 'ada', text: message.text, date: message.date }),
      );
    }
  });
});
const url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;

// In: what the schema gives (z.infer<typeof ServerMessage>); Out: ClientMessage.
// onInvalid: 'skip': a message the schema rejects is reported on invalid$ and skipped (by default it ends the stream,
// as a bad frame ends rxjs/webSocket's).
const chat = webSocket<z.infer<typeof ServerMessage>, ClientMessage>({
  url,
  WebSocket,
  schema: ServerMessage,
  onInvalid: 'skip',
});
chat.invalid$.subscribe((error) => console.log(`skipped ${error.name}: ${error.preview}`));
chat.pipe(ofType('id')).subscribe(({ id }) => {
  chat.next({ type: 'username', name: 'ada', id, date: Date.now() });
  chat.next({ type: 'message', text: 'hello, world', id, date: Date.now() });
});
const lines = await firstValueFrom(
  chat.pipe(
    match({
      message: (m) => `${m.name}: ${m.text}`,
      userlist: (u) => `online: ${u.users.join(', ')}`,
    }),
    take(2),
    toArray(),
  ),
);
for (const line of lines) console.log(line);
chat.complete(); // closes the socket (without a code, as rxjs/webSocket does)
await new Promise((resolve) => wss.close(resolve));
