import { CONNECTING, OPEN } from '../constants.js';
import { createTransport } from '../transport/create-transport.js';
import {
  ABNORMAL,
  deliver,
  received,
  type Transport,
  type TransportClose,
  type TransportSink,
} from '../transport/transport.js';
import type { WebSocketConstructorLike, WebSocketData } from '../types.js';
import type { BroadcastChannelLike, TabEnvironment } from './environment.js';
import type { VirtualSocket, VirtualSocketCarrier } from './virtual-socket.js';

/** What tabs of one group say to each other over their BroadcastChannel. */
type Wire =
  | { t: 'leader'; from: string; epoch: string }
  | { t: 'open'; from: string; vs: string }
  | { t: 'opened'; to: string; epoch: string; protocol: string; extensions: string }
  | { t: 'send'; vs: string; data: WebSocketData; n: number }
  | { t: 'ack'; to: string; n: number }
  | { t: 'topic'; vs: string; key: string; subscribe?: WebSocketData; unsubscribe?: WebSocketData }
  | { t: 'close'; vs: string; code: number | undefined; reason: string | undefined }
  | { t: 'closed'; to: readonly string[]; epoch: string; code: number; reason: string; wasClean: boolean }
  | { t: 'message'; epoch: string; data: unknown; to?: readonly string[] }
  | { t: 'reply'; vs: string; id: string; expect: boolean }
  | { t: 'drop'; epoch: string };

/** The leader's side: the real socket and who is on it. */
interface Leadership {
  readonly epoch: string;
  readonly release: () => void;
  /** Virtual sockets on the real socket, by id, with their tab. */
  readonly attached: Map<string, string>;
  /** Multiplex topics on the real socket: who holds each, and its unsubscribe frame. */
  readonly topics: Map<string, { readonly holders: Set<string>; readonly unsubscribe: WebSocketData }>;
  /** Request ids whose reply goes only to the virtual sockets that asked, by `typeof id:id`. */
  readonly replies: Map<string, Set<string>>;
  /** Tabs whose lock the leader waits for: it is granted when the tab goes away. */
  readonly watched: Set<string>;
  readonly stopWatching: AbortController;
  /** The real socket, through the transport for its runtime's shape (as every socket of the library's is). */
  real: Transport | undefined;
}

/**
 * One tab's member of the group of tabs that share a connection (one URL and subprotocol list, one origin). The tab
 * that holds the group's Web Lock is the leader: it holds the only real socket and relays, over a BroadcastChannel,
 * between it and every tab's virtual sockets. The other tabs wait for the lock; when the leader's tab goes away the
 * browser gives the lock to one of them, which announces a new epoch: virtual sockets of the old one close (1006), and
 * their owners' reconnection opens new ones on the new leader's socket. Each tab holds a lock of its own while it has
 * virtual sockets, so that the leader learns when it goes away.
 */
export class TabGroup implements VirtualSocketCarrier {
  readonly tab: string;
  readonly #name: string;
  readonly #url: string;
  readonly #protocols: string | string[] | undefined;
  readonly #environment: TabEnvironment;
  readonly #WebSocket: () => WebSocketConstructorLike;
  readonly #onEmpty: () => void;
  readonly #sockets = new Map<string, VirtualSocket>();
  #channel: BroadcastChannelLike | undefined;
  /** Aborts this tab's wait for the leader lock, and releases its own lock. */
  #membership: AbortController | undefined;
  #releaseTab: (() => void) | undefined;
  /**
   * What this tab says before it holds its own lock waits: a leader that heard from it first could take that lock
   * as the sign that the tab has gone.
   */
  #unsent: Wire[] | undefined;
  #leader: Leadership | undefined;
  #epochs = 0;
  /** The epoch of the leader this tab last heard of, or is: what a deposed leader still had in flight is stale. */
  #epoch: string | undefined;

