import type { AddressInfo } from 'node:net';
// Node's own: tests that stub the timer globals (fake timers, no setImmediate) must not stop the server's bookkeeping.
import { setImmediate } from 'node:timers';
import { type WebSocket, WebSocketServer } from 'ws';

/** What the test server saw of one connection's end. */
export interface ServerClose {
  code: number;
  reason: string;
}

/**
 * A real `ws` server on 127.0.0.1, port 0, speaking a small command protocol that the shared
 * behaviour suite uses from every runtime (Node clients and the browser alike):
 *
 * - any binary message, or text not below: echoed back as it came;
 * - `close:<code>:<reason>`: the server closes with that code and reason;
 * - `terminate`: the server drops the TCP connection (an abnormal close, 1006);
 * - `burst:<n>`: the server sends `m0` … `m<n-1>`;
 * - `last-close`: the server answers with JSON `{ code, reason }` of the last client close it saw.
 * The first subprotocol a client offers is selected; with `greet` selected, the server sends `hello` and `second` as
 * soon as the connection opens. A connection to the path `/reject` fails its handshake with HTTP 401.
 */
export interface TestServer {
  readonly url: string;
  /** Connections the server holds now. */
  readonly clients: ReadonlySet<WebSocket>;
  /** Connections accepted since the start. */
  readonly accepted: number;
  /** Every close the server saw, oldest first. */
  readonly closes: readonly ServerClose[];
  /** Text messages received, oldest first (commands included). */
  readonly received: readonly string[];
  /** Resolves once no connection is left. */
  idle(): Promise<void>;
  /** Stops the server and resolves when it is closed. */
  close(): Promise<void>;
}

/** What the server sends first to a client that selected the `greet` subprotocol. */
export const GREETING = ['hello', 'second'];

export async function startTestServer(): Promise<TestServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port: 0,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
    // `/reject`: the handshake fails with HTTP 401, as a server that refuses a client does.
    verifyClient: (info, done) => done(!info.req.url?.startsWith('/reject'), 401),
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  const closes: ServerClose[] = [];
  const received: string[] = [];
  let accepted = 0;
  let idleWaiters: Array<() => void> = [];
  const checkIdle = () => {
    if (wss.clients.size > 0) return;
    for (const resolve of idleWaiters) resolve();
    idleWaiters = [];
  };

  wss.on('connection', (socket) => {
    accepted++;
    if (socket.protocol === 'greet') for (const greeting of GREETING) socket.send(greeting);
    socket.on('close', (code, reason) => {
      closes.push({ code, reason: reason.toString() });
      // wss.clients drops the socket in its own close listener, after this one.
      setImmediate(checkIdle);
    });
    socket.on('message', (data, isBinary) => {
      if (isBinary) {
        socket.send(data, { binary: true });
        return;
      }
      const text = data.toString();
      received.push(text);
      if (text.startsWith('close:')) {
        const [, code, ...reason] = text.split(':');
        socket.close(Number(code), reason.join(':'));
      } else if (text === 'terminate') {
        socket.terminate();
      } else if (text.startsWith('burst:')) {
        const count = Number(text.slice(6));
        for (let i = 0; i < count; i++) socket.send(`m${i}`);
      } else if (text === 'last-close') {
        socket.send(JSON.stringify(closes.at(-1) ?? null));
      } else {
        socket.send(text);
      }
    });
  });

  const { port } = wss.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    get clients() {
      return wss.clients;
    },
    get accepted() {
      return accepted;
    },
    closes,
    received,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        checkIdle();
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
