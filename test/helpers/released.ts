// The release check: run a scenario against a real ws server, then prove that it left nothing behind.
import { expect } from 'vitest';
import type { TestServer } from './test-server.js';
import { watchUnhandled } from './unhandled.js';

/** Handles that an unreleased socket or timer keeps: TCP sockets, timers (rxjs's asyncScheduler), immediates. */
const HELD = new Set(['TCPSocketWrap', 'Timeout', 'Immediate']);
const held = () => process.getActiveResourcesInfo().filter((resource) => HELD.has(resource)).length;

/** Resolves when `done()` holds, checking after each turn of the event loop; rejects with `what` after `ms`. */
async function until(done: () => boolean, what: string, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`still held after ${ms} ms: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Runs `scenario` (which drives the library into a failure path and checks the typed error it gets), then asserts
 * that it left nothing behind: no unhandled rejection, no error thrown out of a subscriber, no uncaught
 * exception, no connection at `server`, and no more sockets, timers or immediates in this process than before.
 */
export async function expectReleased(
  scenario: () => void | Promise<void>,
  server?: Pick<TestServer, 'clients'>,
): Promise<void> {
  const connections = () => server?.clients.size ?? 0;
  await until(() => connections() === 0, 'a server connection from an earlier test');
  const before = held();
  const unhandled = watchUnhandled();
  const uncaught: unknown[] = [];
  const onUncaught = (error: unknown) => uncaught.push(error);
  process.on('uncaughtException', onUncaught);
  try {
    await scenario();
    await until(() => connections() === 0, `${connections()} server connection(s)`);
    // A closed socket gives its handle back a turn or two after its close event.
    await until(() => held() <= before, `${held() - before} socket(s) or timer(s)`).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}: ${process.getActiveResourcesInfo().join(', ')}`);
    });
  } finally {
    process.off('uncaughtException', onUncaught);
    expect([...(await unhandled.stop()), ...uncaught]).toEqual([]);
  }
}
