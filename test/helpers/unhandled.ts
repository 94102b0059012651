import { config } from 'rxjs';

/** What {@link watchUnhandled} caught. */
export interface UnhandledWatch {
  /** Unhandled promise rejections and errors RxJS could not deliver, in order. */
  readonly errors: readonly unknown[];
  /** Lets what is already failing surface (see {@link settle}), stops watching, and returns what was caught. */
  stop(): Promise<readonly unknown[]>;
}

/**
 * Catches, until `stop()`, the two ways an error escapes every handler: a promise rejection nobody handles
 * (Node exits on it by default) and an error RxJS cannot deliver (thrown inside a subscriber's callback;
 * RxJS rethrows it from a timer, an uncaught exception). Register it per test, and assert that it caught none.
 */
export function watchUnhandled(): UnhandledWatch {
  const errors: unknown[] = [];
  const onRejection = (reason: unknown) => errors.push(reason);
  process.on('unhandledRejection', onRejection);
  const previous = config.onUnhandledError;
  config.onUnhandledError = (error) => errors.push(error);
  let stopped = false;
  return {
    errors,
    async stop() {
      if (!stopped) {
        stopped = true;
        await settle();
        process.off('unhandledRejection', onRejection);
        config.onUnhandledError = previous;
      }
      return errors;
    },
  };
}

/**
 * Resolves once everything already queued has run: microtasks, Node's unhandled-rejection check (made when the
 * microtask queue drains) and RxJS's error reports (timers of 0 ms set earlier fire first). A flush, not a wait
 * for something to happen: tests that wait for an event wait for the event, with a deadline.
 */
export function settle(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
