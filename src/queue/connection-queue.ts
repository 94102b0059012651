import { type Observable, type SchedulerLike, Subject } from 'rxjs';
import { OPEN } from '../constants.js';
import { byteLengthOf } from '../internal/byte-length.js';
import type { ConnectedSocket, WebSocketData } from '../types.js';
import { checkQueue, type MessageStore, makeStore, type SendQueue } from './queue-plugin.js';

/** A message the connection could not deliver, reported on `dropped$`. */
export interface ConnectionDroppedMessage {
  /** The message as given to `send()`. */
  readonly data: WebSocketData;
  /** `'overflow'`: the queue was full; `'expired'`: it waited longer than the queue's `ttl`. */
  readonly reason: 'overflow' | 'expired';
}

/** What a connection's `send()` did with a message. */
export type SendResult = 'sent' | 'queued' | 'dropped';

/**
 * Asked just before a message leaves on a socket, now or from the queue: `false` leaves it out. The subject's
 * `multiplex()` frames and `request()` use it to follow which connection a topic or a request went out on.
 */
export type SendGuard = (socket: ConnectedSocket) => boolean;

interface Queued {
  readonly data: WebSocketData;
  readonly at: number;
  readonly guard: SendGuard | undefined;
}

const queuedBytes = (item: Queued): number => byteLengthOf(item.data);
const always = () => true;

/**
 * The messages a subject's connection holds while no socket is open (or while the socket is full), kept across
 * connections: bounded, each dropped one reported, the expired ones dropped when their turn comes.
 */
export class ConnectionQueue {
  /** Made with the first message: most subjects never queue one. */
  #items: MessageStore<Queued> | undefined;
  readonly #policy: SendQueue | undefined;
  readonly #ttl: number;
  readonly #scheduler: SchedulerLike;
  #dropped: Subject<ConnectionDroppedMessage> | undefined;
  #dropped$: Observable<ConnectionDroppedMessage> | undefined;

  /**
   * @param policy - what `sendQueue()` returned (bounds, overflow rule, ttl), or `undefined` for the default.
   * @param scheduler - where `ttl`'s time comes from.
   * @throws {InvalidOptionError} when `policy` is not what `sendQueue()` returns.
   */
  constructor(policy: SendQueue | undefined, scheduler: SchedulerLike) {
    this.#policy = checkQueue(policy, true);
    this.#ttl = this.#policy?.ttl ?? Number.POSITIVE_INFINITY;
    this.#scheduler = scheduler;
  }

  get length(): number {
    return this.#items?.length ?? 0;
  }

  /** Messages that were queued and then dropped (made on first read, then the same instance). */
  get dropped$(): Observable<ConnectionDroppedMessage> {
    this.#dropped ??= new Subject();
    this.#dropped$ ??= this.#dropped.asObservable();
    return this.#dropped$;
  }

  /**
   * Queues `data`, dropping by the overflow rule when full.
   *
   * @param data - the message.
   * @param guard - asked before it leaves on a socket.
   * @returns whether it was queued (not under `'drop-newest'` when full).
   * @throws {QueueOverflowError} when full under `'error'`; nothing changed.
   */
  push(data: WebSocketData, guard?: SendGuard): boolean {
    const result = this.#queue().push({ data, at: this.#scheduler.now(), guard });
    this.#drop(result.dropped, 'overflow');
    return result.queued;
  }

  /**
   * Sends what waits, in order, while the socket is open and has room; expired messages are dropped instead.
   *
   * @param socket - the open socket.
   * @param room - whether the socket takes more now.
   * @param count - how many of the oldest at most (those queued before a `complete()`, say).
   */
  flush(socket: ConnectedSocket, room: () => boolean = always, count = Number.POSITIVE_INFINITY): void {
    const queue = this.#items;
    // Stops when the socket closes mid-way: the rest waits for the next connection.
    while (queue && queue.length > 0 && socket.readyState === OPEN && room() && count-- > 0) {
      const item = queue.shift() as Queued;
      if (this.#scheduler.now() - item.at > this.#ttl) this.#drop([item], 'expired');
      else if (item.guard?.(socket) !== false) socket.send(item.data);
    }
  }

  /**
   * Sends `data` now when `socket` is open, has room and nothing waits before it; otherwise queues it.
   *
   * @param socket - the open socket, if any.
   * @param data - the message.
   * @param room - whether the socket takes more now.
   * @param guard - asked before it leaves on the socket, now or from the queue.
   * @returns `'sent'` (or left out by `guard`), `'queued'`, or `'dropped'` (the queue was full under
   * `'drop-newest'`).
   * @throws {QueueOverflowError} when full under `'error'`; nothing changed.
   */
  send(
    socket: ConnectedSocket | undefined,
    data: WebSocketData,
    room: () => boolean = always,
    guard?: SendGuard,
  ): SendResult {
    if (socket) {
      if (this.length > 0) this.flush(socket, room);
      if (this.length === 0 && room()) {
        if (guard?.(socket) !== false) socket.send(data);
        return 'sent';
      }
    }
    const queued = this.push(data, guard);
    if (socket?.readyState === OPEN) this.flush(socket, room);
    return queued ? 'queued' : 'dropped';
  }

  /**
   * Takes back what still waits of a message whose sender gave up on it (a request that ended): it holds no room, and
   * nobody waits for it. A copy a closed socket gave back (see `recover()`) has no guard, and is known by its data.
   *
   * @param data - the message.
   * @param guard - the guard it was sent with.
   */
  withdraw(data: WebSocketData, guard: SendGuard): void {
    const queue = this.#items;
    if (!queue || queue.length === 0) return;
    for (const item of queue.clear()) {
      if (item.guard !== guard && (item.guard !== undefined || item.data !== data)) queue.push(item);
    }
  }

  /**
   * Puts what a closed socket was given and knows it never sent (a shared tab socket whose leader went away) back
   * at the front, in order, within the queue's bounds.
   *
   * @param unsent - the messages, oldest first.
   */
  recover(unsent: readonly WebSocketData[] | undefined): void {
    if (!unsent || unsent.length === 0) return;
    const at = this.#scheduler.now();
    const queue = this.#queue();
    const waiting = queue.clear();
    for (const item of [...unsent.map((data) => ({ data, at, guard: undefined })), ...waiting]) {
      try {
        this.#drop(queue.push(item).dropped, 'overflow');
      } catch {
        this.#drop([item], 'overflow'); // overflow: 'error' has nobody to throw to here
      }
    }
  }

  #queue(): MessageStore<Queued> {
    this.#items ??= makeStore(this.#policy, queuedBytes);
    return this.#items;
  }

  #drop(items: readonly Queued[], reason: ConnectionDroppedMessage['reason']): void {
    for (const item of items) this.#dropped?.next({ data: item.data, reason });
  }
}
