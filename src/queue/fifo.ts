/**
 * A first-in first-out list whose `shift()` costs the same however much it holds: a head index into an array rather
 * than `Array.prototype.shift()`, which may move every item. The taken items are let go at once, and the array is
 * compacted once they are half of it, so a queue that never empties (messages waiting behind a full socket) neither
 * keeps what it sent nor grows.
 */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  /** The number of items held. */
  get length(): number {
    return this.#items.length - this.#head;
  }

  /**
   * Appends an item.
   * @param item - the item.
   */
  push(item: T): void {
    this.#items.push(item);
  }

  /**
   * Removes the oldest item.
   * @returns it, or `undefined` when empty.
   */
  shift(): T | undefined {
    if (this.#head === this.#items.length) return undefined;
    const item = this.#items[this.#head] as T;
    this.#items[this.#head] = undefined;
    this.#head++;
    if (this.#head === this.#items.length) {
      this.#items = [];
      this.#head = 0;
    } else if (this.#head >= 1024 && this.#head * 2 >= this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /**
   * Removes every item.
   * @returns them, oldest first.
   */
  clear(): T[] {
    const rest = this.#items.slice(this.#head) as T[];
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}
