import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { checkQueue, type SendQueue } from '../queue/queue-plugin.js';
import type { BinaryType } from '../types.js';

/** The options of a socket that can be checked before any socket exists. */
export interface SocketOptionsInput {
  binaryType?: BinaryType;
  queue?: SendQueue | undefined;
  coalesceSends?: boolean;
}

/** {@link SocketOptionsInput} checked, with the defaults applied (`binaryType` is applied with the socket). */
export interface ResolvedSocketOptions {
  queue: SendQueue | undefined;
  coalesceSends: boolean;
}

/**
 * Checks a socket's options (RxWebSocket's constructor, and fromWebSocket() when it is called, before any
 * subscription), with the defaults applied.
 *
 * @throws {InvalidOptionError} naming the first bad option.
 */
export function resolveSocketOptions(options: SocketOptionsInput): ResolvedSocketOptions {
  resolveBinaryType(options.binaryType);
  const queue = checkQueue(options.queue, false);
  if (options.coalesceSends !== undefined && typeof options.coalesceSends !== 'boolean') {
    throw new InvalidOptionError('coalesceSends', options.coalesceSends, 'true or false');
  }
  return { queue, coalesceSends: options.coalesceSends ?? true };
}

/**
 * Checks a `binaryType` option, with its default applied.
 *
 * @param value - the option as given.
 * @returns `'blob'` or `'arraybuffer'`.
 * @throws {InvalidOptionError} for any other value.
 */
export function resolveBinaryType(value: unknown): BinaryType {
  const binaryType = value ?? 'blob';
  if (binaryType !== 'blob' && binaryType !== 'arraybuffer') {
    throw new InvalidOptionError(
      'binaryType',
      value,
      "'blob' or 'arraybuffer', the standard's values (for ws's Buffers, 'arraybuffer' and Buffer.from(event.data))",
    );
  }
  return binaryType;
}
