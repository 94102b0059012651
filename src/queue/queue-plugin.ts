// The seam between the library's queues and their policies: a queue knows only this, so that bounds beyond the
// default (bytes, dropping rules, ttl) reach a bundle only when the app imports sendQueue().
import { InvalidOptionError, returnedBy } from '../errors/invalid-option-error.js';
import { QueueOverflowError } from '../errors/queue-overflow-error.js';
import type { OverflowRule } from './queue-options.js';

/** The key under which a {@link SendQueue} offers itself to a queue. */
export const withQueue = Symbol('rx-websocket.queue');

/** What {@link MessageStore.push} did: whether the item was queued, and what was dropped to make room. */
export interface PushResult<T> {
  /** Whether the item is in the queue now (`false` when `'drop-newest'` dropped it). */
  readonly queued: boolean;
  /** Items dropped by this push: older ones (`'drop-oldest'`) or the new one (`'drop-newest'`). */
  readonly dropped: readonly T[];
}

/** A FIFO store of queued messages (an internal seam, exported for its types). */
export interface MessageStore<T> {
  /** The number of items held. */
  readonly length: number;
  /**
   * Appends `item`, or applies the overflow rule when it does not fit.
   * @param item - the item.
   * @returns whether it was queued, and what was dropped.
   * @throws {QueueOverflowError} under the `'error'` rule; nothing changed.
   */
  push(item: T): PushResult<T>;
  /**
   * Removes the oldest item.
   * @returns it, or `undefined` when empty.
   */
  shift(): T | undefined;
  /**
   * Removes every item.
   * @returns them, oldest first.
   */
  clear(): T[];
}

/** The value `sendQueue(options)` returns: the bounds of a queue, for the `queue` option of every entry point. */
export interface SendQueue {
  /** How long a message may wait in `webSocket()`'s queue, in milliseconds. */
  readonly ttl: number;
  /** What a full queue does with a message: `'error'` throws at the send, the others drop one. */
  readonly overflow: OverflowRule;
  /** How a queue makes its store: `sizeOf` tells an item's bytes, for `maxBytes`. */
  readonly [withQueue]: <T>(sizeOf: (item: T) => number) => MessageStore<T>;
}

/** The default bound: what every queue holds without a `queue` option. */
export const DEFAULT_MAX_MESSAGES = 1000;

const QUEUED: PushResult<never> = Object.freeze({ queued: true, dropped: Object.freeze([]) as readonly never[] });

/**
 * The store of a queue given no `queue` option: at most 1000 messages, and `QueueOverflowError` for one more, so that
 * the default costs an array and no policy code.
 */
export class DefaultStore<T> implements MessageStore<T> {
  /** A plain array: `shift()` lets each message go, and at most 1000 wait (sendQueue()'s store is a Fifo). */
  readonly #items: T[] = [];

  get length(): number {
    return this.#items.length;
  }

  push(item: T): PushResult<T> {
    if (this.#items.length >= DEFAULT_MAX_MESSAGES) throw new QueueOverflowError('maxMessages', DEFAULT_MAX_MESSAGES);
    this.#items.push(item);
    return QUEUED;
  }

  shift(): T | undefined {
    return this.#items.shift();
  }

  clear(): T[] {
    return this.#items.splice(0);
  }
}

/**
 * The store a queue uses: the policy's, or the default.
 *
 * @param policy - what `sendQueue()` returned, if given.
 * @param sizeOf - an item's bytes.
 * @returns a new, empty store.
 */
export function makeStore<T>(policy: SendQueue | undefined, sizeOf: (item: T) => number): MessageStore<T> {
  return policy ? policy[withQueue](sizeOf) : new DefaultStore<T>();
}

/**
 * Checks a `queue` option: what `sendQueue()` returns, or `undefined` for the default.
 *
 * @param value - the option as given.
 * @param ttl - whether this queue honours a `ttl` (only `webSocket()`'s, which lasts across connections).
 * @returns the policy, or `undefined`.
 * @throws {InvalidOptionError} for anything else, naming `sendQueue()`; for a finite `ttl` where there is none.
 */
export function checkQueue(value: unknown, ttl: boolean): SendQueue | undefined {
  if (value === undefined) return undefined;
  const policy = value as Partial<SendQueue> | null;
  if (typeof policy?.[withQueue] !== 'function') {
    throw new InvalidOptionError('queue', value, returnedBy('sendQueue'));
  }
  if (!ttl && policy.ttl !== Number.POSITIVE_INFINITY) {
    throw new InvalidOptionError(
      'ttl',
      policy.ttl,
      'Infinity here: only webSocket() keeps messages across connections, so only its queue has a ttl',
    );
  }
  return policy as SendQueue;
}
