import type { SchedulerLike } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { type ConnectedSocket, viewOf } from '../types.js';

/** How `bufferedAmount` is read and, when the runtime does not report it, estimated. */
export interface BufferReadOptions {
  /**
   * Where time comes from (polling intervals, the estimate's decay).
   * @default asyncScheduler
   */
  scheduler?: SchedulerLike;
  /**
   * For runtimes that do not report `bufferedAmount` (mock-socket) or when `estimate` is forced: the send
   * rate assumed, in bytes per second. Bytes handed to `send()` count as buffered until this rate would
   * have sent them, so sending never stalls and never floods beyond that rate.
   * @default 1048576
   */
  fallbackRate?: number;
  /**
   * Always estimate from the bytes handed to `send()`, for runtimes that report a wrong `bufferedAmount`.
   * @default false
   */
  estimate?: boolean;
}

/**
 * Validates {@link BufferReadOptions} at the call.
 *
 * @throws {InvalidOptionError} naming the option.
 */
export function checkBufferReadOptions(options: BufferReadOptions): void {
  const rate = options.fallbackRate;
  if (rate !== undefined && (typeof rate !== 'number' || !Number.isFinite(rate) || rate <= 0)) {
    throw new InvalidOptionError('fallbackRate', rate, 'a finite, positive number of bytes per second');
  }
}

/**
 * Reads a socket's `bufferedAmount`, or estimates it from the bytes sent while this reader exists.
 * Dispose it to remove its listener.
 */
export class BufferReader {
  readonly #socket: ConnectedSocket;
  readonly #scheduler: SchedulerLike;
  readonly #rate: number;
  readonly #estimating: boolean;
  #estimate = 0;
  #at = 0;
  readonly #stop: () => void;

  constructor(socket: ConnectedSocket, scheduler: SchedulerLike, options: BufferReadOptions) {
    checkBufferReadOptions(options);
    const rate = options.fallbackRate ?? 1_048_576;
    this.#socket = socket;
    this.#scheduler = scheduler;
    this.#rate = rate / 1000;
    const socketInternals = viewOf(socket);
    this.#estimating = options.estimate === true || socketInternals.transport.bufferedAmount === undefined;
    this.#stop = this.#estimating
      ? socketInternals.onTransmit((bytes) => {
          this.#estimate = this.#decayed() + bytes;
          this.#at = this.#scheduler.now();
        })
      : () => {};
  }

  /** Whether the value is an estimate rather than what the runtime reports. */
  get estimating(): boolean {
    return this.#estimating;
  }

  /** The bytes buffered now. */
  read(): number {
    return this.#estimating ? this.#decayed() : this.#socket.bufferedAmount;
  }

  dispose(): void {
    this.#stop();
  }

  #decayed(): number {
    if (this.#estimate === 0) return 0;
    const drained = (this.#scheduler.now() - this.#at) * this.#rate;
    return Math.max(0, this.#estimate - drained);
  }
}
