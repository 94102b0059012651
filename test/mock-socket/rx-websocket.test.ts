import { WebSocket } from 'mock-socket';
import { afterAll, beforeAll } from 'vitest';
import { type MockTestServer, startMockServer } from '../helpers/mock-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

let server: MockTestServer;
beforeAll(() => {
  server = startMockServer();
});
afterAll(() => server.stop());

describeSocketBehaviour('mock-socket', {
  WebSocket,
  url: () => server.url,
  binaryTypes: false,
  cleanAppCodes: false,
  messagesAsTasks: false,
});
