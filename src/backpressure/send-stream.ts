import { asyncScheduler, isObservable, Observable, type OperatorFunction, type Subscription } from 'rxjs';
import { CONNECTING, OPEN } from '../constants.js';
import { byteLengthOf } from '../internal/byte-length.js';
import { type QueueOptions, resolveQueueOptions } from '../queue/queue-options.js';
import { SendQueue } from '../queue/send-queue.js';
import { closeErrorOf, type RxWebSocket } from '../rx-websocket.js';
import type { WebSocketData } from '../types.js';
import { BufferReader, checkBufferReadOptions } from './buffer-reader.js';
import { type PollOptions, whenDrained } from './buffered-amount.js';
import { resolveWatermarks, type WatermarkOptions } from './watermarks.js';

/** Where {@link sendStream} takes messages from. */
export type MessageSource =
  | Observable<WebSocketData>
  | AsyncIterable<WebSocketData>
  | Iterable<WebSocketData>
  | ReadableStream<WebSocketData>;

/** Options of {@link sendStream}. */
export interface SendStreamOptions extends WatermarkOptions, PollOptions {
  /**
   * For Observable sources (which cannot be paused): the queue that holds what arrives while the buffer
   * is above `highWaterMark`, with its overflow rule.
   * @default { maxMessages: 1000, maxBytes: Infinity, overflow: 'error' }
   */
  queue?: QueueOptions;
}

/** Progress of {@link sendStream}, emitted after each message handed to the socket. */
export interface SendProgress {
  /** Messages sent so far. */
  readonly messages: number;
  /** Bytes sent so far. */
  readonly bytes: number;
  /** The socket's buffered bytes after the last send. */
  readonly bufferedAmount: number;
  /** Messages an Observable source produced that the queue dropped (`'drop-oldest'`/`'drop-newest'`). */
  readonly dropped: number;
}

/**
 * Sends every message of `source` over `socket` without letting `bufferedAmount` exceed `highWaterMark`
 * plus one message: above it, sending waits until the buffer drains to `lowWaterMark`.
 *
 * - Pull sources (AsyncIterable, async generator, Iterable, ReadableStream) are read only when there is
 *   room, so memory stays constant whatever the source's size.
 * - Observable sources cannot be paused: what arrives while the buffer is full waits in a bounded queue
 *   (`queue`, with its overflow rule).
 *
 * It waits for the socket to open, emits a {@link SendProgress} after each message, completes when the
 * source is done and everything was handed to the socket, and errors with {@link WebSocketCloseError} if
 * the socket closes first. Unsubscribing stops reading the source (its iterator's `return()` is called).
 *
 * @param socket - the socket to send over.
 * @param source - the messages.
 * @param options - watermarks, the queue for Observable sources, polling and the fallback estimate.
 * @returns the progress.
 * @throws {InvalidOptionError} at the call, for invalid watermarks or queue options.
 * @example
 * ```ts
 * async function* chunks() { for (let i = 0; i < 10_000; i++) yield new Uint8Array(64 * 1024); }
 * sendStream(socket, chunks(), { highWaterMark: 1 << 20 }).subscribe(({ bytes }) => console.log(bytes));
 * ```
 */
export function sendStream(
  socket: RxWebSocket,
  source: MessageSource,
  options: SendStreamOptions = {},
): Observable<SendProgress> {
  const { high, low } = resolveWatermarks(options);
  const queueOptions = resolveQueueOptions(options.queue);
  checkBufferReadOptions(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  return new Observable<SendProgress>((subscriber) => {
    const reader = new BufferReader(socket, scheduler, options);
    let messages = 0;
    let bytes = 0;
    let dropped = 0;
    let waiting: Subscription | undefined;
    let stopped = false;

    const send = (data: WebSocketData) => {
      socket.send(data);
      messages++;
      bytes += byteLengthOf(data);
      subscriber.next({ messages, bytes, bufferedAmount: reader.read(), dropped });
    };
    /** Calls `then` once the socket is open and the buffer is at or below `lowWaterMark` (or below high). */
    const whenRoom = (then: () => void) => {
      if (socket.readyState === CONNECTING) {
        waiting = socket.open$.subscribe({ next: () => whenRoom(then), error: (e) => subscriber.error(e) });
        return;
      }
      if (socket.readyState !== OPEN) {
        subscriber.error(closeErrorOf(socket));
        return;
      }
      if (reader.read() < high) {
        then();
        return;
      }
      waiting = whenDrained(socket, low, { ...options, scheduler }).subscribe({
        next: () => whenRoom(then),
        error: (e: unknown) => subscriber.error(e),
      });
    };

    if (isObservable(source)) {
      const queue = new SendQueue<WebSocketData>(queueOptions, byteLengthOf);
      let done = false;
      let pumping = false;
      const pump = () => {
        if (pumping || stopped) return;
        pumping = true;
        whenRoom(function drain() {
          while (queue.length > 0 && socket.readyState === OPEN && reader.read() < high)
            send(queue.shift() as WebSocketData);
          if (queue.length > 0) {
            whenRoom(drain);
            return;
          }
          pumping = false;
          if (done) subscriber.complete();
        });
      };
      const input = source.subscribe({
        next: (data) => {
          try {
            const result = queue.push(data);
            dropped += result.dropped.length;
          } catch (error) {
            subscriber.error(error);
            return;
          }
          pump();
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          done = true;
          if (!pumping && queue.length === 0) subscriber.complete();
        },
      });
      return () => {
        stopped = true;
        input.unsubscribe();
        waiting?.unsubscribe();
        reader.dispose();
      };
    }

    const iterator = iterate(source);
    const next = () => {
      whenRoom(() => {
        iterator.next().then(
          (result) => {
            if (stopped) return;
            if (result.done) {
              subscriber.complete();
              return;
            }
            if (socket.readyState !== OPEN) {
              subscriber.error(closeErrorOf(socket));
              return;
            }
            send(result.value);
            next();
          },
          (error: unknown) => subscriber.error(error),
        );
      });
    };
    next();
    return () => {
      stopped = true;
      waiting?.unsubscribe();
      reader.dispose();
      void iterator.return?.()?.catch(() => {});
    };
  });
}

/**
 * The operator form of {@link sendStream} for Observable sources.
 *
 * @param socket - the socket to send over.
 * @param options - as {@link sendStream}.
 * @returns an operator from messages to progress.
 * @example
 * ```ts
 * frames$.pipe(sendWithBackpressure(socket, { highWaterMark: 256 * 1024 })).subscribe();
 * ```
 */
export function sendWithBackpressure(
  socket: RxWebSocket,
  options: SendStreamOptions = {},
): OperatorFunction<WebSocketData, SendProgress> {
  return (source) => sendStream(socket, source, options);
}

function iterate(source: Exclude<MessageSource, Observable<WebSocketData>>): AsyncIterator<WebSocketData> {
  if (typeof (source as unknown as ReadableStream).getReader === 'function' && !(Symbol.asyncIterator in source)) {
    const reader = (source as unknown as ReadableStream<WebSocketData>).getReader();
    return {
      next: () => reader.read() as Promise<IteratorResult<WebSocketData>>,
      return: async () => {
        await reader.cancel();
        return { done: true, value: undefined };
      },
    };
  }
  if (Symbol.asyncIterator in source) return (source as AsyncIterable<WebSocketData>)[Symbol.asyncIterator]();
  const sync = (source as Iterable<WebSocketData>)[Symbol.iterator]();
  return {
    next: async () => sync.next(),
    return: async () => sync.return?.() ?? { done: true, value: undefined },
  };
}
