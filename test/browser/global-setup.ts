import type { TestProject } from 'vitest/node';
import { startTestServer } from '../helpers/test-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    wsUrl: string;
  }
}

// Runs in Node: the browser tests talk to a real `ws` server on 127.0.0.1, port 0.
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestServer();
  project.provide('wsUrl', server.url);
  return () => server.close();
}
