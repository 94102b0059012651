import { WebSocket } from 'undici';
import { afterAll, beforeAll } from 'vitest';
import type { WebSocketConstructorLike } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';
import { describeSubjectBehaviour } from '../shared/subject-behaviour.js';

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

describeSubjectBehaviour('undici', {
  WebSocketCtor: WebSocket as unknown as WebSocketConstructorLike,
  url: () => server.url,
  received: () => server.received,
  idle: () => server.idle(),
});
