import { byteLengthOf } from '../internal/byte-length.js';
import type { ResolvedQueueOptions } from '../queue/queue-options.js';
import { SendQueue } from '../queue/send-queue.js';
import type { WebSocketData } from '../types.js';

/**
 * The queue of messages given to `next()` before the socket opens. A socket keeps one slot for it: the options until
 * a message is queued, then the queue, so an idle socket carries no queue.
 */
export type PreOpenQueue = SendQueue<WebSocketData> | ResolvedQueueOptions;

/**
 * Queues `data`, making the queue on first need.
 * @returns the queue (to keep in the slot) and what the overflow rule dropped.
 */
export function enqueue(
  slot: PreOpenQueue,
  data: WebSocketData,
): { queue: SendQueue<WebSocketData>; dropped: readonly WebSocketData[] } {
  const queue = slot instanceof SendQueue ? slot : new SendQueue<WebSocketData>(slot, byteLengthOf);
  return { queue, dropped: queue.push(data).dropped };
}

/**
 * Hands the queued messages to `send` in order while `canSend()` holds (an open listener may close the socket: what
 * is left is then dropped on close).
 */
export function flush(slot: PreOpenQueue, canSend: () => boolean, send: (data: WebSocketData) => void): void {
  if (!(slot instanceof SendQueue)) return;
  while (slot.length > 0 && canSend()) send(slot.shift() as WebSocketData);
}

/**
 * Empties the queue.
 * @returns what it held, in order.
 */
export function clear(slot: PreOpenQueue): readonly WebSocketData[] {
  return slot instanceof SendQueue ? slot.clear() : [];
}
