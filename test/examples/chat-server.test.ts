// The chat server on its own: MDN's protocol, and bad messages logged and ignored without a crash.
import type { IncomingMessage } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ChatServer, startChatServer } from '../../examples/chat/server.js';

let server: ChatServer;
const log: string[] = [];
beforeAll(async () => {
  server = await startChatServer({ port: 0, log: (line) => log.push(line) });
}, 60_000);
afterAll(() => server.close());

function client() {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/chat`);
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)));
    for (const waiter of waiters.splice(0)) waiter();
  });
  const until = (predicate: (m: Record<string, unknown>) => boolean) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const check = () => {
        const found = received.find(predicate);
        if (found) resolve(found);
        else waiters.push(check);
      };
      check();
    });
  return { socket, received, until };
}

it('assigns ids, renames a taken name, broadcasts messages and user lists', async () => {
  const a = client();
  const b = client();
  const idA = (await a.until((m) => m.type === 'id')).id;
  await b.until((m) => m.type === 'id');
  a.socket.send(JSON.stringify({ type: 'username', id: idA, name: 'ada', date: 1 }));
  await a.until((m) => m.type === 'userlist' && (m.users as string[]).includes('ada'));
  b.socket.send(JSON.stringify({ type: 'username', id: 0, name: 'ada', date: 1 }));
  expect(await b.until((m) => m.type === 'rejectusername')).toEqual({ type: 'rejectusername', name: 'ada2' });
  b.socket.send(JSON.stringify({ type: 'message', id: 0, text: 'hi', date: 1 }));
  const message = await a.until((m) => m.type === 'message');
  expect(message).toMatchObject({ type: 'message', name: 'ada2', text: 'hi' });
  expect(typeof message.date).toBe('number');
  a.socket.close();
  await b.until((m) => m.type === 'userlist' && (m.users as string[]).join() === 'ada2');
  b.socket.close();
});

it('logs and ignores bad messages, and keeps serving', async () => {
  const c = client();
  await c.until((m) => m.type === 'id');
  c.socket.send('{not json');
  c.socket.send(JSON.stringify({ type: 'message', id: 1, text: 'no name yet', date: 1 }));
  c.socket.send(JSON.stringify({ type: 'username', id: 1, name: '', date: 1 }));
  c.socket.send(JSON.stringify({ type: 'hack', payload: '<script>' }));
  c.socket.send(Buffer.from([1, 2, 3]));
  c.socket.send(JSON.stringify({ type: 'username', id: 1, name: 'grace', date: 1 }));
  await c.until((m) => m.type === 'userlist' && (m.users as string[]).includes('grace'));
  expect(log.filter((line) => line.startsWith('ignored'))).toHaveLength(5);
  c.socket.close();
});

it('serves the page and the bundled client script over HTTP on the same port', async () => {
  const page = await fetch(server.url);
  expect(page.headers.get('content-type')).toContain('text/html');
  expect(await page.text()).toContain('<script type="module" src="/app.js">');
  const script = await fetch(new URL('/app.js', server.url));
  expect(script.headers.get('content-type')).toContain('javascript');
  expect((await script.text()).length).toBeGreaterThan(10_000);
  expect((await fetch(new URL('/nope', server.url))).status).toBe(404);
});

/** Opens a WebSocket and resolves with the first message, or rejects with the HTTP status of a refused upgrade. */
function firstMessage(url: string, protocols: string[]) {
  const socket = new WebSocket(url, protocols);
  const message = new Promise<Record<string, unknown>>((resolve, reject) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.once('unexpected-response', (_request, response) => {
      reject(new Error(`HTTP ${response.statusCode}`));
      socket.terminate();
    });
    socket.once('error', reject);
  });
  return { socket, message };
}

it("accepts the chat's WebSocket at / (where MDN's client connects) and at /chat, with or without 'json'", async () => {
  for (const path of ['/', '/chat']) {
    for (const protocols of [[], ['json']]) {
      const { socket, message } = firstMessage(`ws://127.0.0.1:${server.port}${path}`, protocols);
      await expect(message, `${path} ${protocols}`).resolves.toMatchObject({ type: 'id' });
      // The server agrees to the subprotocol offered (a client that offers one fails without it).
      expect(socket.protocol).toBe(protocols[0] ?? '');
      const closed = new Promise((resolve) => socket.once('close', resolve));
      socket.close();
      await closed;
    }
  }
  expect(server.chatUrl).toBe(`ws://127.0.0.1:${server.port}/chat`);
});

it('answers an upgrade on any other path with a 404 that says where the chat is', async () => {
  const socket = new WebSocket(`ws://127.0.0.1:${server.port}/nope`, ['json']);
  socket.on('error', () => {}); // terminate() below reports the aborted handshake as an error
  const response = await new Promise<IncomingMessage>((resolve, reject) => {
    socket.once('unexpected-response', (_request, res) => resolve(res));
    socket.once('open', () => reject(new Error('opened a WebSocket at /nope')));
  });
  let body = '';
  for await (const chunk of response) body += chunk;
  expect(response.statusCode).toBe(404);
  expect(body).toBe(`No WebSocket here: the chat is at ws://127.0.0.1:${server.port}/chat\n`);
  // With an 'unexpected-response' listener, ending the attempt is up to the client.
  const closed = new Promise((resolve) => socket.once('close', resolve));
  socket.terminate();
  await closed;
});
