// The subject behaviour suite on Node's own global WebSocket (undici 6), as an app on Node 22 (or 20 behind
// --experimental-websocket) gets it with no WebSocket option.
import { afterAll, beforeAll } from 'vitest';
import type { WebSocketConstructorLike } from '../../src/index.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSubjectBehaviour } from '../shared/subject-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describeSubjectBehaviour("Node's global WebSocket (undici 6)", {
  WebSocketCtor: globalThis.WebSocket as unknown as WebSocketConstructorLike,
  url: () => server.url,
  received: () => server.received,
  idle: () => server.idle(),
});
