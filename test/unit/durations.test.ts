// Every timeout and lifetime option takes a positive number of milliseconds or Infinity, through one check
// (src/internal/durations.ts): the check over every value shape, then each option that uses it, at its entry point.
import fc from 'fast-check';
import { delivery, requests, sendQueue, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';
import { positiveDuration } from '../../src/internal/durations.js';

const invalid = expect.objectContaining({ name: 'InvalidOptionError' });

describe('positiveDuration()', () => {
  it('takes every positive number and Infinity as they are, and undefined as the default', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, noNaN: true }), (value) => {
        expect(positiveDuration(value, 'x', 1)).toBe(value);
      }),
    );
    expect(positiveDuration(Number.POSITIVE_INFINITY, 'x', 1)).toBe(Number.POSITIVE_INFINITY);
    expect(positiveDuration(undefined, 'x', 42)).toBe(42);
  });

  it('refuses everything else, naming the option', () => {
    const notPositive = fc.oneof(
      fc.double({ max: 0 }),
      fc.constant(Number.NaN),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.bigInt(),
      fc.object(),
    );
    fc.assert(
      fc.property(notPositive, (value) => {
        expect(() => positiveDuration(value, 'ackTimeout', 1)).toThrow(
          expect.objectContaining({ name: 'InvalidOptionError', option: 'ackTimeout' }),
        );
      }),
    );
  });
});

describe('the options that take a duration refuse a bad one at their call', () => {
  const subject = () => webSocket({ url: 'ws://test', WebSocket: fakeWebSocket().WebSocket, requests: requests() });
  const checks: Array<[string, (value: unknown) => unknown]> = [
    ['request() timeout', (value) => subject().request({}, { timeout: value as number })],
    ['requests() timeout', (value) => requests({ timeout: value as number })],
    [
      'webSocket() queue.ttl',
      (value) =>
        webSocket({
          url: 'ws://test',
          WebSocket: fakeWebSocket().WebSocket,
          queue: sendQueue({ ttl: value as number }),
        }),
    ],
    ['delivery() ackTimeout', (value) => delivery({ ackTimeout: value as number })],
    ['delivery() gapTimeout', (value) => delivery({ gapTimeout: value as number })],
    ['delivery() ttl', (value) => delivery({ ttl: value as number })],
  ];
  for (const [name, call] of checks) {
    it(name, () => {
      for (const value of [0, -1, Number.NaN, '5000']) expect(() => call(value)).toThrow(invalid);
      expect(() => call(Number.POSITIVE_INFINITY)).not.toThrow();
    });
  }
});
