import { InvalidOptionError } from '../errors/invalid-option-error.js';

/**
 * A timeout or a lifetime: a positive number of milliseconds, or `Infinity` for none.
 *
 * @param value - what the app gave, `undefined` when it gave nothing.
 * @param option - the option's name, for the error.
 * @param fallback - the default.
 * @returns the duration.
 * @throws {InvalidOptionError} for anything else (0, a negative number, NaN, a string).
 */
export function positiveDuration(value: unknown, option: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new InvalidOptionError(option, value, 'a positive number of milliseconds or Infinity');
  }
  return value;
}
