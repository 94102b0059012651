import { Observable, type OperatorFunction } from 'rxjs';

/** Returned by a projection to drop a value. */
export const SKIP: unique symbol = Symbol('skip');

/**
 * Like `map`, but the projection may return a Promise; values are still emitted in source order.
 * Synchronous results are emitted at once while nothing is pending, so the common path costs no
 * more than `map`. The source's completion or error is delivered after the pending values.
 */
export function orderedMap<T, R>(
  project: (value: T) => R | typeof SKIP | Promise<R | typeof SKIP>,
): OperatorFunction<T, R> {
  return (source) =>
    new Observable<R>((subscriber) => {
      let pending = 0;
      let tail: Promise<void> = Promise.resolve();
      const deliver = (result: R | typeof SKIP) => {
        if (result !== SKIP && !subscriber.closed) subscriber.next(result);
      };
      const fail = (error: unknown) => subscriber.error(error);
      const afterPending = (finish: () => void) => {
        if (pending === 0) finish();
        else tail = tail.then(finish);
      };
      const subscription = source.subscribe({
        next: (value) => {
          let result: R | typeof SKIP | Promise<R | typeof SKIP>;
          try {
            result = project(value);
          } catch (error) {
            afterPending(() => fail(error));
            return;
          }
          if (pending === 0 && !(result instanceof Promise)) {
            deliver(result);
            return;
          }
          pending++;
          const settled = Promise.resolve(result);
          tail = tail
            .then(() => settled)
            .then(deliver, fail)
            .finally(() => {
              pending--;
            });
        },
        error: (error: unknown) => afterPending(() => fail(error)),
        complete: () => afterPending(() => subscriber.complete()),
      });
      return subscription;
    });
}