  constructor(
    tab: string,
    name: string,
    url: string,
    protocols: string | string[] | undefined,
    environment: TabEnvironment,
    WebSocket: () => WebSocketConstructorLike,
    onEmpty: () => void,
  ) {
    this.tab = tab;
    this.#name = name;
    this.#url = url;
    this.#protocols = protocols;
    this.#environment = environment;
    this.#WebSocket = WebSocket;
    this.#onEmpty = onEmpty;
  }

  // ---- what the virtual sockets of this tab ask

  open(socket: VirtualSocket): void {
    this.#sockets.set(socket.id, socket);
    this.#join();
    if (this.#leader) this.#attach(socket.id, this.tab);
    else this.#post({ t: 'open', from: this.tab, vs: socket.id });
  }

  send(socket: VirtualSocket, data: WebSocketData, n: number): void {
    if (this.#leader) this.#forward(socket.id, data, n);
    else this.#post({ t: 'send', vs: socket.id, data, n });
  }

  close(socket: VirtualSocket, code: number | undefined, reason: string | undefined): void {
    if (socket.epoch === undefined) {
      // Not open on any real socket yet: the leader forgets it, and it fails here at once.
      if (this.#leader) this.#detach(socket.id);
      else this.#post({ t: 'close', vs: socket.id, code, reason });
      this.#end(socket.id, 1006, '', false);
      return;
    }
    if (this.#leader) this.#closeOne(socket.id, code, reason);
    else this.#post({ t: 'close', vs: socket.id, code, reason });
  }

  topic(socket: VirtualSocket, key: string, subscribe?: WebSocketData, unsubscribe?: WebSocketData): void {
    if (this.#leader) this.#topic(socket.id, key, subscribe, unsubscribe);
    else {
      const message: Wire = { t: 'topic', vs: socket.id, key };
      if (subscribe !== undefined) Object.assign(message, { subscribe, unsubscribe });
      this.#post(message);
    }
  }

  reply(socket: VirtualSocket, id: string | number, expect: boolean): void {
    const key = `${typeof id}:${id}`;
    if (this.#leader) this.#reply(socket.id, key, expect);
    else this.#post({ t: 'reply', vs: socket.id, id: key, expect });
  }

  bufferedAmount(): number {
    return this.#leader?.real?.bufferedAmount ?? 0;
  }

  drop(epoch: string): void {
    if (this.#leader) this.#drop(epoch);
    else this.#post({ t: 'drop', epoch });
  }

  // ---- membership

  #join(): void {
    if (this.#membership) return;
    const membership = new AbortController();
    this.#membership = membership;
    const { locks, BroadcastChannel } = this.#environment;
    const channel = new BroadcastChannel(this.#name);
    channel.onmessage = (event: { data: unknown }) => this.#receive(event.data as Wire);
    this.#channel = channel;
    this.#unsent = [];
    // This tab's own lock, held while it has virtual sockets: the leader waits for it to learn that the tab left.
    locks
      .request(`${this.#name}#tab:${this.tab}`, { signal: membership.signal }, () => {
        return new Promise<void>((resolve) => {
          this.#releaseTab = resolve;
          if (membership.signal.aborted) resolve();
          const unsent = this.#unsent ?? [];
          this.#unsent = undefined;
          for (const message of unsent) this.#post(message);
        });
      })
      .catch(() => {});
    // The leader lock: granted now if no tab holds it, or when the tab that holds it goes away.
    locks
      .request(`${this.#name}#leader`, { signal: membership.signal }, () => {
        return new Promise<void>((release) => {
          if (membership.signal.aborted || this.#sockets.size === 0) release();
          else this.#lead(release);
        });
      })
      .catch(() => {});
  }

  /** Leaves the group once this tab has no virtual socket and serves none. */
  #leaveIfIdle(): void {
    if (this.#sockets.size > 0 || this.#leader) return;
    this.#membership?.abort();
    this.#membership = undefined;
    this.#unsent = undefined;
    this.#releaseTab?.();
    this.#releaseTab = undefined;
    if (this.#channel) {
      this.#channel.onmessage = null;
      this.#channel.close();
      this.#channel = undefined;
    }
    this.#onEmpty();
  }

  #post(message: Wire): void {
    if (this.#unsent) this.#unsent.push(message);
    else this.#channel?.postMessage(message);
  }

  #receive(message: Wire): void {
    switch (message.t) {
      case 'leader':
        this.#newLeader(message.epoch);
        break;
      case 'opened':
        if (this.#current(message.epoch)) {
          this.#sockets.get(message.to)?.opened(message.epoch, message.protocol, message.extensions);
        }
        break;
      case 'message':
        for (const socket of this.#sockets.values()) {
          if (socket.epoch === message.epoch && (!message.to || message.to.includes(socket.id))) {
            socket.received(message.data);
          }
        }
        break;
      case 'reply':
        if (this.#leader) this.#reply(message.vs, message.id, message.expect);
        break;
      case 'closed':
        if (this.#current(message.epoch)) {
          for (const id of message.to) this.#end(id, message.code, message.reason, message.wasClean);
        }
        break;
      case 'open':
        if (this.#leader) this.#attach(message.vs, message.from);
        break;
      case 'send':
        if (this.#leader) this.#forward(message.vs, message.data, message.n);
        break;
      case 'topic':
        if (this.#leader) this.#topic(message.vs, message.key, message.subscribe, message.unsubscribe);
        break;
      case 'ack':
        this.#sockets.get(message.to)?.acked(message.n);
        break;
      case 'close':
        if (this.#leader) this.#closeOne(message.vs, message.code, message.reason);
        break;
      case 'drop':
        if (this.#leader) this.#drop(message.epoch);
        break;
    }
  }

  /**
   * Whether a leader's message comes from the leader this tab knows of. What a deposed leader had in flight when the
   * next one took over is stale: its `opened` would bind a socket to a connection that no longer exists (open, and
   * receiving nothing), and its `closed` would end a socket that waits on the new leader's connection (which then
   * stays attached there for ever). A tab that has heard of no leader yet takes any.
   *
   * @param epoch - the sender's leadership.
   * @returns whether to act on the message.
   */
  #current(epoch: string): boolean {
    return this.#epoch === undefined || epoch === this.#epoch;
  }

  /** Another tab leads now: what was open on the old leader's socket has lost its connection. */
  #newLeader(epoch: string): void {
    this.#epoch = epoch;
    for (const socket of [...this.#sockets.values()]) {
      if (socket.epoch !== undefined && socket.epoch !== epoch) this.#end(socket.id, 1006, '', false);
      else if (socket.epoch === undefined) this.#post({ t: 'open', from: this.tab, vs: socket.id });
    }
  }

  #end(id: string, code: number, reason: string, wasClean: boolean): void {
    const socket = this.#sockets.get(id);
    if (!socket) return;
    this.#sockets.delete(id);
    socket.ended(code, reason, wasClean);
    this.#leaveIfIdle();
  }

  // ---- the leader's side

  #lead(release: () => void): void {
    const epoch = `${this.tab}:${++this.#epochs}`;
    this.#epoch = epoch;
    this.#leader = {
      epoch,
      release,
      attached: new Map(),
      topics: new Map(),
      replies: new Map(),
      watched: new Set(),
      stopWatching: new AbortController(),
      real: undefined,
    };
    this.#post({ t: 'leader', from: this.tab, epoch });
    // This tab's sockets: those open on the old leader's socket lost it; the others open here.
    for (const socket of [...this.#sockets.values()]) {
      if (socket.epoch !== undefined) this.#end(socket.id, 1006, '', false);
      else this.#attach(socket.id, this.tab);
    }
    this.#stepDownIfIdle();
  }

  #attach(id: string, tab: string): void {
    const leader = this.#leader as Leadership;
    if (leader.attached.has(id)) return;
    leader.attached.set(id, tab);
    if (tab !== this.tab) this.#watch(tab);
    const real = leader.real;
    if (!real) this.#connect();
    else if (real.readyState === OPEN) {
      // A socket of this tab attaches from inside its constructor: told now, its open event would fire before anyone
      // listens. Told after the constructor has returned, as a runtime's open event is a task of its own.
      queueMicrotask(() => {
        if (this.#leader === leader && leader.real === real && real.readyState === OPEN && leader.attached.has(id)) {
          this.#opened(id);
        }
      });
    }
  }

  #watch(tab: string): void {
    const leader = this.#leader as Leadership;
    if (leader.watched.has(tab)) return;
    leader.watched.add(tab);
    this.#environment.locks
      .request(`${this.#name}#tab:${tab}`, { signal: leader.stopWatching.signal }, async () => {
        // Granted: that tab went away (or has no virtual socket left). What it had here goes.
        leader.watched.delete(tab);
        for (const [id, owner] of [...leader.attached]) if (owner === tab) this.#detach(id);
      })
      .catch(() => {});
  }

  #connect(): void {
    const leader = this.#leader as Leadership;
    const WebSocket = this.#WebSocket();
    const ws = this.#protocols === undefined ? new WebSocket(this.#url) : new WebSocket(this.#url, this.#protocols);
    let opened = false;
    const sink: TransportSink = {
      [deliver]: (event: 'open' | 'error' | 'close', close?: unknown) => {
        if (event === 'open') {
          opened = true;
          for (const id of leader.attached.keys()) this.#opened(id);
        } else if (event === 'close') this.#lost(leader, real, opened, close as TransportClose);
        // An error tells the tabs nothing: the close that follows it (the transport makes one where a runtime does
        // not) carries what they need.
      },
      [received]: (data: unknown) => {
        const to = this.#askedFor(data);
        for (const socket of this.#sockets.values()) {
          if (socket.epoch === leader.epoch && (!to || to.includes(socket.id))) socket.received(data);
        }
        if (!to) this.#post({ t: 'message', epoch: leader.epoch, data });
        else if (to.some((id) => !this.#sockets.has(id))) this.#post({ t: 'message', epoch: leader.epoch, data, to });
      },
    };
    const real = createTransport(ws, sink);
    leader.real = real;
    real.binaryType = 'arraybuffer';
    real.receive();
  }

  /** The real socket closed (or was dropped): every tab on it hears the close, once, and the socket is forgotten. */
  #lost(leader: Leadership, real: Transport, opened: boolean, close: TransportClose): void {
    if (leader.real !== real) return; // its close already came
    real.detach();
    leader.real = undefined;
    leader.topics.clear(); // the server forgot them with the connection; each tab subscribes again on the next
    leader.replies.clear();
    const to = [...leader.attached.keys()];
    leader.attached.clear();
    const code = opened ? (close.code ?? 1005) : 1006;
    this.#closed(leader.epoch, to, code, opened ? (close.reason ?? '') : '', opened && close.wasClean === true);
    this.#stepDownIfIdle();
  }

  #opened(id: string): void {
    const leader = this.#leader as Leadership;
    const { protocol, extensions } = leader.real as Transport;
    const local = this.#sockets.get(id);
    if (local) local.opened(leader.epoch, protocol, extensions);
    else this.#post({ t: 'opened', to: id, epoch: leader.epoch, protocol, extensions });
  }

  /**
   * Drops the real socket of `epoch` at once, as `ws`'s `terminate()` does: its close, which a dead link would never
   * bring, is played now (1006, not clean) for every tab on it, and the socket is closed with its handlers detached.
   * The tabs reconnect, and the first attempt opens a new connection.
   */
  #drop(epoch: string): void {
    const leader = this.#leader as Leadership;
    const real = leader.real;
    if (leader.epoch !== epoch || !real || real.readyState !== OPEN) return;
    this.#lost(leader, real, true, ABNORMAL); // detaches the transport and forgets the socket
    if (real.terminate) real.terminate();
    else real.close();
  }

  /** Sends a virtual socket's `n`th message on the real socket, and confirms it; what cannot be sent is not. */
  #forward(id: string, data: WebSocketData, n: number): void {
    const leader = this.#leader as Leadership;
    if (!leader.attached.has(id) || leader.real?.readyState !== OPEN) return;
    leader.real.send(data);
    const local = this.#sockets.get(id);
    if (local) local.acked(n);
    else this.#post({ t: 'ack', to: id, n });
  }

  /**
   * One subscribe frame per topic on the real socket, whatever the number of holders in every tab; the unsubscribe
   * frame when the last holder leaves.
   */
  #topic(id: string, key: string, subscribe?: WebSocketData, unsubscribe?: WebSocketData): void {
    const leader = this.#leader as Leadership;
    const real = leader.real;
    if (!leader.attached.has(id) || real?.readyState !== OPEN) return;
    let topic = leader.topics.get(key);
    if (subscribe !== undefined && unsubscribe !== undefined) {
      if (!topic) {
        topic = { holders: new Set(), unsubscribe };
        leader.topics.set(key, topic);
        real.send(subscribe);
      }
      topic.holders.add(id);
    } else if (topic?.holders.delete(id)) this.#leaveTopic(key);
  }

  #reply(id: string, key: string, expect: boolean): void {
    const { replies, attached } = this.#leader as Leadership;
    const askers = replies.get(key);
    if (expect) {
      if (!attached.has(id)) return;
      if (askers) askers.add(id);
      else replies.set(key, new Set([id]));
    } else if (askers?.delete(id) && askers.size === 0) replies.delete(key);
  }

  /**
   * The virtual sockets a message goes to when it is the reply to a request one of them asked to keep for itself (a
   * JSON object whose `id` they expect), or undefined for everyone. Text is parsed only while such a request waits.
   */
  #askedFor(data: unknown): readonly string[] | undefined {
    const { replies } = this.#leader as Leadership;
    if (replies.size === 0 || typeof data !== 'string') return undefined;
    let id: unknown;
    try {
      id = (JSON.parse(data) as { id?: unknown } | null)?.id;
    } catch {
      return undefined;
    }
    const askers = typeof id === 'string' || typeof id === 'number' ? replies.get(`${typeof id}:${id}`) : undefined;
    return askers ? [...askers] : undefined;
  }

  #leaveTopic(key: string): void {
    const leader = this.#leader as Leadership;
    const topic = leader.topics.get(key);
    if (!topic || topic.holders.size > 0) return;
    leader.topics.delete(key);
    if (leader.real?.readyState === OPEN) leader.real.send(topic.unsubscribe);
  }

  /** A virtual socket's close(): answered as the server would, and the real socket closes when it was the last. */
  #closeOne(id: string, code: number | undefined, reason: string | undefined): void {
    if (!(this.#leader as Leadership).attached.has(id)) return;
    this.#detach(id);
    this.#closed((this.#leader as Leadership).epoch, [id], code ?? 1005, reason ?? '', true);
  }

  #closed(epoch: string, to: readonly string[], code: number, reason: string, wasClean: boolean): void {
    const remote = to.filter((id) => !this.#sockets.has(id));
    if (remote.length > 0) this.#post({ t: 'closed', to: remote, epoch, code, reason, wasClean });
    for (const id of to) this.#end(id, code, reason, wasClean);
  }

  /** Forgets a virtual socket and its topics; the real socket closes with 1000 when none is left. */
  #detach(id: string): void {
    const leader = this.#leader as Leadership;
    leader.attached.delete(id);
    for (const [key, topic] of [...leader.topics]) if (topic.holders.delete(id)) this.#leaveTopic(key);
    for (const [key, askers] of [...leader.replies])
      if (askers.delete(id) && askers.size === 0) leader.replies.delete(key);
    const real = leader.real;
    if (leader.attached.size === 0 && real && (real.readyState === CONNECTING || real.readyState === OPEN)) {
      real.close(1000);
    }
    this.#stepDownIfIdle();
  }

  /** Hands the lock on once nothing is left to serve: no virtual socket here, none attached, no real socket. */
  #stepDownIfIdle(): void {
    const leader = this.#leader;
    if (!leader || leader.attached.size > 0 || leader.real || this.#sockets.size > 0) return;
    this.#leader = undefined;
    leader.stopWatching.abort();
    leader.release();
    this.#leaveIfIdle();
  }
}
