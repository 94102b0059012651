import { Observable, type Observer, type Subscriber } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Multicast } from '../../src/internal/multicast.js';

/** A cold source that records its subscriptions and lets the test drive each one. */
function source() {
  const runs: { subscriber: Subscriber<number>; stopped: boolean }[] = [];
  const observable = new Observable<number>((subscriber) => {
    const run = { subscriber, stopped: false };
    runs.push(run);
    return () => {
      run.stopped = true;
    };
  });
  return { observable, runs, last: () => runs.at(-1) as (typeof runs)[number] };
}

describe('Multicast', () => {
  it('takes a source that is a function: called with the run itself (no subscriber between), stopped by the last leave', () => {
    const runs: { observer: Observer<number> & { readonly closed: boolean }; stopped: boolean }[] = [];
    const shared = new Multicast<number>((observer) => {
      const run = { observer, stopped: false };
      runs.push(run);
      return { unsubscribe: () => (run.stopped = true) };
    });
    const seen: number[] = [];
    const a = shared.observable.subscribe((v) => seen.push(v));
    const b = shared.observable.subscribe((v) => seen.push(v * 10));
    const run = runs[0] as (typeof runs)[number];
    expect([runs.length, run.observer.closed]).toEqual([1, false]);
    run.observer.next(1);
    a.unsubscribe();
    b.unsubscribe();
    // A late value (an async decode that settles after the last leave) asks closed first, and goes nowhere.
    expect([seen, run.stopped, run.observer.closed]).toEqual([[1, 10], true, true]);
    run.observer.next(2);
    expect(seen).toEqual([1, 10]);
    let ended = false;
    shared.observable.subscribe({ complete: () => (ended = true) });
    (runs[1] as (typeof runs)[number]).observer.complete();
    expect([runs.length, ended, shared.running]).toEqual([2, true, false]);
  });

  it('starts the upstream with the first subscriber, shares it, and stops it when the last one leaves', () => {
    const src = source();
    const shared = new Multicast(src.observable);
    expect([src.runs.length, shared.running]).toEqual([0, false]);
    const seen: string[] = [];
    const a = shared.observable.subscribe((v) => seen.push(`a${v}`));
    const b = shared.observable.subscribe((v) => seen.push(`b${v}`));
    expect([src.runs.length, shared.running]).toEqual([1, true]);
    src.last().subscriber.next(1);
    a.unsubscribe();
    src.last().subscriber.next(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    expect(src.last().stopped).toBe(false);
    b.unsubscribe();
    expect([src.last().stopped, shared.running]).toEqual([true, false]);

    shared.observable.subscribe();
    expect(src.runs.length).toBe(2);
  });

  it('retire(): the running upstream goes on for its subscribers until it ends; the next subscriber starts anew', () => {
    const src = source();
    const shared = new Multicast(src.observable);
    const seen: string[] = [];
    let oldDone = false;
    shared.observable.subscribe({ next: (v) => seen.push(`old${v}`), complete: () => (oldDone = true) });
    shared.retire();
    expect(shared.running).toBe(false);
    const fresh = shared.observable.subscribe((v) => seen.push(`new${v}`));
    expect(src.runs).toHaveLength(2);
    const [oldRun, newRun] = src.runs as [(typeof src.runs)[0], (typeof src.runs)[0]];
    oldRun.subscriber.next(1);
    newRun.subscriber.next(2);
    oldRun.subscriber.complete();
    expect(seen).toEqual(['old1', 'new2']);
    expect([oldDone, oldRun.stopped, newRun.stopped, shared.running]).toEqual([true, true, false, true]);
    fresh.unsubscribe();
    expect([newRun.stopped, shared.running]).toEqual([true, false]);
  });

  it('ends every subscriber when the upstream errors or completes, and the next subscriber starts afresh', () => {
    const src = source();
    const shared = new Multicast(src.observable);
    const ends: string[] = [];
    shared.observable.subscribe({ error: (e: unknown) => ends.push(`a ${String(e)}`) });
    shared.observable.subscribe({ error: (e: unknown) => ends.push(`b ${String(e)}`) });
    src.last().subscriber.error('boom');
    expect([ends, shared.running]).toEqual([['a boom', 'b boom'], false]);

    shared.observable.subscribe({ complete: () => ends.push('c done') });
    expect(src.runs.length).toBe(2);
    src.last().subscriber.complete();
    expect(ends.at(-1)).toBe('c done');
    expect(shared.running).toBe(false);
  });

  it('lets a subscriber that resubscribes from its completion start a new upstream, and stops the old one', () => {
    const src = source();
    const shared = new Multicast(src.observable);
    const seen: number[] = [];
    shared.observable.subscribe({
      complete: () => {
        shared.observable.subscribe((v) => seen.push(v));
      },
    });
    const first = src.last();
    first.subscriber.complete();
    expect(first.stopped).toBe(true);
    expect(src.runs.length).toBe(2);
    src.last().subscriber.next(3);
    first.subscriber.next(99); // the old upstream reaches nobody
    expect(seen).toEqual([3]);
    expect(shared.running).toBe(true);
  });

  it('error() errors the newest run, also when retired and still ending, then stops it; the next run is untouched', () => {
    const src = source();
    const shared = new Multicast(src.observable);
    shared.error(new Error('nobody'));
    const errors: string[] = [];
    shared.observable.subscribe({ error: (e: unknown) => errors.push(`old: ${(e as Error).message}`) });
    shared.retire(); // complete() on the subject: the old run goes on until its socket closes
    shared.error(new Error('bad'));
    expect(errors).toEqual(['old: bad']);
    expect([src.runs[0]?.stopped, shared.running]).toEqual([true, false]);
    shared.observable.subscribe({ error: (e: unknown) => errors.push(`new: ${(e as Error).message}`) });
    shared.error(new Error('again'));
    expect(errors).toEqual(['old: bad', 'new: again']);
    expect(src.runs[1]?.stopped).toBe(true);
  });

  it('stops an upstream that ended while it was being subscribed, once subscribe() returned', () => {
    let stopped = false;
    const ending = new Observable<number>((subscriber) => {
      subscriber.complete();
      return () => {
        stopped = true;
      };
    });
    const shared = new Multicast(ending);
    let completed = false;
    shared.observable.subscribe({ complete: () => (completed = true) });
    expect([completed, stopped, shared.running]).toEqual([true, true, false]);
  });

  it('handles an upstream that errors synchronously while it is being subscribed', () => {
    const failing = new Observable<number>((subscriber) => subscriber.error(new Error('at once')));
    const shared = new Multicast(failing);
    const errors: unknown[] = [];
    shared.observable.subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([new Error('at once')]);
    expect(shared.running).toBe(false);
  });
});
