import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketConstructorLike } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSubjectBehaviour } from '../shared/subject-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describeSubjectBehaviour('ws', {
  WebSocketCtor: WebSocket as WebSocketConstructorLike,
  url: () => server.url,
  received: () => server.received,
  idle: () => server.idle(),
});
