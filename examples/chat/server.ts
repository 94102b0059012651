// The chat server: MDN's chat protocol over ws, and the browser client's page and script over HTTP, on
// one port of 127.0.0.1. Every incoming message is validated; bad ones are logged and ignored.
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import * as v from 'valibot';
import { type WebSocket, WebSocketServer } from 'ws';
import { ClientMessage, type ServerMessage } from './protocol.js';

export interface ChatServer {
  /** The page's URL. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, drops every client (without a close frame, as a crash would) and resolves when closed. */
  close(): Promise<void>;
}

export interface ChatServerOptions {
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** Where log lines go. @default console.log */
  log?: (line: string) => void;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** Bundles the browser client with esbuild (rx-websocket from src/, through tsconfig paths). */
export async function bundleClient(): Promise<string> {
  const result = await build({
    entryPoints: [here('./client/app.ts')],
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    tsconfig: here('../../tsconfig.json'),
    logLevel: 'error',
  });
  return result.outputFiles[0]?.text ?? '';
}

export async function startChatServer(options: ChatServerOptions = {}): Promise<ChatServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const [page, script] = await Promise.all([readFile(here('./client/index.html'), 'utf8'), bundleClient()]);

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0];
    if (path === '/' || path === '/index.html') {
      response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      response.end(page);
    } else if (path === '/app.js') {
      response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' });
      response.end(script);
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
    }
  });
  const wss = new WebSocketServer({ server: http, path: '/chat', maxPayload: 64 * 1024 });
  const names = new Map<WebSocket, string>();
  let nextId = 0;

  const send = (socket: WebSocket, message: ServerMessage) => socket.send(JSON.stringify(message));
  const broadcast = (message: ServerMessage) => {
    for (const client of wss.clients) send(client, message);
  };
  const userlist = () => broadcast({ type: 'userlist', users: [...names.values()] });
  const unique = (wanted: string, socket: WebSocket) => {
    const taken = new Set([...names].filter(([other]) => other !== socket).map(([, name]) => name));
    if (!taken.has(wanted)) return wanted;
    let n = 2;
    while (taken.has(`${wanted}${n}`)) n++;
    return `${wanted}${n}`;
  };

  wss.on('connection', (socket) => {
    const id = ++nextId;
    send(socket, { type: 'id', id });
    socket.on('message', (data, isBinary) => {
      let parsed: ClientMessage;
      try {
        if (isBinary) throw new Error('binary frame');
        parsed = v.parse(ClientMessage, JSON.parse(String(data)));
      } catch (error) {
        log(`ignored a bad message from client ${id}: ${(error as Error).message.split('\n')[0]?.slice(0, 120)}`);
        return;
      }
      if (parsed.type === 'username') {
        const name = unique(parsed.name, socket);
        if (name !== parsed.name) send(socket, { type: 'rejectusername', name });
        names.set(socket, name);
        log(`client ${id} is ${name}`);
        userlist();
      } else {
        const name = names.get(socket);
        if (name === undefined) {
          log(`ignored a message from client ${id}, which has no name yet`);
          return;
        }
        broadcast({ type: 'message', id, name, text: parsed.text, date: Date.now() });
      }
    });
    socket.on('close', () => {
      if (names.delete(socket)) userlist();
    });
    socket.on('error', () => {});
  });

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/** `npm start`: PORT (default 8080), or a free port when it is taken. Ctrl-C stops it. */
async function main(): Promise<void> {
  const wanted = Number(process.env.PORT ?? 8080);
  let server: ChatServer;
  try {
    server = await startChatServer({ port: wanted });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    server = await startChatServer({ port: 0 });
    console.log(`Port ${wanted} is taken; using ${server.port}.`);
  }
  console.log(`rx-websocket chat: open ${server.url} in a browser (several tabs to chat with yourself),`);
  console.log(`or join from a terminal: npm run chat:cli -- ws://127.0.0.1:${server.port}/chat yourname`);
  console.log('Ctrl-C stops the server.');
  const stop = async () => {
    await server.close();
    console.log('\nstopped');
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
