import { filter, Observable, type Subscriber } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { RequestAbortedError } from '../errors/request-aborted-error.js';
import { RequestTimeoutError } from '../errors/request-timeout-error.js';
import { positiveDuration } from '../internal/durations.js';
import { withId } from '../internal/with-id.js';
import type { ConnectedSocket } from '../types.js';
import {
  type RequestHooks,
  type RequestLink,
  type RequestOptions,
  type Requests,
  withRequests,
} from './request-plugin.js';

/** Defaults of every `request()` of a subject, given to {@link requests}. */
export interface RequestsOptions {
  /**
   * Makes each request's id.
   * @default a counter: 1, 2, 3…; on sockets shared across tabs (`sharedWebSocket()`), the tab's id and a counter
   */
  idGenerator?: (() => string | number) | undefined;
  /**
   * How long to wait for a reply, in milliseconds (`Infinity`: no limit).
   * @default 30000
   */
  timeout?: number | undefined;
  /**
   * When the connection a request went out on drops before the reply: `'fail'` with `RequestAbortedError`, or
   * `'retry'`: send it again on the next connection. A request still in the queue goes on the next either way.
   * @default 'fail'
   */
  onDisconnect?: 'fail' | 'retry' | undefined;
}

/**
 * Request/response for `webSocket()`: give the value it returns as `requests`, and `subject.request()` sends a
 * message with an id and emits the reply that carries it. It reaches a bundle only when the app imports it.
 *
 * @param options - the defaults of every request: `idGenerator`, `timeout` (30000), `onDisconnect` ('fail').
 * @returns the layer, for `webSocket({ requests })`; one value may serve several subjects.
 * @throws {InvalidOptionError} for an invalid option.
 * @example
 * ```ts
 * import { requests, webSocket } from 'rx-websocket';
 * type Reply = { id: number; value: string };
 * type Request = { type: 'get'; key: string };
 * const subject = webSocket<Reply, Request>({ url: 'wss://example.com/api', requests: requests({ timeout: 5000 }) });
 * subject.request({ type: 'get', key: 'user:1' }).subscribe((reply) => console.log(reply.value));
 * ```
 */
export function requests(options: RequestsOptions = {}): Requests {
  if (options.idGenerator !== undefined && typeof options.idGenerator !== 'function') {
    throw new InvalidOptionError('idGenerator', options.idGenerator, 'a function');
  }
  const defaults = {
    idGenerator: options.idGenerator,
    timeout: positiveDuration(options.timeout, 'timeout', 30_000),
    onDisconnect: disconnectRule(options.onDisconnect, 'fail'),
  };
  return { [withRequests]: (link) => new PendingRequests(link, defaults) };
}

interface Defaults {
  readonly idGenerator: (() => string | number) | undefined;
  readonly timeout: number;
  readonly onDisconnect: 'fail' | 'retry';
}

function disconnectRule(value: unknown, fallback: 'fail' | 'retry'): 'fail' | 'retry' {
  if (value === undefined) return fallback;
  if (value !== 'fail' && value !== 'retry') throw new InvalidOptionError('onDisconnect', value, "'fail' or 'retry'");
  return value;
}

/** One subject's requests: their ids, and the replies a socket shared across tabs keeps for this tab. */
class PendingRequests<In, Out> implements RequestHooks<In, Out> {
  readonly #link: RequestLink<In>;
  readonly #defaults: Defaults;
  #ids = 0;
  /** Ids of pending requests whose reply a socket shared across tabs delivers to this tab only. */
  readonly #replies = new Set<string | number>();

  constructor(link: RequestLink<In>, defaults: Defaults) {
    this.#link = link;
    this.#defaults = defaults;
  }

