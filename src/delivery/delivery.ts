import {
  asyncScheduler,
  catchError,
  EMPTY,
  filter,
  map,
  Observable,
  ReplaySubject,
  type SchedulerLike,
  Subject,
  type Subscription,
  switchMap,
} from 'rxjs';
import { OPEN } from '../constants.js';
import { DeliveryFailedError, type DeliveryFailure } from '../errors/delivery-failed-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { positiveDuration } from '../internal/durations.js';
import { withId } from '../internal/with-id.js';
import type { RxWebSocket } from '../rx-websocket.js';
import type { ConnectedSocket, WebSocketData } from '../types.js';
import { type DeliveryHooks, type DeliveryLink, withDelivery } from './plugin.js';

/** The protocol a {@link delivery} layer speaks: how the app's messages carry ids, acknowledgements and positions. */
export interface DeliveryOptions<In, Out> {
  /**
   * The id an incoming message acknowledges, or `undefined` for a message that is no acknowledgement.
   * @default undefined (nothing is acknowledged: every send() fails by ackTimeout)
   */
  ack?: (message: In) => string | number | undefined;
  /**
   * Puts the id in an outgoing message. The same id is used on every resend, so the server can drop duplicates.
   * @default (message, id) => ({ ...message, id }), for object messages
   */
  stamp?: (message: Out, id: string | number) => Out;
  /**
   * Makes each outgoing message's id.
   * @default a counter after a prefix made at the first send: 'k3x9a-1', 'k3x9a-2'…
   */
  id?: () => string | number;
  /**
   * How long a sent message waits for its acknowledgement on one connection, in milliseconds; a reconnection sends it
   * again and starts the wait again. `Infinity` waits for ever.
   * @default 10000
   */
  ackTimeout?: number;
  /**
   * How long a message may wait in the outbox, sent or not, before it fails with `'expired'`, in milliseconds.
   * @default Infinity
   */
  ttl?: number;
  /**
   * The outbox's bound.
   * @default { maxMessages: 1000, overflow: 'error' }
   */
  outbox?: OutboxOptions;
  /**
   * The position of an incoming message in the server's stream (consecutive whole numbers), or `undefined` for a
   * message outside it. Messages reach subscribers in position order: one at or below the last position delivered is
   * a duplicate and is dropped; one past a skipped position waits for the missing ones (`gapTimeout`), and the gap is
   * reported on `gaps$` if they do not come.
   * @default undefined (no positions: nothing is dropped or held)
   */
  position?: (message: In) => number | undefined;
  /**
   * How long messages past a skipped position wait for the missing ones (a backfill that comes after live messages),
   * in milliseconds, before the gap is reported on `gaps$` and they are delivered.
   * @default 5000
   */
  gapTimeout?: number;
  /**
   * The message that asks the server to resume after the last position seen (`undefined` when none was seen), sent
   * first on every connection after the first one (after `openObserver`, before topics and what waits to be sent);
   * returning `undefined` sends nothing.
   * @default undefined (no resume message; the URL may carry the position instead, through a URL function)
   */
  resume?: (last: number | undefined) => Out | undefined;
}

/** The bound of a {@link delivery} layer's outbox: messages sent or waiting, not acknowledged yet. */
export interface OutboxOptions {
  /**
   * How many messages it holds.
   * @default 1000
   */
  maxMessages?: number;
  /**
   * What a full outbox does with one more: `'error'` fails the new message, `'drop-oldest'` the oldest, each with
   * `'overflow'`.
   * @default 'error'
   */
  overflow?: 'error' | 'drop-oldest';
}

