// The terminal client: joins the chat from a terminal. Usage: npm run chat:cli -- [url] [name]
import { createInterface } from 'node:readline';
import { reconnect, webSocket } from 'rx-websocket';
import { WebSocket } from 'ws';
import { type ClientMessage, ServerMessage } from './protocol.js';

const url = process.argv[2] ?? 'ws://127.0.0.1:8080/chat';
let name = process.argv[3] ?? `terminal${process.pid % 1000}`;
let id = 0;

const chat = webSocket<ServerMessage, ClientMessage>({
  url,
  WebSocket,
  schema: ServerMessage,
  reconnect: reconnect({ initialDelay: 500, maxDelay: 5000 }),
  // On every (re)connection, before the queue: introduce ourselves, so queued messages are accepted.
  openObserver: {
    next: (event) => {
      const hello: ClientMessage = { type: 'username', id, name, date: Date.now() };
      event.target.send(JSON.stringify(hello));
    },
  },
});

chat.state$.subscribe((state) => {
  if (state.status === 'closed' && state.reason === 'idle') return; // not connected yet: nothing to say
  if (state.status === 'reconnecting') {
    console.log(`* reconnecting in ${Math.round(state.delay / 100) / 10} s${state.offline ? ' (offline)' : ''}`);
  } else console.log(`* ${state.status}`);
});

chat.subscribe({
  next: (message) => {
    if (message.type === 'id') {
      id = message.id;
    } else if (message.type === 'rejectusername') {
      name = message.name;
      console.log(`* your name was taken: you are ${name}`);
    } else if (message.type === 'userlist') {
      console.log(`* online: ${message.users.join(', ')}`);
    } else if (message.type === 'message') {
      console.log(`<${message.name}> ${message.text}`);
    }
  },
  error: (error) => console.log(`* disconnected: ${(error as Error).message}`),
});

const input = createInterface({ input: process.stdin });
input.on('line', (line) => {
  const text = line.trim();
  if (text) chat.next({ type: 'message', id, text, date: Date.now() });
});
input.on('close', () => {
  chat.complete();
  chat.unsubscribe();
});
