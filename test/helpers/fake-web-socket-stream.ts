// A scriptable WebSocketStream for Node, built on real web streams: the readable is pulled one message at a time
// (highWaterMark 0), so `reads` counts exactly what the socket asked the network for; each write stays pending until
// the test completes it (or `autoComplete`), as a slow network would keep it.
import type { WebSocketStreamCloseInfo, WebSocketStreamConnection, WebSocketStreamConstructor } from 'rx-websocket';

export interface FakeStream {
  readonly url: string;
  readonly protocols: string[] | undefined;
  readonly signal: AbortSignal | undefined;
  /** How many times the socket read from the readable (each read takes one message). */
  readonly reads: number;
  /** Messages the server has sent that the socket has not read yet. */
  readonly unread: number;
  /** What the socket wrote, in order. */
  readonly written: unknown[];
  /** Writes not completed yet. */
  readonly pendingWrites: number;
  /** Every close() the socket called on the stream. */
  readonly closeCalls: Array<WebSocketStreamCloseInfo | undefined>;
  accept(protocol?: string, extensions?: string): void;
  /** The handshake fails, as a refused connection does. */
  refuse(): void;
  serverSend(...messages: unknown[]): void;
  serverClose(code: number, reason?: string): void;
  /** The connection drops: the readable errors and `closed` rejects with 1006. */
  drop(): void;
  /** Completes the oldest `count` pending writes. */
  completeWrites(count?: number): void;
}

export interface FakeStreams {
  readonly WebSocketStream: WebSocketStreamConstructor;
  readonly all: FakeStream[];
  readonly last: FakeStream;
  /** Completes every write as soon as it is made. */
  autoComplete: boolean;
}

class WebSocketError extends Error {
  constructor(
    message: string,
    readonly closeCode: number | undefined,
    readonly reason = '',
  ) {
    super(message);
    this.name = 'WebSocketError';
  }
}

export function fakeWebSocketStreams(): FakeStreams {
  const all: FakeStream[] = [];
  const streams: FakeStreams = {
    WebSocketStream: undefined as unknown as WebSocketStreamConstructor,
    all,
    get last() {
      const stream = all.at(-1);
      if (!stream) throw new Error('no WebSocketStream was made');
      return stream;
    },
    autoComplete: false,
  };

  class FakeWebSocketStream {
    readonly opened: Promise<WebSocketStreamConnection>;
    readonly closed: Promise<WebSocketStreamCloseInfo>;
    readonly fake: FakeStream;

    constructor(url: string, options: { protocols?: string[]; signal?: AbortSignal } = {}) {
      let openedResolve!: (connection: WebSocketStreamConnection) => void;
      let openedReject!: (error: unknown) => void;
      let closedResolve!: (info: WebSocketStreamCloseInfo) => void;
      let closedReject!: (error: unknown) => void;
      this.opened = new Promise((resolve, reject) => {
        openedResolve = resolve;
        openedReject = reject;
      });
      this.closed = new Promise((resolve, reject) => {
        closedResolve = resolve;
        closedReject = reject;
      });
      // As in Chromium, an unobserved rejection is not an error of the page.
      this.opened.catch(() => {});
      this.closed.catch(() => {});

      const source: unknown[] = [];
      let controller!: ReadableStreamDefaultController<unknown>;
      let waiting = false; // a read is waiting for the next message
      let ended = false;
      const written: unknown[] = [];
      const writes: Array<() => void> = [];
      const closeCalls: Array<WebSocketStreamCloseInfo | undefined> = [];
      let reads = 0;
      let state: 'connecting' | 'open' | 'closed' = 'connecting';
      const readable = new ReadableStream<unknown>(
        {
          start: (c) => {
            controller = c;
          },
          pull: (c) => {
            reads++;
            if (source.length > 0) c.enqueue(source.shift());
            else if (ended) c.close();
            else waiting = true;
          },
        },
        { highWaterMark: 0 },
      );
      const writable = new WritableStream<unknown>({
        write: (chunk) => {
          written.push(chunk);
          if (streams.autoComplete) return;
          return new Promise<void>((resolve) => writes.push(resolve));
        },
      });
      const deliver = () => {
        if (!waiting) return;
        if (source.length > 0) {
          waiting = false;
          controller.enqueue(source.shift());
        } else if (ended) {
          waiting = false;
          controller.close();
        }
      };
      const end = (info: WebSocketStreamCloseInfo) => {
        if (state === 'closed') return;
        state = 'closed';
        ended = true;
        deliver();
        closedResolve(info);
      };
      const fail = (error: unknown) => {
        if (state === 'closed') return;
        const wasOpen = state === 'open';
        state = 'closed';
        openedReject(error);
        if (wasOpen) controller.error(error);
        closedReject(error);
      };
      options.signal?.addEventListener('abort', () => {
        if (state === 'connecting') fail(new DOMException('WebSocket handshake was aborted', 'AbortError'));
      });

      this.fake = {
        url,
        protocols: options.protocols,
        signal: options.signal,
        get reads() {
          return reads;
        },
        get unread() {
          return source.length;
        },
        written,
        get pendingWrites() {
          return writes.length;
        },
        closeCalls,
        accept: (protocol = '', extensions = '') => {
          state = 'open';
          openedResolve({ readable, writable, protocol, extensions });
        },
        refuse: () => fail(new WebSocketError('WebSocket closed before handshake complete.', undefined)),
        serverSend: (...messages) => {
          source.push(...messages);
          deliver();
        },
        serverClose: (code, reason = '') => end({ closeCode: code, reason }),
        drop: () => fail(new WebSocketError('WebSocket was not cleanly closed.', 1006)),
        completeWrites: (count = writes.length) => {
          for (const resolve of writes.splice(0, count)) resolve();
        },
      };
      const fake = this.fake;
      const closeStream = (info?: WebSocketStreamCloseInfo) => {
        closeCalls.push(info);
        // The server answers the closing handshake at once.
        if (state === 'open') fake.serverClose(info?.closeCode ?? 1005, info?.reason ?? '');
      };
      this.close = closeStream;
      all.push(fake);
    }

    close(_info?: WebSocketStreamCloseInfo): void {}
  }
  (streams as { WebSocketStream: WebSocketStreamConstructor }).WebSocketStream = FakeWebSocketStream;
  return streams;
}
