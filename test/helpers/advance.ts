// Moving a TestScheduler's clock by a given time outside run(): what property tests interleave with their steps.
import type { TestScheduler } from 'rxjs/testing';

/**
 * Runs what is due within `ms` of `scheduler`'s virtual time, and leaves its clock `ms` later (also when nothing was
 * due: an empty action marks the time).
 *
 * @param scheduler - the test's scheduler, not in run mode.
 * @returns `advance(ms)`.
 */
export function advancer(scheduler: TestScheduler): (ms: number) => void {
  return (ms) => {
    scheduler.maxFrames = scheduler.now() + ms;
    scheduler.schedule(() => {}, ms);
    scheduler.flush();
  };
}
