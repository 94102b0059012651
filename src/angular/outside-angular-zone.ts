import type { NgZone } from '@angular/core';
import type { SchedulerAction, SchedulerLike, Subscription } from 'rxjs';

/**
 * The scheduler that {@link injectWebSocket} gives its subject: `scheduler`, with every timer started outside
 * Angular's zone and its work run back inside it.
 *
 * Why: zone.js counts a pending timer as work the app is waiting for. A connection timeout, a backoff or a heartbeat
 * would keep a zone.js app unstable for the socket's whole life: a server render would never finish, hydration would
 * warn, `whenStable()` would never resolve. Running the work inside the zone keeps what it does (a new socket, its
 * messages) where the app's change detection sees it. Without zone.js both calls just run their function.
 *
 * The work's own `this.schedule()` (a repeating timer) is called inside the zone; RxJS keeps the interval it already
 * has when the delay is unchanged, as every repeating timer of the library's does.
 *
 * @param zone - the app's `NgZone` (a no-op one in a zoneless app).
 * @param scheduler - the configured scheduler.
 * @returns the scheduler to give the subject.
 */
export function outsideAngularZone(zone: NgZone, scheduler: SchedulerLike): SchedulerLike {
  return {
    now: () => scheduler.now(),
    schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
      return zone.runOutsideAngular(() =>
        scheduler.schedule<T>(
          function inZone(this: SchedulerAction<T>, value?: T) {
            zone.run(() => work.call(this, value));
          },
          delay,
          state,
        ),
      );
    },
  };
}
