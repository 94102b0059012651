import type { TestProject } from 'vitest/node';
import { startFloodServer } from '../helpers/flood-server.js';
import { startTestServer } from '../helpers/test-server.js';
import { shareSubjectServer } from './subject-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    wsUrl: string;
    floodUrl: string;
    subjectWsUrl: string;
  }
}

// Runs in Node: the browser tests talk to real `ws` servers on 127.0.0.1, port 0: the echo server, and the flood
// server that measures backpressure from the server's side (test/helpers/flood-server.ts).
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [server, flood, subject] = await Promise.all([startTestServer(), startFloodServer(), startTestServer()]);
  project.provide('wsUrl', server.url);
  project.provide('floodUrl', flood.url);
  // The subject behaviour suite's own server: it counts what it received and waits for its connections to end.
  project.provide('subjectWsUrl', subject.url);
  shareSubjectServer(subject);
  return async () => {
    await Promise.all([server.close(), flood.close(), subject.close()]);
  };
}