  request(message: Out | ((id: string | number) => Out), options: RequestOptions<In>): Observable<In> {
    const link = this.#link;
    const timeout = positiveDuration(options.timeout, 'timeout', this.#defaults.timeout);
    const onDisconnect = disconnectRule(options.onDisconnect, this.#defaults.onDisconnect);
    return new Observable<In>((subscriber) => {
      const id = options.id ?? this.#nextId();
      const outgoing =
        typeof message === 'function'
          ? (message as (id: string | number) => Out)(id)
          : withId(message, id, 'a function (id) => message');
      // Serialized once, before anything is taken: a SerializationError opens no socket. A retry resends these bytes.
      const data = link.serialize(outgoing);
      const match = options.match ?? ((reply: In) => (reply as { id?: unknown } | null)?.id === id);
      // Matched by id: a socket shared across tabs can deliver the reply to this tab only (before the request goes).
      if (options.match === undefined) this.#expectReply(subscriber, id);
      // Everything below belongs to `subscriber` as soon as it is taken: when a later step throws (the queue is
      // full under 'error', the subject was unsubscribed), the error reaches the caller and the subscription, its
      // state watch and its timer are all released, closing the socket if it was the last.
      /** The socket the request last left on; `undefined` while it waits in the queue. */
      let on: ConnectedSocket | undefined;
      const guard = (socket: ConnectedSocket) => {
        // Ended while it waited (opened in openObserver, say): nobody waits for a reply, so it stays out.
        if (subscriber.closed) return false;
        on = socket;
        return true;
      };
      const send = () => {
        on = undefined;
        try {
          link.send(data, guard);
        } catch (error) {
          subscriber.error(error);
        }
      };
      // Cancelled, timed out or failed: what still waits in the queue is taken back, and holds no room.
      subscriber.add(() => link.connection.withdraw(data, guard));
      // Dropped by a full queue ('drop-newest' at once, 'drop-oldest' later) or for its age (ttl): no reply can come.
      // Frames are told apart by their bytes, which differ by id unless the app's message ignores it.
      subscriber.add(
        link.connection.dropped$.pipe(filter((message) => message.data === data)).subscribe(({ reason }) => {
          subscriber.error(new RequestAbortedError(id, `the send queue dropped it (${reason}), so it was never sent`));
        }),
      );
      subscriber.add(
        link.subscribe({
          next: (reply) => {
            let matched: boolean;
            try {
              matched = match(reply, id);
            } catch (error) {
              subscriber.error(error);
              return;
            }
            if (matched) {
              subscriber.next(reply);
              subscriber.complete();
            }
          },
          error: (error: unknown) => subscriber.error(new RequestAbortedError(id, 'the connection failed', error)),
          complete: () => subscriber.error(new RequestAbortedError(id, 'the connection closed')),
        }),
      );
      // Only a request that left on a socket is lost with it (a drop, or reconnectNow): one still in the queue (no
      // socket was open, or the socket was full under backpressure) goes out on the next connection, once.
      subscriber.add(
        link.connection.state$.pipe(filter((state) => state.status !== 'open')).subscribe(() => {
          if (on === undefined) return;
          if (onDisconnect === 'fail') subscriber.error(new RequestAbortedError(id, 'the connection dropped'));
          // A copy the closed socket gave back (a tab whose leader went away) is taken back: it is sent again below.
          else link.connection.withdraw(data, guard);
        }),
      );
      if (onDisconnect === 'retry') {
        // A new socket after the one it left on: sent again (the queue has flushed into the new socket by now).
        subscriber.add(
          link.connection.sockets$.subscribe((socket) => {
            if (on !== undefined && on !== socket) send();
          }),
        );
      }
      if (timeout !== Number.POSITIVE_INFINITY) {
        subscriber.add(link.scheduler.schedule(() => subscriber.error(new RequestTimeoutError(id, timeout)), timeout));
      }
      if (!subscriber.closed) send();
    });
  }

  opened(): void {
    const transport = this.#link.connection.transport;
    for (const id of this.#replies) transport?.expectReply?.(id);
  }

  #nextId(): string | number {
    const made = this.#defaults.idGenerator?.();
    if (made !== undefined) return made;
    const prefix = this.#link.idPrefix;
    return prefix === undefined ? ++this.#ids : `${prefix}${++this.#ids}`;
  }

  /** Keeps the reply to request `id` for this tab on a socket shared across tabs, until `subscriber` ends. */
  #expectReply(subscriber: Subscriber<In>, id: string | number): void {
    this.#replies.add(id);
    this.#link.connection.transport?.expectReply?.(id);
    subscriber.add(() => {
      this.#replies.delete(id);
      this.#link.connection.transport?.forgetReply?.(id);
    });
  }
}
