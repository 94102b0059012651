import { closeCodeOf, defaultShouldReconnect, exponentialBackoff, WebSocketCloseError } from 'rx-websocket';
import { describe, expect, it } from 'vitest';

const at = (random: number) => ({ lastClose: undefined, reason: undefined, random: () => random });

describe('exponentialBackoff', () => {
  it('grows by factor from initialDelay, capped at maxDelay, without jitter', () => {
    const backoff = exponentialBackoff({ initialDelay: 100, maxDelay: 1000, factor: 2, jitter: 0 });
    expect([1, 2, 3, 4, 5, 6].map((n) => backoff(n, at(0.5)))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('applies full jitter by default: anywhere from 0 to the delay, from 2 s', () => {
    const backoff = exponentialBackoff();
    expect(backoff(1, at(0))).toBe(2000);
    expect(backoff(1, at(0.5))).toBe(1000);
    expect(backoff(3, at(0.75))).toBe(2000);
    expect(backoff(1, at(0.999999))).toBeGreaterThan(0);
  });

  it('applies partial jitter as a share of the delay', () => {
    const backoff = exponentialBackoff({ initialDelay: 1000, jitter: 0.5 });
    expect(backoff(1, at(0))).toBe(1000);
    expect(backoff(1, at(0.999999))).toBeCloseTo(500, 0);
  });

  it('stays finite and capped for any attempt count (no overflow to 0 or NaN)', () => {
    const backoff = exponentialBackoff({ initialDelay: 1000, maxDelay: 30000, jitter: 0 });
    for (const attempt of [1018, 1100, 10_000, 1e9, Number.MAX_SAFE_INTEGER, Number.POSITIVE_INFINITY]) {
      expect(backoff(attempt, at(0.5))).toBe(30000);
    }
    expect(exponentialBackoff({ initialDelay: 0 })(1e6, at(0.5))).toBe(0);
  });

  it('draws randomness from the context on every call, never before', () => {
    const calls: number[] = [];
    const backoff = exponentialBackoff();
    expect(calls).toEqual([]);
    const drawing = (n: number) => () => {
      calls.push(n);
      return 0.5;
    };
    backoff(1, { lastClose: undefined, reason: undefined, random: drawing(1) });
    backoff(2, { lastClose: undefined, reason: undefined, random: drawing(2) });
    expect(calls).toEqual([1, 2]);
  });

  it.each([
    [{ initialDelay: -1 }, 'initialDelay'],
    [{ initialDelay: Number.NaN }, 'initialDelay'],
    [{ maxDelay: Number.POSITIVE_INFINITY }, 'maxDelay'],
    [{ factor: 0.5 }, 'factor'],
    [{ factor: Number.NaN }, 'factor'],
    [{ jitter: 2 }, 'jitter'],
    [{ jitter: -0.1 }, 'jitter'],
    [{ initialDelay: 5000, maxDelay: 1000 }, 'initialDelay'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => exponentialBackoff(options)).toThrow(expect.objectContaining({ name: 'InvalidOptionError', option }));
  });
});

describe('defaultShouldReconnect', () => {
  const close = (code: number, wasClean = true) => ({ code, reason: '', wasClean });
  it.each([
    [1006, true],
    [1001, true],
    [1005, true],
    [1011, true],
    [1012, true],
    [1013, true],
    [1014, true],
    [1000, false],
    [1002, false],
    [1003, false],
    [1007, false],
    [1008, false],
    [1009, false],
    [1010, false],
    [1015, false],
    [3000, false],
    [4000, false],
    [4999, false],
  ])('after close code %d: %s', (code, expected) => {
    expect(defaultShouldReconnect(close(code))).toBe(expected);
  });

  it('reconnects after errors without a close code (timeouts, unreachable, providers)', () => {
    expect(defaultShouldReconnect(new Error('timeout'))).toBe(true);
    expect(defaultShouldReconnect(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe(true);
    expect(defaultShouldReconnect(new WebSocketCloseError(close(1006, false)))).toBe(true);
    expect(defaultShouldReconnect(new WebSocketCloseError(close(1008, false)))).toBe(false);
  });

  it.each([
    'Server sent an invalid subprotocol',
    'Server sent no subprotocol',
    'Server sent a subprotocol but none was requested',
  ])('stops after ws reports a subprotocol mismatch: %s', (message) => {
    const error = new WebSocketCloseError(close(1006, false), { cause: new Error(message) });
    expect(defaultShouldReconnect(error)).toBe(false);
    const other = new WebSocketCloseError(close(1006, false), { cause: new Error('Unexpected server response: 503') });
    expect(defaultShouldReconnect(other)).toBe(true);
  });

  it('closeCodeOf reads the code of close events and close errors only', () => {
    expect(closeCodeOf(close(4001))).toBe(4001);
    expect(closeCodeOf(new WebSocketCloseError(close(1006, false)))).toBe(1006);
    expect(closeCodeOf(Object.assign(new Error(), { code: 'ECONNRESET' }))).toBeUndefined();
    expect(closeCodeOf(undefined)).toBeUndefined();
  });
});
