import { byteLengthOf } from '../internal/byte-length.js';
import { type MessageStore, makeStore, type SendQueue, withQueue } from '../queue/queue-plugin.js';
import type { WebSocketData } from '../types.js';

/**
 * The queue of messages given to `next()` before the socket opens. A socket keeps one slot for it: the `queue` option
 * until a message is queued, then the store, so an idle socket carries no queue.
 */
export type PreOpenQueue = MessageStore<WebSocketData> | SendQueue | undefined;

function isStore(slot: PreOpenQueue): slot is MessageStore<WebSocketData> {
  return slot !== undefined && !(withQueue in slot);
}

/**
 * Queues `data`, making the store on first need.
 * @returns the store (to keep in the slot) and what the overflow rule dropped.
 */
export function enqueue(
  slot: PreOpenQueue,
  data: WebSocketData,
): { queue: MessageStore<WebSocketData>; dropped: readonly WebSocketData[] } {
  const queue = isStore(slot) ? slot : makeStore<WebSocketData>(slot, byteLengthOf);
  return { queue, dropped: queue.push(data).dropped };
}

/**
 * Hands the queued messages to `send` in order while `canSend()` holds (an open listener may close the socket: what
 * is left is then dropped on close).
 */
export function flush(slot: PreOpenQueue, canSend: () => boolean, send: (data: WebSocketData) => void): void {
  if (!isStore(slot)) return;
  while (slot.length > 0 && canSend()) send(slot.shift() as WebSocketData);
}

/**
 * Empties the queue.
 * @returns what it held, in order.
 */
export function clear(slot: PreOpenQueue): readonly WebSocketData[] {
  return isStore(slot) ? slot.clear() : [];
}
