import type { TestProject } from 'vitest/node';
import { startFloodServer } from '../helpers/flood-server.js';
import { startTestServer } from '../helpers/test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    wsUrl: string;
    floodUrl: string;
  }
}

// Runs in Node: the browser tests talk to real `ws` servers on 127.0.0.1, port 0: the echo server, and the flood
// server that measures backpressure from the server's side (test/helpers/flood-server.ts).
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [server, flood] = await Promise.all([startTestServer(), startFloodServer()]);
  project.provide('wsUrl', server.url);
  project.provide('floodUrl', flood.url);
  return async () => {
    await Promise.all([server.close(), flood.close()]);
  };
}
