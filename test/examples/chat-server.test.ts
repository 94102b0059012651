// The chat server on its own: MDN's protocol, and bad messages logged and ignored without a crash.
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
