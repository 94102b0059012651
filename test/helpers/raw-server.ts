import { createHash } from 'node:crypto';
import { type AddressInfo, createServer, type Socket } from 'node:net';

/**
 * How the raw server answers, chosen by the request path (`/http-401`, `/frame-reserved-opcode`, …):
 * - `http-<status>`: an HTTP error instead of the upgrade;
 * - `protocol-<name>`: a 101 that selects a subprotocol the client did not offer;
 * - `frame-invalid-utf8`: a valid handshake, then a text frame that is not UTF-8;
 * - `frame-reserved-opcode`: a valid handshake, then a frame with reserved opcode 0x3;
 * - `frame-oversized`: a valid handshake, then a binary frame header announcing 2^40 bytes;
 * - `hang`: reads the request and never answers.
 */
export type RawScenario =
  | `http-${number}`
  | `protocol-${string}`
  | 'frame-invalid-utf8'
  | 'frame-reserved-opcode'
  | 'frame-oversized'
  | 'hang';

/** A TCP server on 127.0.0.1, port 0, that speaks just enough HTTP and WebSocket to misbehave. */
export interface RawServer {
  url(scenario: RawScenario): string;
  /** Requests received, per scenario path. */
  readonly requests: ReadonlyMap<string, number>;
  /** Connections open now. */
  readonly open: number;
  close(): Promise<void>;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const FRAMES: Record<string, Buffer> = {
  'frame-invalid-utf8': Buffer.from([0x81, 0x02, 0xff, 0xfe]),
  'frame-reserved-opcode': Buffer.from([0x83, 0x00]),
  'frame-oversized': Buffer.from([0x82, 0x7f, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00]),
};

export async function startRawServer(): Promise<RawServer> {
  const requests = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    let head = '';
    socket.on('data', (chunk) => {
      if (head.includes('\r\n\r\n')) return;
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const path = /^GET \/([^ ?]*)/.exec(head)?.[1] ?? '';
      requests.set(path, (requests.get(path) ?? 0) + 1);
      const key = /sec-websocket-key: *(\S+)/i.exec(head)?.[1] ?? '';
      const accept = createHash('sha1')
        .update(key + GUID)
        .digest('base64');
      const upgrade = (extra = '') =>
        `HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n${extra}\r\n`;
      if (path === 'hang') return;
      const status = /^http-(\d+)$/.exec(path)?.[1];
      if (status) {
        socket.end(`HTTP/1.1 ${status} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
      } else if (path.startsWith('protocol-')) {
        socket.write(upgrade(`Sec-WebSocket-Protocol: ${path.slice('protocol-'.length)}\r\n`));
      } else if (FRAMES[path]) {
        socket.write(upgrade());
        socket.write(FRAMES[path]);
      } else {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (scenario) => `ws://127.0.0.1:${port}/${scenario}`,
    requests,
    get open() {
      return sockets.size;
    },
    close() {
      for (const socket of sockets) socket.destroy();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
