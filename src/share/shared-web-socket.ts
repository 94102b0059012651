import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { WebSocketUnavailableError } from '../errors/websocket-unavailable-error.js';
import { sharedTab } from '../transport/transport.js';
import type { WebSocketConstructorLike } from '../types.js';
import {
  type BroadcastChannelConstructor,
  type LockManagerLike,
  runtimeTabEnvironment,
  type TabEnvironment,
} from './environment.js';
import { TabGroup } from './tab-group.js';
import { VirtualSocket } from './virtual-socket.js';

/** Options of {@link sharedWebSocket}. */
export interface SharedWebSocketOptions {
  /**
   * The constructor of the real socket, which the leader tab opens.
   * @default globalThis.WebSocket, read when the leader opens it
   */
  WebSocket?: WebSocketConstructorLike | undefined;
  /**
   * What the names of the group's channel and locks start with; apps that share an origin but not their connections
   * give each its own.
   * @default 'rx-websocket'
   */
  name?: string;
  /**
   * The Web Locks manager.
   * @default navigator.locks
   */
  locks?: LockManagerLike;
  /**
   * The BroadcastChannel constructor.
   * @default globalThis.BroadcastChannel
   */
  BroadcastChannel?: BroadcastChannelConstructor;
}

/** This tab's id and its groups by channel name, per environment (tests make several tabs in one process). */
const tabs = new WeakMap<object, { readonly id: string; readonly groups: Map<string, TabGroup> }>();
let made = 0;

function tabOf(locks: LockManagerLike): { readonly id: string; readonly groups: Map<string, TabGroup> } {
  let tab = tabs.get(locks);
  if (!tab) {
    const id = `${Date.now().toString(36)}-${(++made).toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    tab = { id, groups: new Map() };
    tabs.set(locks, tab);
  }
  return tab;
}

/**
 * A `WebSocket` constructor whose sockets share one real connection per URL and subprotocols across the tabs of an
 * origin, for the `WebSocket` option of `RxWebSocket`, `fromWebSocket()` and `webSocket()`. The tabs elect a leader
 * through Web Locks; the leader holds the only socket and relays over a `BroadcastChannel`, so the server sees one
 * connection per browser instead of one per tab. Each tab keeps its own socket object, events, `state$`, queue and
 * reconnection. When the leader's tab closes, the browser hands its lock to another tab, which opens the new socket:
 * the other tabs see their connection drop (1006) and reconnect to it. Where Web Locks or `BroadcastChannel` is
 * missing (old browsers, Node, insecure contexts) it returns `undefined`, and each tab keeps a socket of its own.
 *
 * @param options - the real socket's constructor, the group's name prefix, and the environment.
 * @returns the constructor, or `undefined` where tabs cannot share.
 * @throws {InvalidOptionError} for a `name` that is not a non-empty string.
 * @example
 * ```ts
 * const chat = webSocket({ url: 'wss://example.com/chat', WebSocket: sharedWebSocket(), reconnect: reconnect() });
 * ```
 */
export function sharedWebSocket(options: SharedWebSocketOptions = {}): WebSocketConstructorLike | undefined {
  const prefix = options.name ?? 'rx-websocket';
  if (typeof prefix !== 'string' || prefix === '') {
    throw new InvalidOptionError('name', prefix, 'a non-empty string');
  }
  const runtime = runtimeTabEnvironment();
  const locks = options.locks ?? runtime?.locks;
  const Channel = options.BroadcastChannel ?? runtime?.BroadcastChannel;
  if (!locks || !Channel) return undefined;
  const environment: TabEnvironment = { locks, BroadcastChannel: Channel };
  const realSocket = (): WebSocketConstructorLike => {
    const Real = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructorLike }).WebSocket;
    if (typeof Real !== 'function') throw new WebSocketUnavailableError('`sharedWebSocket({ WebSocket })`');
    return Real;
  };
  const tab = tabOf(locks);
  return class extends VirtualSocket {
    /** This tab, for the default request ids of a subject on these sockets: they differ from tab to tab. */
    static readonly [sharedTab] = tab.id;

    constructor(url: string, protocols?: string | string[]) {
      const list = protocols === undefined ? '' : typeof protocols === 'string' ? protocols : protocols.join(',');
      const name = `${prefix}:${url}|${list}`;
      let group = tab.groups.get(name);
      if (!group) {
        group = new TabGroup(tab.id, name, url, protocols, environment, realSocket, () => tab.groups.delete(name));
        tab.groups.set(name, group);
      }
      super(group, url, tab.id);
    }
  };
}