/** Options of {@link Delivery.messages}. */
export interface PipelineDeliveryOptions {
  /**
   * Turns an outgoing message into a frame.
   * @default JSON.stringify
   */
  serialize?: (value: unknown) => WebSocketData;
  /**
   * Where the acknowledgement and gap timeouts take their time.
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
}

/** Where a message of {@link Delivery.send} stands: handed to a socket, then acknowledged. */
export interface DeliveryReceipt {
  /** `'sent'` each time it is written to a socket, `'acknowledged'` once. */
  readonly status: 'sent' | 'acknowledged';
  /** The message's id. */
  readonly id: string | number;
  /** How many times it was written to a socket so far. */
  readonly attempt: number;
}

/** A position that skipped: messages from `expected` to `received - 1` were not seen. */
export interface DeliveryGap {
  /** The position that should have come next. */
  readonly expected: number;
  /** The position that came. */
  readonly received: number;
}

/**
 * At-least-once sends and gap-free receives over the app's own JSON protocol, for `webSocket()`'s `delivery` option.
 * See {@link delivery}.
 */
export interface Delivery<In, Out> {
  /**
   * Sends a message with an id, keeps it until the server acknowledges it, and sends it again, in order, after every
   * reconnection. The message is taken now (serialized now: a `SerializationError` throws here).
   *
   * @param message - the message; {@link DeliveryOptions.stamp} puts its id in it.
   * @returns its receipts: the latest first, then each; completes when acknowledged, errors with
   * {@link DeliveryFailedError} when it will not be (unsubscribing does not cancel the message).
   */
  send(message: Out): Observable<DeliveryReceipt>;
  /** Positions that skipped. */
  readonly gaps$: Observable<DeliveryGap>;
  /** The last position delivered to subscribers, or `undefined`. */
  readonly position: number | undefined;
  /** Messages sent and not acknowledged yet, or waiting to be sent. */
  readonly pending: number;
  /**
   * The layer over a pipeline's stream of open sockets (`fromWebSocket()` with `reconnect()`), instead of
   * `webSocket()`: on each socket it sends the resume message and what is unacknowledged, and it gives the incoming
   * JSON messages, acknowledgements read, in position order. Unsubscribing ends it: what is pending fails with
   * `'closed'`.
   *
   * @param sockets - the open sockets, one after another.
   * @param options - `serialize` for outgoing messages (default `JSON.stringify`), `scheduler` for the timeouts
   * (default `asyncScheduler`).
   * @returns the incoming messages; frames that are not JSON (a heartbeat's pong) are skipped.
   */
  messages(sockets: Observable<RxWebSocket>, options?: PipelineDeliveryOptions): Observable<In>;
  /** How `webSocket()` attaches it. */
  readonly [withDelivery]: (link: DeliveryLink) => DeliveryHooks<In>;
}

interface Entry {
  readonly id: string | number;
  readonly data: WebSocketData;
  readonly at: number;
  readonly receipts: ReplaySubject<DeliveryReceipt>;
  attempt: number;
  timer: Subscription | undefined;
}

let prefixes = 0;

/**
 * A delivery layer for `webSocket({ delivery })`: outgoing messages of `send()` get ids, wait in an outbox until the
 * server acknowledges them and go out again, in order, after every reconnection (the server drops duplicates by id);
 * incoming messages carry positions, duplicates after a reconnection are dropped, gaps are reported, and a resume
 * message asks the server for what was missed.
 *
 * @param options - how the app's messages carry ids, acknowledgements and positions, and the outbox's bounds.
 * @returns the layer, to give to one `webSocket()` and to send through.
 * @throws {InvalidOptionError} for an invalid option.
 * @example
 * ```ts
 * const reliable = delivery<ServerMessage, ClientMessage>({ ack: (m) => (m.type === 'ack' ? m.id : undefined) });
 * const chat = webSocket<ServerMessage, ClientMessage>({ url, reconnect: reconnect(), delivery: reliable });
 * reliable.send({ type: 'message', text: 'hi' }).subscribe((receipt) => console.log(receipt.status));
 * ```
 */
export function delivery<In, Out = In>(options: DeliveryOptions<In, Out> = {}): Delivery<In, Out> {
  for (const key of ['ack', 'stamp', 'id', 'position', 'resume'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'function') {
      throw new InvalidOptionError(key, options[key], 'a function');
    }
  }
  const ackTimeout = positiveDuration(options.ackTimeout, 'ackTimeout', 10_000);
  const gapTimeout = positiveDuration(options.gapTimeout, 'gapTimeout', 5_000);
  const ttl = positiveDuration(options.ttl, 'ttl', Number.POSITIVE_INFINITY);
  const maxMessages = options.outbox?.maxMessages ?? 1000;
  if (typeof maxMessages !== 'number' || !(maxMessages >= 1) || !Number.isInteger(maxMessages)) {
    throw new InvalidOptionError('outbox.maxMessages', maxMessages, 'a whole number of at least 1');
  }
  const overflow = options.outbox?.overflow ?? 'error';
  if (overflow !== 'error' && overflow !== 'drop-oldest') {
    throw new InvalidOptionError('outbox.overflow', overflow, "'error' or 'drop-oldest'");
  }
  const stamp = options.stamp ?? ((message: Out, id: string | number) => withId(message, id, 'a stamp option'));
  const outbox = new Map<string | number, Entry>();
  const gaps = new Subject<DeliveryGap>();
  let link: DeliveryLink | undefined;
  let position: number | undefined;
  let connections = 0;
  /**
   * The socket the outbox was last sent on. A message sent on another open socket (from `openObserver`, before the
   * layer heard of that socket) waits in the outbox for `resend()`, which sends it once, in order.
   */
  let flushedOn: ConnectedSocket | undefined;
  /** Starts the wait for a gap's missing messages again, on a new connection (set while the inbound side runs). */
  let waitAgain: (() => void) | undefined;
  let prefix: string | undefined;
  let count = 0;

  const fail = (entry: Entry, reason: DeliveryFailure) => {
    entry.timer?.unsubscribe();
    outbox.delete(entry.id);
    entry.receipts.error(new DeliveryFailedError(entry.id, reason));
  };

  const acknowledge = (message: In) => {
    const acked = options.ack?.(message);
    const entry = acked === undefined ? undefined : outbox.get(acked);
    if (!entry) return;
    entry.timer?.unsubscribe();
    outbox.delete(entry.id);
    entry.receipts.next({ status: 'acknowledged', id: entry.id, attempt: entry.attempt });
    entry.receipts.complete();
  };

  const transmit = (entry: Entry, socket: ConnectedSocket, scheduler: SchedulerLike) => {
    if (scheduler.now() - entry.at > ttl) {
      fail(entry, 'expired');
      return;
    }
    socket.send(entry.data);
    entry.attempt++;
    entry.receipts.next({ status: 'sent', id: entry.id, attempt: entry.attempt });
    entry.timer?.unsubscribe();
    entry.timer =
      ackTimeout === Number.POSITIVE_INFINITY
        ? undefined
        : scheduler.schedule(() => {
            // A wait is for one connection: a message whose socket has gone is sent again on the next, which starts
            // the wait again.
            if (socket.readyState === OPEN) fail(entry, 'timeout');
          }, ackTimeout);
  };

  const hooks: DeliveryHooks<In> = {
    resume(socket) {
      waitAgain?.();
      if (++connections === 1 || !options.resume || !link) return;
      const message = options.resume(position);
      if (message !== undefined) socket.send(link.serialize(message));
    },
    resend(socket) {
      if (!link) return;
      flushedOn = socket;
      for (const entry of [...outbox.values()]) {
        if (socket.readyState !== OPEN) return;
        transmit(entry, socket, link.scheduler);
      }
    },
    inbound: (source) =>
      new Observable<In>((subscriber) => {
        const scheduler = (link as DeliveryLink).scheduler;
        /** Messages past a skipped position, waiting for the missing ones, by position. */
        const held = new Map<number, In>();
        let waiting: Subscription | undefined;
        const flush = () => {
          for (let next = (position ?? 0) + 1; held.has(next); next++) {
            const message = held.get(next) as In;
            held.delete(next);
            position = next;
            subscriber.next(message);
          }
          if (held.size === 0) {
            waiting?.unsubscribe();
            waiting = undefined;
          }
        };
        // The missing ones did not come in time: the gap is reported, and what waited goes on. While no connection is
        // open nothing can fill it: the wait starts again with the next connection, whose resume asks for them.
        const skip = (ending = false) => {
          waiting = undefined;
          if (held.size === 0 || position === undefined) return;
          if (!ending && link?.socket()?.readyState !== OPEN) return;
          const first = Math.min(...held.keys());
          gaps.next({ expected: position + 1, received: first });
          position = first - 1;
          flush();
          if (held.size > 0) waiting = scheduler.schedule(() => skip(), gapTimeout);
        };
        waitAgain = () => {
          waiting?.unsubscribe();
          waiting = held.size > 0 ? scheduler.schedule(() => skip(), gapTimeout) : undefined;
        };
        const subscription = source.subscribe({
          next: (message) => {
            acknowledge(message);
            const at = options.position?.(message);
            if (typeof at !== 'number') subscriber.next(message);
            else if (position === undefined || at === position + 1) {
              position = at;
              subscriber.next(message);
              flush();
            } else if (at > position + 1 && !held.has(at)) {
              // Live messages can come before the backfill a resume asked for: they wait for it.
              held.set(at, message);
              waiting ??= scheduler.schedule(() => skip(), gapTimeout);
            } // at or below the position: a duplicate
          },
          error: (error: unknown) => {
            skip(true);
            subscriber.error(error);
          },
          complete: () => {
            skip(true);
            subscriber.complete();
          },
        });
        return () => {
          subscription.unsubscribe();
          waiting?.unsubscribe();
          waitAgain = undefined;
        };
      }),
    closed() {
      for (const entry of [...outbox.values()]) fail(entry, 'closed');
    },
  };

  return {
    send(message) {
      if (!link) {
        throw new InvalidOptionError(
          'delivery',
          'not attached',
          'a delivery() given to webSocket({ delivery }), or subscribed through its messages(), first',
        );
      }
      // The default ids differ from one page load (and one layer) to the next: a server that drops duplicates by id
      // must not take a new page's first message for an old one's.
      prefix ??= `${Date.now().toString(36)}${(++prefixes).toString(36)}`;
      const id = options.id ? options.id() : `${prefix}-${++count}`;
      const data = link.serialize(stamp(message, id));
      const entry: Entry = {
        id,
        data,
        at: link.scheduler.now(),
        receipts: new ReplaySubject<DeliveryReceipt>(1),
        attempt: 0,
        timer: undefined,
      };
      const receipts = entry.receipts.asObservable();
      if (outbox.size >= maxMessages) {
        if (overflow === 'error') {
          entry.receipts.error(new DeliveryFailedError(id, 'overflow'));
          return receipts;
        }
        const oldest = outbox.values().next().value as Entry;
        fail(oldest, 'overflow');
      }
      outbox.set(id, entry);
      const socket = link.socket();
      if (socket?.readyState === OPEN && socket === flushedOn) transmit(entry, socket, link.scheduler);
      return receipts;
    },
    gaps$: gaps.asObservable(),
    get position() {
      return position;
    },
    get pending() {
      return outbox.size;
    },
    messages(sockets, pipeline = {}) {
      const serialize = pipeline.serialize ?? ((value: unknown) => JSON.stringify(value));
      return new Observable<In>((subscriber) => {
        let current: RxWebSocket | undefined;
        const inbound = attach({
          serialize,
          socket: () => current,
          scheduler: pipeline.scheduler ?? asyncScheduler,
        });
        const subscription = sockets
          .pipe(
            switchMap((socket) => {
              current = socket;
              inbound.resume(socket);
              inbound.resend(socket);
              // A socket's messages end with it, cleanly or not: the stream of sockets says what comes next.
              return socket.data$.pipe(
                catchError(() => EMPTY),
                map(parseJson),
                filter((message): message is In => message !== notJson),
              );
            }),
            inbound.inbound,
          )
          .subscribe(subscriber);
        return () => {
          subscription.unsubscribe();
          current = undefined;
          inbound.closed();
          link = undefined;
        };
      });
    },
    [withDelivery]: (given) => attach(given),
  };

  function attach(given: DeliveryLink): DeliveryHooks<In> {
    if (link)
      throw new InvalidOptionError(
        'delivery',
        'already attached',
        'one delivery() per webSocket(), or one messages() at a time',
      );
    link = given;
    return hooks;
  }
}

const notJson: unique symbol = Symbol('not JSON');

function parseJson(data: unknown): unknown {
  try {
    return JSON.parse(String(data));
  } catch {
    return notJson;
  }
}
