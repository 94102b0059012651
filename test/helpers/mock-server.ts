import { type Client, Server } from 'mock-socket';
import { GREETING, type ServerClose } from './test-server.js';

/** The test server's command protocol (see test-server.ts) on a mock-socket `Server`. */
export interface MockTestServer {
  readonly url: string;
  readonly closes: readonly ServerClose[];
  /** Text messages received, oldest first. */
  readonly received: readonly string[];
  /** Resolves once the server holds no connection (checked on every close). */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export function startMockServer(url = 'ws://mock.test:4000/'): MockTestServer {
  const server = new Server(url, { selectProtocol: (protocols: string[]) => protocols[0] ?? '' });
  const closes: ServerClose[] = [];
  const received: string[] = [];
  let waiters: Array<() => void> = [];
  const checkIdle = () => {
    if (server.clients().length > 0) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };
  // A client that failed while connecting closes on the server only, not on its client proxy.
  server.on('close', () => queueMicrotask(checkIdle));
  server.on('connection', (socket: Client) => {
    if (socket.protocol === 'greet') for (const greeting of GREETING) socket.send(greeting);
    // Listeners get the close event, though mock-socket's types say they get nothing.
    socket.on('close', ((event: { code: number; reason: string }) => {
      closes.push({ code: event.code, reason: event.reason });
      queueMicrotask(checkIdle); // mock-socket removes the client after its close listeners
    }) as unknown as () => void);
    socket.on('message', (data) => {
      if (typeof data !== 'string') {
        // mock-socket's server sends a Blob or an ArrayBuffer as binary, and anything else as text ('123,34,…').
        const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : data;
        socket.send(bytes instanceof Uint8Array ? bytes.slice().buffer : bytes);
        return;
      }
      received.push(data);
      if (data.startsWith('close:')) {
        const [, code, ...reason] = data.split(':');
        socket.close({ code: Number(code), reason: reason.join(':'), wasClean: true });
      } else if (data === 'terminate') {
        socket.close({ code: 1006, reason: '', wasClean: false });
      } else if (data.startsWith('burst:')) {
        for (let i = 0; i < Number(data.slice(6)); i++) socket.send(`m${i}`);
      } else if (data === 'last-close') {
        socket.send(JSON.stringify(closes.at(-1) ?? null));
      } else {
        socket.send(data);
      }
    });
  });
  return {
    url,
    closes,
    received,
    idle: () =>
      new Promise<void>((resolve) => {
        waiters.push(resolve);
        checkIdle();
      }),
    stop: () => new Promise((resolve) => server.stop(() => resolve())),
  };
}
