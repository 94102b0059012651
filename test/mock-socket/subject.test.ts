import { WebSocket } from 'mock-socket';
import { afterAll, beforeAll } from 'vitest';
import type { WebSocketConstructorLike } from '../../src/index.js';
import { type MockTestServer, startMockServer } from '../helpers/mock-server.js';
import { describeSubjectBehaviour } from '../shared/subject-behaviour.js';

let server: MockTestServer;
beforeAll(() => {
  server = startMockServer('ws://mock.test:4001/');
});
afterAll(() => server.stop());

describeSubjectBehaviour('mock-socket', {
  WebSocketCtor: WebSocket as WebSocketConstructorLike,
  url: () => server.url,
  received: () => server.received,
  idle: () => server.idle(),
});
