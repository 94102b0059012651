// The chat server: MDN's chat protocol over ws, and the browser client's page and script over HTTP, on
// one port of 127.0.0.1. Every incoming message is validated; bad ones are logged and ignored. When the Angular
// client (examples/angular) is built, it is served at /angular/, rendered on the server.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import * as v from 'valibot';
import { type WebSocket, WebSocketServer } from 'ws';
import { ClientMessage, type ServerMessage } from './protocol.js';

export interface ChatServer {
  /** The page's URL. */
  readonly url: string;
  /** The chat's WebSocket URL (`ws://127.0.0.1:PORT/chat`; the root path `/` is accepted too). */
  readonly chatUrl: string;
  /** The port it listens on: the one asked for, or a free one (see `freePortIfTaken`). */
  readonly port: number;
  /** Stops accepting, drops every client (without a close frame, as a crash would) and resolves when closed. */
  close(): Promise<void>;
  /**
   * Drops the connections of the user with this name, as a failing network would (no close frame); the server goes
   * on. Their pages reconnect and resume.
   * @returns how many connections were dropped.
   */
  drop(name: string): number;
}

export interface ChatServerOptions {
  /** The port; 0 picks a free one. @default 0 */
  port?: number;
  /** When `port` is taken, listen on a free port instead of failing (what `npm start` does). @default false */
  freePortIfTaken?: boolean;
  /** Where log lines go. @default console.log */
  log?: (line: string) => void;
  /**
   * The Angular client's build (`ng build`'s output directory, with `browser/` and `server/`), served at `/angular/`:
   * its files as they are, its pages rendered on the server. Without it, `/angular/` is a 404 that says how to build.
   */
  angular?: string;
}

/** Where `npm run chat:angular` builds the Angular client. */
export const ANGULAR_BUILD = fileURLToPath(new URL('../angular/dist', import.meta.url));

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.ico': 'image/x-icon',
};

/** What the Angular build's server bundle (examples/angular/src/server.ts) exports. */
interface AngularServerBundle {
  renderPage(request: IncomingMessage, response: ServerResponse): Promise<boolean>;
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/**
 * The paths where the chat's WebSocket is accepted: the client's `/chat`, and `/`, where MDN's own chat client
 * (`new WebSocket('ws://localhost:8080', 'json')`) connects.
 */
const CHAT_PATHS = new Set(['/', '/chat']);

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
  const [page, style, script] = await Promise.all([
    readFile(here('./client/index.html'), 'utf8'),
    readFile(here('./client/style.css'), 'utf8'),
    bundleClient(),
  ]);
  const angular = options.angular === undefined ? undefined : angularClient(options.angular, log);

