// A tiny echo server on 127.0.0.1 for the examples: echoes every message, answers `burst:N` with N
// numbered messages, and closes with the code and reason of `close:CODE:REASON`.
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';

export interface LocalServer {
  url: string;
  /** Resolves once no client is connected. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export async function startLocalServer(
  log: (line: string) => void = () => {},
  port = Number(process.env.PORT ?? 0),
): Promise<LocalServer> {
  const wss = new WebSocketServer({
    host: '127.0.0.1',
    port,
    handleProtocols: (protocols) => protocols.values().next().value ?? false,
  });
  await new Promise<void>((resolve, reject) => {
    wss.once('listening', resolve);
    wss.once('error', reject);
  });
  wss.on('connection', (socket, request) => {
    log(`server: connection from ${request.socket.remoteAddress} (subprotocol '${socket.protocol}')`);
    socket.on('close', (code, reason) => log(`server: client closed with ${code} '${reason.toString()}'`));
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? '' : data.toString();
      if (text.startsWith('burst:')) {
        for (let i = 1; i <= Number(text.slice(6)); i++) socket.send(`tick ${i}`);
      } else if (text.startsWith('close:')) {
        const [, code, reason = ''] = text.split(':');
        socket.close(Number(code), reason);
      } else {
        socket.send(data, { binary: isBinary });
      }
    });
  });
  const { port: actual } = wss.address() as AddressInfo;
  const idle = async () => {
    while (wss.clients.size > 0) await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    url: `ws://127.0.0.1:${actual}/demo`,
    idle,
    close: () =>
      new Promise((resolve, reject) => {
        for (const client of wss.clients) client.terminate();
        wss.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
