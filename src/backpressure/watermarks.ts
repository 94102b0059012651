import { InvalidOptionError } from '../errors/invalid-option-error.js';

/** A high and a low watermark, in bytes. */
export interface WatermarkOptions {
  /**
   * Above this, sending (or reading) stops.
   * @default 1048576
   */
  highWaterMark?: number;
  /**
   * At or below this, it starts again.
   * @default 262144
   */
  lowWaterMark?: number;
}

/**
 * Validates watermarks: finite, non-negative, and low below high.
 *
 * @throws {InvalidOptionError} naming the option.
 */
export function resolveWatermarks(
  options: WatermarkOptions,
  defaults = { high: 1_048_576, low: 262_144 },
): { high: number; low: number } {
  const check = (value: unknown, option: string, fallback: number) => {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new InvalidOptionError(option, value, 'a finite, non-negative number of bytes');
    }
    return value;
  };
  const high = check(options.highWaterMark, 'highWaterMark', defaults.high);
  const low = check(options.lowWaterMark, 'lowWaterMark', Math.min(defaults.low, high / 4));
  if (!(low < high)) throw new InvalidOptionError('lowWaterMark', low, `less than highWaterMark (${high})`);
  return { high, low };
}
