import type { Observable } from 'rxjs';

/** How a function under test ended. */
export type Outcome = { error: unknown } | { complete: unknown[] } | { done: true };

/** One function at work. */
export interface Run {
  /** How it ended; undefined while it has not. */
  readonly outcome: Outcome | undefined;
  /** Whether its source was released (`return()`, `cancel()`, unsubscribed); true when it has no source. */
  readonly released: boolean;
  /** The consumer leaves: unsubscribes, or calls the iterator's `return()`. */
  leave(): void;
}

/**
 * Subscribes to `stream` and records how it ends.
 * @param released - whether the function under test released its source.
 */
export function observe(stream: Observable<unknown>, released: () => boolean = () => true): Run {
  const values: unknown[] = [];
  let outcome: Outcome | undefined;
  const subscription = stream.subscribe({
    next: (value) => values.push(value),
    error: (error: unknown) => {
      outcome = { error };
    },
    complete: () => {
      outcome = { complete: values };
    },
  });
  return {
    get outcome() {
      return outcome;
    },
    get released() {
      return released();
    },
    leave: () => subscription.unsubscribe(),
  };
}

/**
 * Calls `next()` once on an async iterator (such as `receive()`) and records how it settles; leaving calls `return()`.
 */
export function observeNext(iterator: AsyncIterator<unknown>): Run {
  let outcome: Outcome | undefined;
  iterator.next().then(
    (result) => {
      outcome = result.done ? { done: true } : { complete: [result.value] };
    },
    (error: unknown) => {
      outcome = { error };
    },
  );
  return {
    get outcome() {
      return outcome;
    },
    released: true,
    leave: () => void iterator.return?.(),
  };
}
