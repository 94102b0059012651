// What rxjs's spec of webSocket() (./webSocket-spec.ts) was written against, on vitest: mocha's describe/it and hooks,
// chai's expect (vitest's takes chai's style, spy assertions included) and sinon's spy. Its `it` also holds each test
// to what rxjs reports asynchronously (an assertion that failed inside a subscriber's callback), and, when the spec
// runs on rx-websocket, turns the tests of the differences README's migration table gives a reason for into tests
// that must fail: a difference that went away, or a new one, fails the run.
import { webSocket as ours } from 'rx-websocket';
import { config } from 'rxjs';
// rxjs's own, or rx-websocket's where rx-websocket.test.ts puts it in rxjs's place.
import { webSocket } from 'rxjs/webSocket';
import * as vitest from 'vitest';

export { afterEach, beforeEach, describe, expect } from 'vitest';

/** sinon's `spy(object, method)`: the method replaced by a spy that calls it, put back by `restore()`. */
export const sinon = {
  spy<T extends object>(object: T, method: keyof T & string): void {
    const spy = vitest.vi.spyOn(object as Record<string, (...args: unknown[]) => unknown>, method);
    Object.assign(spy, { restore: () => spy.mockRestore() });
  },
};

/**
 * rxjs's spec tests that rx-websocket fails on purpose: the row of README's migration table that says why, and how
 * each fails (its error's name and message), so that a failure of another kind still fails the run.
 */
const DIFFERENCES: Readonly<Record<string, { readonly reason: string; readonly failure: RegExp }>> = {
  'should close the socket with a code and a reason when errored': {
    reason:
      "error({ code: 1337 }): the standard's InvalidAccessError (a code is 1000 or 3000-4999), as a browser throws",
    failure: /^InvalidAccessError: The close code 1337 is not allowed/,
  },
  'should allow resubscription after closure via error': {
    reason: 'error({ code: 1337 }): the same InvalidAccessError',
    failure: /^InvalidAccessError: The close code 1337 is not allowed/,
  },
  'should accept a closingObserver': {
    reason: 'error({ code: 1337 }): the same InvalidAccessError',
    failure: /^InvalidAccessError: The close code 1337 is not allowed/,
  },
  'should accept a closeObserver': {
    reason: "closeObserver gets a standard CloseEvent made from the double's plain object, not that object",
    failure: /^AssertionError: expected CloseEvent .* to equal \{ wasClean: true \}/,
  },
  'should handle constructor errors': {
    reason: "the URL 'bad_url' fails the standard's parsing first, with a SyntaxError DOMException",
    failure: /^AssertionError: connection refused: expected DOMException.*SyntaxError.* to be an error/,
  },
  'should keep the same socket for multiple multiplex subscriptions': {
    reason: "rxjs's private _socket field (past it, multiplex()'s one subscription per subscribe message)",
    failure: /^AssertionError: expected undefined to equal MockWebSocket/,
  },
  'should not close the socket until all subscriptions complete': {
    reason: "multiplex(): one server-side subscription per subscribe message, so only the last leaver's unsubMsg runs",
    failure: /^AssertionError: expected \[ 'A next', 'B next', …\(4\) \] to deeply equal/,
  },
};

/**
 * mocha's `it`, on vitest: the test fails too when rxjs reports an error from a subscriber's callback, which it does
 * on a later turn. The tests of rx-websocket's known differences must fail, and as {@link DIFFERENCES} says.
 *
 * @param name - the test's name.
 * @param test - the test: synchronous, as every test of the spec is.
 */
export function it(name: string, test: () => void): void {
  const difference = (webSocket as unknown) === ours ? DIFFERENCES[name] : undefined;
  const run = () => {
    const reported: unknown[] = [];
    vitest.vi.useFakeTimers();
    config.onUnhandledError = (error) => reported.push(error);
    try {
      test();
      vitest.vi.runOnlyPendingTimers(); // where rxjs reports what a callback threw
    } finally {
      config.onUnhandledError = null;
      vitest.vi.useRealTimers();
    }
    if (reported.length > 0) throw reported[0];
  };
  if (!difference) {
    vitest.it(name, run);
    return;
  }
  vitest.it(`${name} (differs on purpose: ${difference.reason})`, () => {
    let failure: unknown;
    try {
      run();
    } catch (error) {
      failure = error;
    }
    vitest.expect(failure, 'passes now: remove it from DIFFERENCES and from README').toBeInstanceOf(Error);
    const { name: kind, message } = failure as Error;
    vitest.expect(`${kind}: ${message}`).toMatch(difference.failure);
  });
}
