import { whenDrained } from './buffered-amount.js';
import { type Backpressure, pacer } from './pacer.js';
import { resolveWatermarks, type WatermarkOptions } from './watermarks.js';

export type { Backpressure } from './pacer.js';

/**
 * Watermarks for webSocket()'s `next()`: while the open socket's `bufferedAmount` is at or above `highWaterMark`,
 * messages wait in the queue, and they go out once it has drained to `lowWaterMark` (polled on the subject's
 * scheduler).
 *
 * @param options - `highWaterMark` (1 MiB) and `lowWaterMark` (256 KiB, at most a quarter of the high one).
 * @returns the value of webSocket()'s `backpressure` option.
 * @throws {InvalidOptionError} at the call, for invalid watermarks.
 * @example
 * ```ts
 * import { backpressure, webSocket } from 'rx-websocket';
 * const upload = webSocket<unknown, Uint8Array>({
 *   url: 'wss://example.com/upload',
 *   serializer: (chunk) => chunk,
 *   backpressure: backpressure({ highWaterMark: 4 << 20 }),
 * });
 * ```
 */
export function backpressure(options: WatermarkOptions = {}): Backpressure {
  const { high, low } = resolveWatermarks(options);
  return {
    [pacer]: {
      room: (socket) => socket.bufferedAmount < high,
      drained: (socket, scheduler) => whenDrained(socket, low, { scheduler }),
    },
  };
}
