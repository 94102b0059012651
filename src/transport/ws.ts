import type { WebSocketLike } from '../types.js';
import { type Immediates, immediates } from './immediates.js';
import { RuntimeTransport } from './runtime-transport.js';
import { deliver, received, type TransportSink } from './transport.js';

type Listener = (...args: never[]) => void;

/** The part of Node's `net.Socket` that corking uses. */
interface Corkable {
  cork(): void;
  uncork(): void;
}

/**
 * The parts of a `ws` socket this adapter uses beyond the standard's: its EventEmitter face, the flags that say
 * whether a close was clean, its TCP socket, and `pause()`, `resume()` and `terminate()`. Only this file reads them.
 */
interface WsSocket extends WebSocketLike {
  on(type: string, listener: Listener): unknown;
  removeListener(type: string, listener: Listener): unknown;
  /** Set when the peer's close frame arrived, and when ours was sent: both make a clean close. */
  readonly _closeFrameReceived: boolean;
  readonly _closeFrameSent: boolean;
  /** The `net.Socket`, once open. */
  readonly _socket?: Partial<Corkable> | null;
  pause(): void;
  readonly isPaused?: boolean;
  resume(): void;
  terminate(): void;
}

/** Whether `ws` is a `ws` socket: `_closeFrameReceived` is ws's own field, beside an EventEmitter `on`. */
export function isWs(ws: WebSocketLike): ws is WsSocket {
  return '_closeFrameReceived' in ws && typeof (ws as Partial<WsSocket>).on === 'function';
}

/**
 * The transport for `ws` (Node). It listens through ws's EventEmitter face, which skips the wrapper closure ws keeps
 * per `addEventListener` call and the Event object it builds per event (the socket above builds standard events
 * anyway): `open` comes with no argument, `error` with the Error, `close` with the code and the reason's bytes,
 * `message` with the data and whether it is binary (text comes as a Buffer). It can pause and resume reading
 * (TCP backpressure), terminate, and cork the TCP socket for a turn of the event loop.
 */
export class WsTransport extends RuntimeTransport<WsSocket> {
  /** The one listener for `open`, `error` and `close`, bound once: no closure context per socket. */
  readonly #onEvent: (event?: unknown, reason?: unknown) => void = this.#event.bind(this);
  #onMessage: ((data: unknown, isBinary: boolean) => void) | undefined;
  /** True while the TCP socket is corked for this turn. */
  #corked = false;
  /** The end of the turn in which the socket opened, while reading waits for it (see `#event`). */
  #opening: { readonly timers: Immediates; readonly handle: unknown } | undefined;
  /** Whether the layers above paused reading (inbound backpressure). */
  #paused = false;

  /**
   * @param ws - the `ws` socket, just constructed.
   * @param sink - where the standard's events go.
   */
  constructor(ws: WsSocket, sink: TransportSink) {
    super(ws, sink);
    ws.on('open', this.#onEvent);
    ws.on('error', this.#onEvent);
    ws.on('close', this.#onEvent);
  }

  receive(): void {
    if (this.#onMessage) return;
    const sink = this.sink;
    // toString() decodes a text frame's Buffer (String(buffer) takes twice as long).
    this.#onMessage = (data, isBinary) => sink[received](isBinary ? data : (data as object).toString());
    this.ws.on('message', this.#onMessage as Listener);
  }

  opened(): void {
    this.ws.removeListener('open', this.#onEvent);
  }

  detach(): void {
    const ws = this.ws;
    this.#opening?.timers.clearImmediate(this.#opening.handle);
    ws.removeListener('open', this.#onEvent);
    ws.removeListener('error', this.#onEvent);
    ws.removeListener('close', this.#onEvent);
    if (this.#onMessage) ws.removeListener('message', this.#onMessage as Listener);
  }

  pause(): void {
    this.#paused = true;
    this.ws.pause();
  }

  resume(): void {
    this.#paused = false;
    if (!this.#opening) this.ws.resume();
  }

  isPaused(): boolean {
    return this.ws.isPaused === true;
  }

  terminate(): void {
    this.ws.terminate();
  }

  /**
   * Corks the TCP socket until this turn's synchronous code ends, so the turn's frames reach the network in one
   * system call; the corked bytes stay counted in `bufferedAmount`. Before open there is no TCP socket: nothing.
   */
  cork(): void {
    if (this.#corked) return;
    const tcp = this.ws._socket;
    if (typeof tcp?.cork !== 'function' || typeof tcp.uncork !== 'function') return;
    tcp.cork();
    this.#corked = true;
    queueMicrotask(() => {
      this.#corked = false;
      (tcp as Corkable).uncork();
    });
  }

  /** ws's emitter calls it with nothing (open), the Error (error), or the close code and the reason's bytes (close). */
  #event(event?: unknown, reason?: unknown): void {
    if (event === undefined) {
      // ws reads the frames that came with the handshake in the same turn as `open`, before the microtasks queued by
      // it run; a browser fires each message as a task of its own. So reading waits for the end of this turn: a
      // listener added after `await`ing the open still gets the server's first messages.
      const timers = immediates();
      if (timers) {
        this.ws.pause();
        const handle = timers.setImmediate(() => {
          this.#opening = undefined;
          if (!this.#paused) this.ws.resume();
        });
        this.#opening = { timers, handle };
      }
      this.sink[deliver]('open');
    } else if (typeof event === 'number') {
      const ws = this.ws;
      const wasClean = ws._closeFrameReceived && ws._closeFrameSent;
      this.sink[deliver]('close', { code: event, reason: (reason as object).toString(), wasClean });
    } else {
      // ws's emitter gives the Error; its `onerror` gives an ErrorEvent carrying it, which rxjs/webSocket passes on.
      const message = (event as { message?: unknown } | null)?.message;
      this.sink[deliver]('error', event, Object.assign(new Event('error'), { error: event, message }));
    }
  }
}