  const http = createServer((request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    const reply = (type: string, body: string) => {
      response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      response.end(body);
    };
    if (path === '/' || path === '/index.html') reply(CONTENT_TYPES['.html'] as string, page);
    else if (path === '/app.js') reply(CONTENT_TYPES['.js'] as string, script);
    else if (path === '/style.css') reply(CONTENT_TYPES['.css'] as string, style);
    else if (path === '/angular' || path.startsWith('/angular/')) {
      if (angular) angular(request, response, path);
      else {
        response.writeHead(404, { 'content-type': 'text/plain' });
        response.end('The Angular client is not built: `npm run chat:angular` builds it and starts this server.');
      }
    } else {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('Not found. The chat is at / (its WebSocket at /chat).');
    }
  });
  // noServer: the upgrades are routed below. With `server: http`, ws would also re-emit the HTTP server's errors
  // (EADDRINUSE among them) on the WebSocketServer, where nobody listens: an uncaught exception instead of the
  // rejection that startChatServer's caller can handle.
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const chatUrl = () => `ws://127.0.0.1:${(http.address() as AddressInfo).port}/chat`;
  http.on('upgrade', (request: IncomingMessage, socket: Socket, head: Buffer) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    if (CHAT_PATHS.has(path)) {
      wss.handleUpgrade(request, socket, head, (client) => wss.emit('connection', client, request));
    } else {
      // ws would answer a bare 400; a 404 that says where the chat is helps whoever typed the URL.
      refuseUpgrade(socket, 404, 'Not Found', `No WebSocket here: the chat is at ${chatUrl()}\n`);
    }
  });
  const names = new Map<WebSocket, string>();
  let nextId = 0;
  // Positions keep growing across restarts of this process (a client that resumes after an old one sees a gap, not
  // duplicates); the history is short and in memory, as a chat's would be in a cache.
  let seq = Date.now() * 1000;
  const history: ServerMessage[] = [];
  /** Message ids already taken, oldest first, bounded: a resent copy is acknowledged again, not broadcast again. */
  const taken = new Set<string>();

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
    log(`client ${id} connected`);
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
      } else if (parsed.type === 'resume') {
        for (const message of history)
          if (message.type === 'message' && (message.seq ?? 0) > parsed.after) send(socket, message);
      } else {
        const name = names.get(socket);
        if (name === undefined) {
          log(`ignored a message from client ${id}, which has no name yet`);
          return;
        }
        const mid = parsed.mid;
        if (mid === undefined || !taken.has(mid)) {
          if (mid !== undefined) {
            taken.add(mid);
            if (taken.size > 10_000) taken.delete(taken.values().next().value as string);
          }
          const message: ServerMessage = { type: 'message', id, name, text: parsed.text, date: Date.now(), seq: ++seq };
          if (mid !== undefined) message.mid = mid;
          history.push(message);
          if (history.length > 100) history.shift();
          broadcast(message);
        }
        if (mid !== undefined) send(socket, { type: 'ack', mid });
      }
    });
    socket.on('close', () => {
      if (names.delete(socket)) userlist();
    });
    socket.on('error', () => {});
  });

  await listen(http, options.port ?? 0, options.freePortIfTaken ?? false);
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    chatUrl: chatUrl(),
    port,
    drop: (name) => {
      const dropped = [...names].filter(([, taken]) => taken === name).map(([socket]) => socket);
      for (const socket of dropped) socket.terminate();
      return dropped.length;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

/**
 * Serves the Angular client's build at `/angular/`: a file of `browser/` as it is, any other path rendered on the
 * server by the build's server bundle (loaded on the first request).
 */
function angularClient(
  build: string,
  log: (line: string) => void,
): (request: IncomingMessage, response: ServerResponse, path: string) => void {
  const browser = join(build, 'browser');
  let bundle: Promise<AngularServerBundle> | undefined;
  const fail = (response: ServerResponse, status: number, text: string) => {
    response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
    response.end(text);
  };
  return (request, response, path) => {
    let file: string;
    try {
      file = normalize(join(browser, decodeURIComponent(path.slice('/angular'.length))));
    } catch {
      fail(response, 400, 'Malformed path.'); // a % not followed by two hex digits
      return;
    }
    const type = CONTENT_TYPES[extname(file)];
    if (file.startsWith(`${browser}/`) && type && !file.endsWith('.html') && existsSync(file)) {
      readFile(file).then(
        (body) => {
          response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
          response.end(body);
        },
        () => fail(response, 500, 'Cannot read the file.'),
      );
      return;
    }
    bundle ??= import(pathToFileURL(join(build, 'server', 'server.mjs')).href) as Promise<AngularServerBundle>;
    bundle
      .then((server) => server.renderPage(request, response))
      .then((answered) => {
        if (!answered) fail(response, 404, 'Not found.');
      })
      .catch((error: unknown) => {
        log(`could not render ${path}: ${(error as Error).message}`);
        if (!response.headersSent) fail(response, 500, 'The page could not be rendered: see the server log.');
      });
  };
}

/** Listens on 127.0.0.1:`port`, or, when it is taken and `freePortIfTaken`, on a free port. */
async function listen(http: Server, port: number, freePortIfTaken: boolean): Promise<void> {
  try {
    await listenOnce(http, port);
  } catch (error) {
    if (!freePortIfTaken || port === 0 || (error as NodeJS.ErrnoException).code !== 'EADDRINUSE') throw error;
    // The failed listen left the server closed, so it can listen again.
    await listenOnce(http, 0);
  }
}

function listenOnce(http: Server, port: number): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const fail = (error: Error) => reject(error);
    http.once('error', fail);
    // A bad port (say 70000) throws here rather than emitting 'error': the executor turns it into a rejection.
    http.listen(port, '127.0.0.1', () => {
      http.off('error', fail);
      resolve();
    });
  });
}

/** Answers an upgrade request with a plain HTTP error and closes the connection. */
function refuseUpgrade(socket: Socket, status: number, statusText: string, body: string): void {
  // A client that resets meanwhile must not crash the server.
  socket.on('error', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${statusText}\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}

/**
 * `npm start`: PORT (default 8080), or a free port when it is taken. Any other failure to start is one line on
 * stderr and exit code 1. Ctrl-C stops it. The Angular client is served when it is built (ANGULAR_BUILD, by default
 * examples/angular/dist).
 */
async function main(): Promise<void> {
  const portText = process.env.PORT || '8080';
  if (!/^\d+$/.test(portText)) {
    console.error(`rx-websocket chat: PORT must be a port number, not ${JSON.stringify(portText)}.`);
    process.exitCode = 1;
    return;
  }
  const wanted = Number(portText);
  let server: ChatServer;
  try {
    const angular = process.env.ANGULAR_BUILD || ANGULAR_BUILD;
    server = await startChatServer({
      port: wanted,
      freePortIfTaken: true,
      ...(existsSync(join(angular, 'server', 'server.mjs')) ? { angular } : {}),
    });
  } catch (error) {
    console.error(`rx-websocket chat: cannot serve on 127.0.0.1:${wanted}: ${(error as Error).message}`);
    process.exitCode = 1;
    return;
  }
  if (wanted !== 0 && server.port !== wanted) console.log(`Port ${wanted} is taken; using ${server.port}.`);
  console.log(`rx-websocket chat: open ${server.url} in a browser (several tabs to chat with yourself),`);
  console.log(`or join from a terminal: npm run chat:cli -- ${server.chatUrl} yourname`);
  console.log(`The Angular client: ${server.url}angular/ (\`npm run chat:angular\` builds it first).`);
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
