import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * An option has a value rx-websocket cannot use. Thrown at the call, before anything changed;
 * `option` names the option (with its path) and `value` holds what was given.
 *
 * @example
 * ```ts
 * try { reconnect({ heartbeat: { interval: -1, timeout: 1000, ping: 'ping', isPong: (d) => d === 'pong' } }); }
 * catch (e) { if (e instanceof InvalidOptionError) console.log(e.option); } // 'heartbeat.interval'
 * ```
 */
export class InvalidOptionError extends RxWebSocketError {
  /** The error's name, `'InvalidOptionError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'InvalidOptionError';
  /** The option's path, such as `'heartbeat.interval'`. */
  readonly option: string;
  /** The value that was rejected. */
  readonly value: unknown;

  /**
   * @param option - the option's path.
   * @param value - the rejected value.
   * @param expected - what the option accepts, as a phrase ("a non-negative integer").
   */
  constructor(option: string, value: unknown, expected: string) {
    super(
      value === undefined
        ? `Missing option ${option}. Expected ${expected}.`
        : `Invalid option ${option}: ${describe(value)}. Expected ${expected}.`,
    );
    this.option = option;
    this.value = value;
  }
}

/**
 * What an option that takes a layer expects: the value the layer's function returns, whose import is also what brings
 * the layer's code into a bundle. One phrase for every such option, so that the subject's bundle carries it once.
 *
 * @param fn - the function's name, such as `'requests'`.
 * @returns the phrase, for {@link InvalidOptionError}'s `expected`.
 * @example
 * ```ts
 * new InvalidOptionError('requests', true, returnedBy('requests'));
 * ```
 */
export function returnedBy(fn: string): string {
  return `the value ${fn}() returns, with ${fn} imported from 'rx-websocket'`;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'object' && value !== null) return Array.isArray(value) ? 'an array' : 'an object';
  return String(value);
}
