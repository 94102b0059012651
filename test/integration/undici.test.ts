import { WebSocket } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describeSocketBehaviour('undici', {
  WebSocket,
  url: () => server.url,
  binaryTypes: true,
  cleanAppCodes: true,
  afterEach: () => server.idle(),
});
