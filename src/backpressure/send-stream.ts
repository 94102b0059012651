import { asyncScheduler, isObservable, Observable, type OperatorFunction, Subscription } from 'rxjs';
import { CLOSING, CONNECTING, OPEN } from '../constants.js';
import { QueueOverflowError } from '../errors/queue-overflow-error.js';
import { byteLengthOf } from '../internal/byte-length.js';
import { checkQueue, makeStore, type SendQueue } from '../queue/queue-plugin.js';
import type { RxWebSocket } from '../rx-websocket.js';
import { internals } from '../socket/internals.js';
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
   * is above `highWaterMark`: what `sendQueue()` returns, for bounds and an overflow rule beyond the default.
   * @default 1000 messages; one more errors the stream with QueueOverflowError
   */
  queue?: SendQueue | undefined;
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
 * the socket closes first. Once it sees the socket closing (`close()` was called, or the server's close frame
 * arrived) it sends nothing more and stops reading the source at once; it errors when the close event arrives,
 * which carries the code, reason and `wasClean`. Unsubscribing, completing and erroring all release the
 * source: an iterator's `return()` is called, a ReadableStream is cancelled, an Observable is unsubscribed.
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
  const queuePolicy = checkQueue(options.queue, false);
  checkBufferReadOptions(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  return new Observable<SendProgress>((subscriber) => {
    const reader = new BufferReader(socket, scheduler, options);
    subscriber.add(() => reader.dispose());
    let messages = 0;
    let bytes = 0;
    let dropped = 0;
    /** Stops reading the source; set below for each kind of source, and called once. */
    let release = () => {};
    let waitingForClose = false;

    const send = (data: WebSocketData) => {
      socket.send(data);
      messages++;
      bytes += byteLengthOf(data);
      subscriber.next({ messages, bytes, bufferedAmount: reader.read(), dropped });
    };
    /**
     * The socket is closing: what it is given now is discarded, so the source is released at once. The error
     * waits for the close event, the only place its code, reason and wasClean come from (on a half-open TCP
     * connection that is the runtime's close timeout: 30 s in ws).
     */
    const endOnClose = () => {
      if (waitingForClose) return;
      waitingForClose = true;
      release();
      subscriber.add(socket.close$.subscribe(() => subscriber.error(socket[internals]().closeError())));
    };
    /** Calls `then` once the socket is open and the buffer is at or below `lowWaterMark` (or below high). */
    const whenRoom = (then: () => void) => {
      if (socket.readyState === CONNECTING) {
        subscriber.add(socket.open$.subscribe({ next: () => whenRoom(then), error: (e) => subscriber.error(e) }));
        return;
      }
      if (socket.readyState !== OPEN) {
        endOnClose();
        return;
      }
      if (reader.read() < high) {
        then();
        return;
      }
      // whenDrained() reports no room on a closing socket: it errors with the close error instead.
      subscriber.add(
        whenDrained(socket, low, { ...options, scheduler }).subscribe({
          next: () => whenRoom(then),
          error: (e: unknown) => subscriber.error(e),
        }),
      );
    };

    if (isObservable(source)) {
      const queue = makeStore<WebSocketData>(queuePolicy, byteLengthOf);
      const input = new Subscription();
      release = () => input.unsubscribe();
      subscriber.add(input);
      let done = false;
      let pumping = false;
      const pump = () => {
        if (pumping) return;
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
      input.add(
        source.subscribe({
          next: (data) => {
            // While it waits for room the queue would fill with messages a closing socket can never send.
            if (socket.readyState >= CLOSING) {
              endOnClose();
              return;
            }
            try {
              const result = queue.push(data);
              dropped += result.dropped.length;
            } catch (error) {
              subscriber.error(error instanceof QueueOverflowError ? fromObservable(error) : error);
              return;
            }
            pump();
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => {
            done = true;
            if (!pumping && queue.length === 0) subscriber.complete();
          },
        }),
      );
      return;
    }

    const iterator = iterate(source);
    let released = false;
    release = () => {
      if (released) return;
      released = true;
      // The stream has ended or is ending with its own error: a failing return() has nobody left to tell.
      returnOf(iterator).catch(() => {});
    };
    subscriber.add(() => release());
    const pull = () => {
      whenRoom(() => {
        iterator
          .next()
          .then((result) => {
            if (subscriber.closed) return;
            if (result.done) {
              subscriber.complete();
              return;
            }
            // The socket may have started closing while the source was busy.
            if (socket.readyState !== OPEN) {
              endOnClose();
              return;
            }
            send(result.value);
            pull();
          })
          // Whatever fails in a step ends the stream, rather than becoming an unhandled rejection.
          .catch((error: unknown) => subscriber.error(error));
      });
    };
    pull();
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

/**
 * The overflow of an Observable source, with the advice that fits it: the queue fills because an Observable cannot be
 * paused, and a source that can be pulled never fills it.
 */
function fromObservable({ limit, max }: QueueOverflowError): QueueOverflowError {
  return new QueueOverflowError(
    limit,
    max,
    `An Observable cannot be paused: pass an array or an (async) iterable, pulled only when there is room, or give sendStream() the queue option sendQueue({ ${limit}, overflow }).`,
  );
}

/** Calls the iterator's `return()`; a synchronous throw becomes a rejection, like everything else it reports. */
async function returnOf(iterator: AsyncIterator<WebSocketData>): Promise<void> {
  await iterator.return?.();
}

function iterate(source: Exclude<MessageSource, Observable<WebSocketData>>): AsyncIterator<WebSocketData> {
  // A ReadableStream is read through its reader, also where it is async-iterable: the reader's cancel() takes
  // effect at once, while the iterator's return() waits for the pending read, which a stalled source never ends.
  if (typeof (source as unknown as ReadableStream).getReader === 'function') {
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
