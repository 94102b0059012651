import type { RxWebSocket } from 'rx-websocket';
import { asyncScheduler, Observable, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Counts the live subscriptions to a socket's `open$`, `close$` and `data$`, so a test can show that none is left
 * once a function that used them has ended. Install it before the function under test reads those streams.
 *
 * @returns how many subscriptions are live now.
 */
export function countSubscriptions(socket: RxWebSocket): () => number {
  let live = 0;
  for (const key of ['open$', 'close$', 'data$'] as const) {
    const stream: Observable<unknown> = socket[key];
    const counted = new Observable<unknown>((subscriber) => {
      live++;
      subscriber.add(() => live--);
      return stream.subscribe(subscriber);
    });
    // An own property in front of the prototype's getter: this socket only.
    Object.defineProperty(socket, key, { value: counted });
  }
  return () => live;
}

/** A scheduler that counts its pending timers: see {@link countingScheduler}. */
export interface CountingScheduler extends SchedulerLike {
  /** Timers scheduled and neither run nor cancelled. */
  readonly pending: number;
}

/**
 * `asyncScheduler` (real time), counting the timers it holds, for tests on real sockets, where other tests' and
 * the runtime's own timers make `process.getActiveResourcesInfo()` a poor witness of one function's timers.
 */
export function countingScheduler(): CountingScheduler {
  let pending = 0;
  return {
    now: () => asyncScheduler.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      pending++;
      let counted = true;
      const settle = () => {
        if (counted) pending--;
        counted = false;
      };
      const action = asyncScheduler.schedule<T>(
        function (this: SchedulerAction<T>, value?: T) {
          settle();
          work.call(this, value);
        },
        delay,
        state,
      );
      action.add(settle);
      return action;
    },
    get pending() {
      return pending;
    },
  };
}
