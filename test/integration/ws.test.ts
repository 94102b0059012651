import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describeSocketBehaviour('ws', {
  WebSocket,
  url: () => server.url,
  binaryTypes: true,
  cleanAppCodes: true,
  afterEach: () => server.idle(),
});
