import { catchError, EMPTY, type Observable, of, switchMap, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { eachSocket } from '../../src/internal/each-socket.js';

const reference = <S, T>(outer: Observable<S>, pick: (s: S) => Observable<T>) =>
  outer.pipe(switchMap((s) => pick(s).pipe(catchError(() => EMPTY))));

/** Runs a marble scenario (in virtual time) and records what the subscriber saw and when each stream was subscribed. */
function scenario(
  implementation: typeof eachSocket,
  outerMarbles: string,
  inners: Record<string, string>,
  unsubscribeAt?: number,
) {
  const log: string[] = [];
  const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
  let streams: { subscriptions: unknown }[] = [];
  scheduler.run(({ cold, hot }) => {
    const innerStreams = Object.fromEntries(Object.entries(inners).map(([key, m]) => [key, cold(m)]));
    const outer = hot(outerMarbles);
    streams = [outer, ...Object.values(innerStreams)];
    const subscription = implementation(outer, (key: string) => innerStreams[key] as Observable<string>).subscribe({
      next: (value) => log.push(`${scheduler.now()} ${value}`),
      error: () => log.push(`${scheduler.now()} error`),
      complete: () => log.push(`${scheduler.now()} complete`),
    });
    if (unsubscribeAt !== undefined) scheduler.schedule(() => subscription.unsubscribe(), unsubscribeAt);
  });
  return { log, subscriptions: streams.map((stream) => stream.subscriptions) };
}

describe('eachSocket', () => {
  it('emits each inner stream in turn and unsubscribes the previous one on a new value', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-1-2-3-4|');
      const b = cold('-5-6|');
      const outer = hot('-a---b-------|', { a, b });
      expectObservable(eachSocket(outer, (inner) => inner)).toBe('--1-2-5-6----|');
      expectSubscriptions(a.subscriptions).toBe('-^---!');
      expectSubscriptions(b.subscriptions).toBe('-----^---!');
    });
  });

  it("ends only the socket's own stream on its error, and goes on with the next", () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, hot, expectObservable }) => {
      const a = cold('-1#');
      const b = cold('-2|');
      const outer = hot('-a---b---|', { a, b });
      expectObservable(eachSocket(outer, (inner) => inner)).toBe('--1---2--|');
    });
  });

  it('completes only once the outer completed and the last inner stream ended', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, hot, expectObservable }) => {
      const a = cold('-1----2|');
      expectObservable(eachSocket(hot('-a-|', { a }), (inner) => inner)).toBe('--1----2|');
      expectObservable(eachSocket(hot('---|'), () => a)).toBe('---|');
    });
  });

  it('completes when the outer completes after an inner stream that ended synchronously', () => {
    const values: string[] = [];
    let completed = false;
    eachSocket(of('x', 'y'), (s) => of(`${s}1`)).subscribe({
      next: (v) => values.push(v),
      complete: () => {
        completed = true;
      },
    });
    expect([values, completed]).toEqual([['x1', 'y1'], true]);
  });

  it('errors when the outer errors, and releases the inner stream', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-1-2-3|');
      expectObservable(eachSocket(hot('-a--#', { a }), (inner) => inner)).toBe('--1-#');
      expectSubscriptions(a.subscriptions).toBe('-^--!');
    });
  });

  it('releases the outer and the inner subscription on unsubscribe', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const a = cold('-1-2-3|');
      const outer = hot('-a------|', { a });
      expectObservable(
        eachSocket(outer, (inner) => inner),
        '^--!',
      ).toBe('--1');
      expectSubscriptions(outer.subscriptions).toBe('^--!');
      expectSubscriptions(a.subscriptions).toBe('-^-!');
    });
  });

  it('behaves as switchMap + catchError(() => EMPTY) across mixed scenarios', () => {
    const cases: Array<[string, Record<string, string>, number?]> = [
      ['-a-b-c-|', { a: '-1-2|', b: '-3#', c: '--4--5|' }],
      ['-a--b--#', { a: '-1-2-3|', b: '-#' }],
      ['-a-a-|', { a: '1-2|' }],
      ['-ab---|', { a: '-1|', b: '|' }],
      ['-a----b--|', { a: '-1-2-3-4-5|', b: '-6|' }, 6],
      ['-a-|', { a: '-1-2-3|' }],
    ];
    for (const [outer, inners, unsubscribeAt] of cases) {
      const ours = scenario(eachSocket, outer, inners, unsubscribeAt);
      expect(ours.log.length).toBeGreaterThan(0);
      expect(ours).toEqual(scenario(reference, outer, inners, unsubscribeAt));
    }
  });

  it('passes values of any type through unchanged', () => {
    const values: unknown[] = [];
    const object = { id: 1 };
    eachSocket(of(1), () => of(object, null, undefined)).subscribe((v) => values.push(v));
    expect(values).toEqual([object, null, undefined]);
    let error: unknown;
    eachSocket(
      throwError(() => new Error('outer')),
      () => of(1),
    ).subscribe({ error: (e) => (error = e) });
    expect(error).toEqual(new Error('outer'));
  });
});
