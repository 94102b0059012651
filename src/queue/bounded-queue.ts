import { QueueOverflowError } from '../errors/queue-overflow-error.js';
import { Fifo } from './fifo.js';
import type { ResolvedQueueOptions } from './queue-options.js';
import type { MessageStore, PushResult } from './queue-plugin.js';

/**
 * The store of a queue given `sendQueue(options)`: bounded in items and bytes, with an overflow rule. Byte sizes are
 * computed only when `maxBytes` is finite.
 */
export class BoundedQueue<T> implements MessageStore<T> {
  readonly #options: ResolvedQueueOptions;
  readonly #sizeOf: (item: T) => number;
  readonly #items = new Fifo<T>();
  /** Each item's bytes, in step with `#items` (0 each when `maxBytes` is Infinity). */
  readonly #sizes = new Fifo<number>();
  #bytes = 0;

  constructor(options: ResolvedQueueOptions, sizeOf: (item: T) => number) {
    this.#options = options;
    this.#sizeOf = sizeOf;
  }

  /** The number of queued items. */
  get length(): number {
    return this.#items.length;
  }

  /** The queued bytes (0 when `maxBytes` is Infinity, since sizes are then not computed). */
  get bytes(): number {
    return this.#bytes;
  }

  /**
   * Appends `item`, applying the overflow rule when it does not fit.
   *
   * @throws {QueueOverflowError} with the `'error'` rule; the queue is then unchanged.
   */
  push(item: T): PushResult<T> {
    const { maxMessages, maxBytes, overflow } = this.#options;
    const size = maxBytes === Number.POSITIVE_INFINITY ? 0 : this.#sizeOf(item);
    const fitsCount = this.length < maxMessages;
    const fitsBytes = this.#bytes + size <= maxBytes;
    if (!fitsCount || !fitsBytes) {
      if (overflow === 'error')
        throw new QueueOverflowError(fitsCount ? 'maxBytes' : 'maxMessages', fitsCount ? maxBytes : maxMessages);
      // An item that could never fit is dropped whatever the rule, rather than emptying the queue for nothing.
      if (overflow === 'drop-newest' || size > maxBytes || maxMessages === 0) return { queued: false, dropped: [item] };
      const dropped: T[] = [];
      while (this.length >= maxMessages || this.#bytes + size > maxBytes) {
        dropped.push(this.shift() as T);
      }
      this.#append(item, size);
      return { queued: true, dropped };
    }
    this.#append(item, size);
    return { queued: true, dropped: [] };
  }

  /** Removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#items.length === 0) return undefined;
    this.#bytes -= this.#sizes.shift() as number;
    return this.#items.shift();
  }

  /** Removes and returns every item, oldest first. */
  clear(): T[] {
    this.#sizes.clear();
    this.#bytes = 0;
    return this.#items.clear();
  }

  #append(item: T, size: number): void {
    this.#items.push(item);
    this.#sizes.push(size);
    this.#bytes += size;
  }
}
