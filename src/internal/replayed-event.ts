/**
 * The event a socket gives a late subscriber (`open$` after open fired) instead of keeping the dispatched one
 * alive for the socket's lifetime: same type and `timeStamp`, the
 * socket as `target`, and the fields a dispatched event has once dispatch ended (`currentTarget` null,
 * `eventPhase` 0).
 */
export class ReplayedEvent extends Event {
  static {
    // The standard's name, for inspection and stack traces (minifiers rename the class).
    Object.defineProperty(ReplayedEvent, 'name', { value: 'Event' });
  }
  readonly #socket: EventTarget;
  readonly #timeStamp: number;

  /**
   * @param type - the event type.
   * @param socket - the socket that dispatched the original.
   * @param timeStamp - the original's `timeStamp`; this event's own when the original is this one.
   */
  constructor(type: string, socket: EventTarget, timeStamp?: number) {
    super(type);
    this.#socket = socket;
    this.#timeStamp = timeStamp ?? super.timeStamp;
  }
  override get target(): EventTarget {
    return this.#socket;
  }
  override get srcElement(): EventTarget {
    return this.#socket;
  }
  override get timeStamp(): number {
    return this.#timeStamp;
  }
}
