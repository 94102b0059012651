import { BoundedQueue } from './bounded-queue.js';
import { resolveQueueOptions, type SendQueueOptions } from './queue-options.js';
import { type SendQueue, withQueue } from './queue-plugin.js';

/**
 * Bounds for a queue beyond the default of 1000 messages under `'error'`: a byte limit, a rule that drops instead of
 * throwing, and (for `webSocket()`) a ttl. Give what it returns as the `queue` option of `webSocket()`,
 * `RxWebSocket`, `fromWebSocket()` or `sendStream()`; its code reaches a bundle only when the app imports it.
 *
 * @param options - `maxMessages` (1000), `maxBytes` (Infinity), `overflow` ('error'), `ttl` (Infinity).
 * @returns the bounds, for a `queue` option; one value may serve several queues, each with its own messages.
 * @throws {InvalidOptionError} for an invalid option.
 * @example
 * ```ts
 * import { reconnect, sendQueue, webSocket } from 'rx-websocket';
 * const chat = webSocket<{ text: string }>({
 *   url: 'wss://example.com/chat',
 *   reconnect: reconnect(),
 *   queue: sendQueue({ maxMessages: 200, overflow: 'drop-oldest', ttl: 60_000 }),
 * });
 * ```
 */
export function sendQueue(options: SendQueueOptions = {}): SendQueue {
  const bounds = resolveQueueOptions(options);
  return { ttl: bounds.ttl, overflow: bounds.overflow, [withQueue]: (sizeOf) => new BoundedQueue(bounds, sizeOf) };
}
