import { type AddressInfo, createServer, type Socket, connect as tcpConnect } from 'node:net';

/** What the proxy does with the bytes of its connections. */
export type ProxyMode =
  /** Forward both ways. */
  | 'pass'
  /** Forward nothing, keep every connection open: a half-open link (laptop lid, dead NAT entry). */
  | 'stall'
  /** Drop what the client sends; forward what the server sends. */
  | 'cut-upstream'
  /** Forward what the client sends; drop what the server sends. */
  | 'cut-downstream';

/**
 * A TCP proxy on 127.0.0.1, port 0, between a client and a server: it can stall, delay, cut one
 * direction of, or drop the connections that go through it. Bytes dropped by a cut are gone; bytes
 * held by a stall are held, not lost.
 */
export interface TcpProxy {
  /** `ws://127.0.0.1:<port>` plus `path`. */
  url(path?: string): string;
  /** Connections accepted since the start. */
  readonly accepted: number;
  /** Connections open now. */
  readonly open: number;
  /** Sets the mode for every connection, present and future. */
  setMode(mode: ProxyMode): void;
  /** Delays every chunk, both ways, by `ms` (real time; 0 for none). Order is kept. */
  setDelay(ms: number): void;
  /** Destroys every connection at once (both sides see a reset). */
  dropAll(): void;
  /** Closes the listener and every connection. */
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host?: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass';
  let delay = 0;
  let accepted = 0;
  const pairs = new Set<{ client: Socket; server: Socket; held: Array<() => void> }>();

  const server = createServer((client) => {
    accepted++;
    const upstream = tcpConnect(target.port, target.host ?? '127.0.0.1');
    const pair = { client, server: upstream, held: [] as Array<() => void> };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket, cut: ProxyMode) => {
      from.on('data', (chunk: Buffer) => {
        if (mode === cut) return;
        const write = () => {
          if (!to.destroyed) to.write(chunk);
        };
        if (mode === 'stall') pair.held.push(write);
        else if (delay > 0 || pair.held.length > 0) {
          pair.held.push(write);
          // Flushed in order once the delay has passed for the oldest.
          setTimeout(() => flush(pair), delay).unref();
        } else write();
      });
    };
    forward(client, upstream, 'cut-upstream');
    forward(upstream, client, 'cut-downstream');
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end);
    upstream.on('close', end);
    client.on('error', end);
    upstream.on('error', end);
  });
  const flush = (pair: { held: Array<() => void> }) => {
    if (mode === 'stall') return;
    const writes = pair.held.splice(0);
    for (const write of writes) write();
  };
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: (path = '/') => `ws://127.0.0.1:${port}${path}`,
    get accepted() {
      return accepted;
    },
    get open() {
      return pairs.size;
    },
    setMode(next) {
      mode = next;
      if (next !== 'stall') for (const pair of pairs) flush(pair);
    },
    setDelay(ms) {
      delay = ms;
    },
    dropAll() {
      for (const pair of [...pairs]) {
        pair.client.resetAndDestroy();
        pair.server.destroy();
      }
    },
    close() {
      for (const pair of [...pairs]) {
        pair.client.destroy();
        pair.server.destroy();
      }
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
