import { defer, from, Observable, type ObservableInput } from 'rxjs';
import { InboundOverflowError } from '../errors/inbound-overflow-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { isBlob } from '../internal/byte-length.js';
import type { RxWebSocket } from '../rx-websocket.js';
import { internals } from '../socket/internals.js';
import { resolveWatermarks, type WatermarkOptions } from './watermarks.js';

/** Options of {@link receive}. */
export interface ReceiveOptions extends WatermarkOptions {
  /**
   * When the buffer passes `highWaterMark` and the socket cannot be paused (a browser's standard `WebSocket`):
   * `'error'` ends the iteration with {@link InboundOverflowError}; `'drop-oldest'` and `'drop-newest'` drop
   * messages (counted in `dropped`). Sockets that can pause (Node's `ws`, Chromium's through `webSocketStream()`)
   * are paused instead, and nothing is dropped.
   * @default 'error'
   */
  overflow?: 'error' | 'drop-oldest' | 'drop-newest';
}

/** What {@link receive} returns: an async iterator of payloads, with its state. */
export interface Inbound extends AsyncIterableIterator<unknown> {
  /** Bytes waiting for the consumer (UTF-16 units for text). */
  readonly bufferedBytes: number;
  /** Whether the underlying socket is paused now. */
  readonly paused: boolean;
  /** Messages dropped under `'drop-oldest'`/`'drop-newest'`. */
  readonly dropped: number;
}

const sizeOf = (data: unknown): number =>
  typeof data === 'string'
    ? data.length
    : data instanceof ArrayBuffer || ArrayBuffer.isView(data)
      ? data.byteLength
      : isBlob(data)
        ? data.size
        : 0;

/**
 * Pulls incoming messages with backpressure: a bounded buffer fills while the consumer is busy, and when it
 * passes `highWaterMark` a socket that can pause (Node's `ws`: `pause()`/`resume()`; in Chromium, a socket made
 * with `webSocketStream()`) stops reading from the network until the buffer drains to `lowWaterMark`; TCP flow
 * control then slows the sender. A browser's standard `WebSocket` cannot pause: there the buffer applies its
 * `overflow` rule.
 *
 * Iteration ends when the socket closes cleanly, and throws {@link WebSocketCloseError} on an abnormal close;
 * on a closing socket it waits for the close event, which says which. Leaving the loop early (`break`, or a call
 * of `return()`) stops listening, resumes the socket, and ends every pending `next()`.
 *
 * @param socket - the socket to read.
 * @param options - watermarks in bytes and the overflow rule for sockets that cannot pause.
 * @returns an async iterator of payloads.
 * @example
 * ```ts
 * for await (const message of receive(socket, { highWaterMark: 4 << 20 })) {
 *   await database.insert(JSON.parse(String(message))); // slow: the socket is paused meanwhile
 * }
 * ```
 */
export function receive(socket: RxWebSocket, options: ReceiveOptions = {}): Inbound {
  const { high, low } = resolveWatermarks(options);
  const overflow = options.overflow ?? 'error';
  if (overflow !== 'error' && overflow !== 'drop-oldest' && overflow !== 'drop-newest') {
    throw new InvalidOptionError('overflow', overflow, "'error', 'drop-oldest' or 'drop-newest'");
  }
  const { transport } = socket[internals]();
  const pausable = transport.pause !== undefined && transport.resume !== undefined;
  const buffer: unknown[] = [];
  let head = 0;
  let bytes = 0;
  let dropped = 0;
  let paused = false;
  let ended: { error?: unknown } | undefined;
  /** The pending next() calls, woken in order (the protocol lets a consumer call next() again before one settles). */
  let waiting: Array<() => void> = [];
  const wake = () => {
    const woken = waiting;
    waiting = [];
    for (const resolve of woken) resolve();
  };

  const take = (): unknown => {
    const data = buffer[head];
    buffer[head++] = undefined;
    if (head > 1024 && head * 2 > buffer.length) {
      buffer.splice(0, head);
      head = 0;
    }
    bytes -= sizeOf(data);
    return data;
  };
  const setPaused = (value: boolean) => {
    if (paused === value || !pausable) return;
    paused = value;
    if (value) transport.pause?.();
    else transport.resume?.();
  };

  const subscription = socket.data$.subscribe({
    next: (data) => {
      buffer.push(data);
      bytes += sizeOf(data);
      if (bytes > high) {
        if (pausable) setPaused(true);
        else if (overflow === 'drop-newest') {
          buffer.pop();
          bytes -= sizeOf(data);
          dropped++;
        } else if (overflow === 'drop-oldest') {
          while (bytes > high && buffer.length - head > 1) {
            take();
            dropped++;
          }
        } else {
          ended = { error: new InboundOverflowError(high) };
          subscription?.unsubscribe();
        }
      }
      wake();
    },
    error: () => {
      ended = { error: socket[internals]().closeError() };
      wake();
    },
    complete: () => {
      // The close itself says how it ended: a socket of fromWebSocket() completes its data$ on any close.
      const view = socket[internals]();
      ended = view.closeEvent?.wasClean === false ? { error: view.closeError() } : {};
      wake();
    },
  });

  const finish = () => {
    subscription.unsubscribe();
    setPaused(false);
    buffer.length = 0;
    head = 0;
    bytes = 0;
  };

  const iterator: Inbound = {
    get bufferedBytes() {
      return bytes;
    },
    get paused() {
      return paused;
    },
    get dropped() {
      return dropped;
    },
    async next(): Promise<IteratorResult<unknown>> {
      for (;;) {
        if (ended?.error !== undefined && ended.error instanceof InboundOverflowError) {
          finish();
          throw ended.error;
        }
        if (head < buffer.length) {
          const value = take();
          if (paused && bytes <= low) setPaused(false);
          return { value, done: false };
        }
        if (ended) {
          finish();
          if (ended.error !== undefined) throw ended.error;
          return { value: undefined, done: true };
        }
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
    },
    async return(): Promise<IteratorResult<unknown>> {
      finish();
      ended ??= {};
      wake(); // pending next() calls end too, rather than wait for ever
      return { value: undefined, done: true };
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Like `socket.data$.pipe(concatMap(project))`, but with backpressure: messages wait in {@link receive}'s
 * bounded buffer (pausing the socket where it can) while `project` works on the previous one. Unsubscribing stops
 * the work in progress (what `project` returned is unsubscribed) and resumes the socket.
 *
 * @param socket - the socket to read.
 * @param project - the work per message: a Promise, an Observable, or any ObservableInput.
 * @param options - as {@link receive}.
 * @returns the results, in order.
 * @example
 * ```ts
 * concatMapIncoming(socket, (message) => saveSlowly(message)).subscribe();
 * ```
 */
export function concatMapIncoming<R>(
  socket: RxWebSocket,
  project: (data: unknown) => ObservableInput<R>,
  options: ReceiveOptions = {},
): Observable<R> {
  return defer(
    () =>
      new Observable<R>((subscriber) => {
        const inbound = receive(socket, options);
        (async () => {
          for await (const data of inbound) {
            if (subscriber.closed) break;
            await new Promise<void>((resolve, reject) => {
              const work = from(project(data)).subscribe({
                next: (value) => subscriber.next(value),
                error: reject,
                complete: resolve,
              });
              // Unsubscribing stops the work in progress, and lets this loop see that `inbound` has ended.
              work.add(resolve);
              subscriber.add(work);
            });
          }
          subscriber.complete();
        })().catch((error: unknown) => subscriber.error(error));
        return () => void inbound.return?.();
      }),
  );
}
