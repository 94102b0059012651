// Test doubles that play the test server's command protocol themselves (see test-server.ts), so that the shared
// behaviour suite runs on them as on a real runtime: a FakeWebSocket, and an `on*`-only double of the kind apps write
// for rxjs/webSocket (handler properties only, plain event objects without `type`). Events come as tasks, as a
// runtime's do. A connection to port 1 is refused and one to the path `/reject` fails its handshake.
import type { WebSocketConstructorLike, WebSocketData } from 'rx-websocket';
import { FakeWebSocket } from 'rx-websocket/testing';
import { GREETING, type ServerClose } from './test-server.js';

/** What the scripted server saw, shared by the sockets of one {@link scriptedDoubles} call. */
export interface ScriptedServer {
  readonly url: string;
  readonly closes: ServerClose[];
  /** Sockets the server holds now. */
  open: number;
}

const task = (fn: () => void) => setTimeout(fn, 0);
const refused = (url: string) => {
  const { port, pathname } = new URL(url);
  return port === '1' || pathname.startsWith('/reject');
};

/** The server's answer to one message: `reply` messages, then maybe a close. */
function answer(
  server: ScriptedServer,
  data: WebSocketData,
  binaryType: string,
): { replies: unknown[]; close?: ServerClose & { wasClean: boolean } } {
  if (typeof data !== 'string') {
    const bytes = ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice()
      : data instanceof ArrayBuffer
        ? new Uint8Array(data.slice(0))
        : undefined;
    if (data instanceof Blob) return { replies: [binaryType === 'blob' ? data : data.arrayBuffer()] };
    const copy = bytes as Uint8Array<ArrayBuffer>;
    return { replies: [binaryType === 'blob' ? new Blob([copy]) : copy.buffer] };
  }
  if (data.startsWith('close:')) {
    const [, code, ...reason] = data.split(':');
    return { replies: [], close: { code: Number(code), reason: reason.join(':'), wasClean: true } };
  }
  if (data === 'terminate') return { replies: [], close: { code: 1006, reason: '', wasClean: false } };
  if (data.startsWith('burst:')) return { replies: Array.from({ length: Number(data.slice(6)) }, (_, i) => `m${i}`) };
  if (data === 'last-close') return { replies: [JSON.stringify(server.closes.at(-1) ?? null)] };
  return { replies: [data] };
}

/**
 * Constructors of both doubles, against one scripted server.
 * @returns the server's record and the two constructors.
 */
export function scriptedDoubles(url = 'ws://scripted.test/') {
  const server: ScriptedServer = { url, closes: [], open: 0 };

  class ScriptedFake extends FakeWebSocket {
    /** Resolves when the socket has closed. */
    readonly closed: Promise<void>;
    #closed: () => void = () => {};
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      this.closed = new Promise((resolve) => {
        this.#closed = resolve;
      });
      this.addEventListener('close', () => this.#closed());
      task(() => {
        if (this.readyState !== 0) return;
        if (refused(url)) this.fail(new Error('connection refused'));
        else {
          server.open++;
          this.open(this.protocols[0] ?? '');
          if (this.protocol === 'greet') for (const greeting of GREETING) task(() => this.receive(greeting));
        }
      });
    }
    override send(data: WebSocketData): void {
      super.send(data);
      const { replies, close } = answer(server, data, this.binaryType);
      task(async () => {
        for (const reply of replies) if (this.readyState === 1) this.receive(await reply);
        if (close && this.readyState === 1) this.#serverClose(close);
      });
    }
    override close(code?: number, reason?: string): void {
      const opened = this.readyState === 1;
      const connecting = this.readyState === 0;
      super.close(code, reason);
      if (!opened && !connecting) return;
      task(() => {
        if (connecting) {
          this.fail(new Error('closed before the connection was established'));
          return;
        }
        server.closes.push({ code: code ?? 1005, reason: reason ?? '' });
        server.open--;
        this.serverClose(code ?? 1005, reason ?? '', true);
      });
    }
    #serverClose({ code, reason, wasClean }: ServerClose & { wasClean: boolean }): void {
      server.closes.push({ code, reason });
      server.open--;
      this.serverClose(code, reason, wasClean);
    }
  }

  /** A double with only `on*` handler properties. A refused connection fires `onerror` alone, as such doubles do. */
  class HandlerOnlyDouble {
    readonly url: string;
    readonly closed: Promise<void>;
    readyState = 0;
    protocol = '';
    extensions = '';
    bufferedAmount = 0;
    binaryType = 'blob';
    onopen: ((event: unknown) => void) | null = null;
    onmessage: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    #closed: () => void = () => {};
    readonly #protocols: string[];

    constructor(url: string, protocols?: string | string[]) {
      this.url = url;
      this.#protocols = protocols === undefined ? [] : typeof protocols === 'string' ? [protocols] : protocols;
      this.closed = new Promise((resolve) => {
        this.#closed = resolve;
      });
      task(() => {
        if (this.readyState !== 0) return;
        if (refused(url)) {
          this.onerror?.({});
          this.#closed();
          return;
        }
        server.open++;
        this.readyState = 1;
        this.protocol = this.#protocols[0] ?? '';
        this.onopen?.({});
        if (this.protocol === 'greet')
          for (const greeting of GREETING) task(() => this.onmessage?.({ data: greeting }));
      });
    }
    send(data: WebSocketData): void {
      if (this.readyState === 0) throw new Error('send() while CONNECTING');
      const { replies, close } = answer(server, data, this.binaryType);
      task(async () => {
        for (const reply of replies) if (this.readyState === 1) this.onmessage?.({ data: await reply });
        if (close && this.readyState === 1) {
          server.closes.push({ code: close.code, reason: close.reason });
          this.#finish(close);
        }
      });
    }
    close(code?: number, reason?: string): void {
      if (this.readyState >= 2) return;
      const connecting = this.readyState === 0;
      this.readyState = 2;
      task(() => {
        if (connecting) {
          this.readyState = 3;
          this.onerror?.({});
          this.onclose?.({ code: 1006, reason: '', wasClean: false });
          this.#closed();
          return;
        }
        server.closes.push({ code: code ?? 1005, reason: reason ?? '' });
        this.#finish({ code: code ?? 1005, reason: reason ?? '', wasClean: true });
      });
    }
    #finish(close: ServerClose & { wasClean: boolean }): void {
      server.open--;
      this.readyState = 3;
      this.onclose?.(close);
      this.#closed();
    }
  }

  return {
    server,
    FakeWebSocket: ScriptedFake as unknown as WebSocketConstructorLike,
    HandlerOnly: HandlerOnlyDouble as unknown as WebSocketConstructorLike,
  };
}
