// The echo server of the subject behaviour suite in Chromium, and the commands through which the browser asks the
// Node process what it saw. Global setup and the commands run in the same Node process: the server is handed over on
// globalThis, since the two load this module separately.
import type { BrowserCommand } from 'vitest/node';
import type { TestServer } from '../helpers/test-server.js';

const KEY = Symbol.for('rx-websocket.test.subject-server');

export function shareSubjectServer(server: TestServer): void {
  (globalThis as { [KEY]?: TestServer })[KEY] = server;
}

function subjectServer(): TestServer {
  const server = (globalThis as { [KEY]?: TestServer })[KEY];
  if (!server) throw new Error('the subject server was not started: test/browser/global-setup.ts starts it');
  return server;
}

/** Text messages the subject server received, oldest first. */
export const subjectServerReceived: BrowserCommand<[]> = () => [...subjectServer().received];

/** Resolves once the subject server holds no connection. */
export const subjectServerIdle: BrowserCommand<[]> = () => subjectServer().idle();
