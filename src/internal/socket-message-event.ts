/** Builds a socket's `MessageEvent`: `(data, origin, socket)`. */
export type SocketMessageEventFactory = (data: unknown, origin: string, socket: EventTarget) => MessageEvent;

let cached: { readonly base: typeof MessageEvent; readonly create: SocketMessageEventFactory } | undefined;

/**
 * The factory of the `MessageEvent`s a socket emits, made on first use from the runtime's current
 * `MessageEvent` (nothing is read at import; a replaced global is honoured). The events are real
 * `MessageEvent`s (`instanceof MessageEvent`, dispatchable) whose `target` and `srcElement` are the socket
 * even when the event is not dispatched: `message$` subscribers see the fields a dispatched event has once
 * dispatch ended (`target` the socket, `currentTarget` null, `eventPhase` 0) without the socket dispatching
 * events nobody listens to.
 */
export function socketMessageEvent(): SocketMessageEventFactory {
  const base = globalThis.MessageEvent;
  if (cached?.base === base) return cached.create;
  class SocketMessageEvent extends base<unknown> {
    static {
      // The standard's name, for inspection and stack traces (minifiers rename the class).
      Object.defineProperty(SocketMessageEvent, 'name', { value: 'MessageEvent' });
    }
    readonly #socket: EventTarget;
    constructor(data: unknown, origin: string, socket: EventTarget) {
      super('message', { data, origin });
      this.#socket = socket;
    }
    override get target(): EventTarget {
      return this.#socket;
    }
    override get srcElement(): EventTarget {
      return this.#socket;
    }
  }
  cached = { base, create: (data, origin, socket) => new SocketMessageEvent(data, origin, socket) };
  return cached.create;
}

/**
 * Makes the `MessageEvent`s of one socket: the runtime's class and the origin are resolved once per socket, not per
 * message.
 *
 * @param socket - the socket, whose `url` gives the events' origin.
 * @returns a function from a payload to its event.
 */
export function messageEventsOf(socket: EventTarget & { readonly url: string }): (data: unknown) => MessageEvent {
  const create = socketMessageEvent();
  const origin = new URL(socket.url).origin;
  return (data) => create(data, origin, socket);
}
