import { CloseEvent } from '../close-event.js';
import { CLOSED, CLOSING, CONNECTING, OPEN } from '../constants.js';
import { capabilitiesOf, type TransportCapabilities } from '../transport/transport.js';
import type { BinaryType, WebSocketData } from '../types.js';

/** What a {@link VirtualSocket} asks of the tab group that carries it. */
export interface VirtualSocketCarrier {
  open(socket: VirtualSocket): void;
  /** Sends `data`, the socket's `n`th message; the socket hears back through `acked(n)` once the real socket took it. */
  send(socket: VirtualSocket, data: WebSocketData, n: number): void;
  close(socket: VirtualSocket, code: number | undefined, reason: string | undefined): void;
  /** Holds (`subscribe` given) or leaves a multiplex topic for this socket. */
  topic(socket: VirtualSocket, key: string, subscribe?: WebSocketData, unsubscribe?: WebSocketData): void;
  /** Asks for (`expect`) or withdraws the routing of the reply with this id to this socket only. */
  reply(socket: VirtualSocket, id: string | number, expect: boolean): void;
  /** The real socket's buffered bytes, where this tab holds it. */
  bufferedAmount(): number;
  /** The link under the real socket of `epoch` is dead (a missed heartbeat pong): drop that socket for every tab. */
  drop(epoch: string): void;
}

let made = 0;

/**
 * One tab's view of the connection its tab group shares: a standard-shaped socket (`open`, `message`, `error` and
 * `close` events, `readyState`, `send()`, `close()`) for `RxWebSocket` to drive. Opening it joins the group; the
 * group's leader opens the real socket and relays. Closing it leaves the group: the real socket closes (1000) once no
 * tab holds a virtual socket on it.
 */
export class VirtualSocket extends EventTarget {
  readonly url: string;
  readonly id: string;
  readyState: number = CONNECTING;
  protocol = '';
  extensions = '';
  binaryType: BinaryType = 'blob';
  /** The leader's epoch this socket was opened in: a new leader means a new connection, so this one ends. */
  epoch: string | undefined;
  readonly #carrier: VirtualSocketCarrier;
  #sent = 0;
  /** Messages the leader has not confirmed yet: if the leader goes away, they never left. */
  #unacked: Array<{ readonly n: number; readonly data: WebSocketData }> = [];

  constructor(carrier: VirtualSocketCarrier, url: string, tab: string) {
    super();
    this.url = url;
    this.id = `${tab}/${++made}`;
    this.#carrier = carrier;
    carrier.open(this);
  }

  get bufferedAmount(): number {
    return this.readyState === OPEN ? this.#carrier.bufferedAmount() : 0;
  }

  send(data: WebSocketData): void {
    if (this.readyState !== OPEN) return;
    const n = ++this.#sent;
    this.#unacked.push({ n, data });
    this.#carrier.send(this, data, n);
  }

  /** The real socket took every message up to the `n`th. */
  acked(n: number): void {
    let taken = 0;
    while (taken < this.#unacked.length && (this.#unacked[taken]?.n ?? 0) <= n) taken++;
    this.#unacked.splice(0, taken);
  }

  /** Where rx-websocket's transport finds what this socket can do beyond the standard. */
  [capabilitiesOf](): TransportCapabilities {
    return {
      // A dead link (reconnect()'s heartbeat found it) is dead for every tab on it, not only for this one: the real
      // socket is dropped, every tab sees 1006 and reconnects, and the leader opens a new connection.
      terminate: () => {
        if (this.epoch !== undefined) this.#carrier.drop(this.epoch);
      },
      // Once closed, what the leader never confirmed goes back to the queue of whoever sent it.
      unsent: () => (this.readyState === CLOSED ? this.#unacked.splice(0).map((message) => message.data) : []),
      subscribeTopic: (key, subscribe, unsubscribe) => {
        if (this.readyState === OPEN) this.#carrier.topic(this, key, subscribe, unsubscribe);
      },
      unsubscribeTopic: (key) => {
        if (this.readyState === OPEN) this.#carrier.topic(this, key);
      },
      expectReply: (id) => {
        if (this.readyState === OPEN) this.#carrier.reply(this, id, true);
      },
      forgetReply: (id) => {
        if (this.readyState === OPEN) this.#carrier.reply(this, id, false);
      },
    };
  }

  close(code?: number, reason?: string): void {
    if (this.readyState >= CLOSING) return;
    this.readyState = CLOSING;
    this.#carrier.close(this, code, reason);
  }

  /** The group's leader has the real socket open for this one. */
  opened(epoch: string, protocol: string, extensions: string): void {
    if (this.readyState !== CONNECTING) return;
    this.epoch = epoch;
    this.protocol = protocol;
    this.extensions = extensions;
    this.readyState = OPEN;
    this.dispatchEvent(new Event('open'));
  }

  /** A message from the server, through the leader. */
  received(data: unknown): void {
    if (this.readyState !== OPEN) return;
    const payload = data instanceof ArrayBuffer && this.binaryType === 'blob' ? new Blob([data]) : data;
    this.dispatchEvent(new MessageEvent('message', { data: payload }));
  }

  /**
   * The connection under this socket ended: the server closed it, it dropped, the leader's tab went away, or this
   * socket's own close() was answered. A connection that never opened fails with `error` first, as the standard's.
   */
  ended(code: number, reason: string, wasClean: boolean): void {
    if (this.readyState === CLOSED) return;
    const failed = this.epoch === undefined;
    this.readyState = CLOSED;
    if (failed) this.dispatchEvent(new Event('error'));
    this.dispatchEvent(new CloseEvent('close', { code, reason, wasClean }));
  }
}
