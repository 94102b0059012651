/** The standard's four event types. */
export type EventType = 'open' | 'message' | 'error' | 'close';

interface Slot {
  fn: (event: Event) => unknown;
  readonly listener: (event: Event) => void;
}

/**
 * The `on*` handler properties of a socket, as the standard defines them: setting one adds a listener in order
 * with `addEventListener`'s; replacing it keeps that place; a non-function removes it. The handler is called with
 * the socket as `this`.
 */
export class HandlerSlots {
  readonly #target: EventTarget;
  readonly #slots: Partial<Record<EventType, Slot>> = {};

  /**
   * @param target - the socket the handlers listen on.
   */
  constructor(target: EventTarget) {
    this.#target = target;
  }

  /**
   * The handler of `type`, or `null`.
   * @param type - the event type.
   * @returns the handler.
   */
  get(type: EventType): ((event: Event) => unknown) | null {
    return this.#slots[type]?.fn ?? null;
  }

  /**
   * Sets, replaces or (with a non-function) removes the handler of `type`.
   * @param type - the event type.
   * @param fn - the handler.
   */
  set(type: EventType, fn: unknown): void {
    const slot = this.#slots[type];
    const target = this.#target;
    if (typeof fn !== 'function') {
      if (slot) {
        target.removeEventListener(type, slot.listener);
        delete this.#slots[type];
      }
    } else if (slot) {
      slot.fn = fn as Slot['fn'];
    } else {
      const created: Slot = {
        fn: fn as Slot['fn'],
        listener: (event) => {
          created.fn.call(target, event);
        },
      };
      this.#slots[type] = created;
      target.addEventListener(type, created.listener);
    }
  }
}
