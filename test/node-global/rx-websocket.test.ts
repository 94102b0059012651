// The shared behaviour suite on Node's own global WebSocket: undici 6, the global of Node 22 and of Node 20 behind
// --experimental-websocket (this project's workers get that flag; see vitest.config.ts). It fires `error` without
// `close` for a refused connection and stays CONNECTING: the EventTarget transport completes the standard's sequence.
import { ReconnectStoppedError } from 'rx-websocket';
import { lastValueFrom } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connection } from '../helpers/connection.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { describeSocketBehaviour } from '../shared/socket-behaviour.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

it("runs on Node's global WebSocket of the undici 6 line", () => {
  expect(typeof globalThis.WebSocket).toBe('function');
  expect(process.versions.undici?.split('.')[0]).toBe('6');
});

describeSocketBehaviour("Node's global WebSocket (undici 6)", {
  WebSocket: undefined,
  url: () => server.url,
  binaryTypes: true,
  cleanAppCodes: true,
  afterEach: () => server.idle(),
});

it('a reconnecting connection() retries a refused connection on its backoff, not after connectionTimeout', async () => {
  const live = connection({ url: 'ws://127.0.0.1:1/', environment: null, initialDelay: 1, maxAttempts: 2 });
  const states: string[] = [];
  live.state$.subscribe((state) => states.push(state.status));
  // With the error-without-close of undici 6 unhandled, each attempt waited for connectionTimeout (10 s).
  const error = await lastValueFrom(live.data$).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ReconnectStoppedError);
  expect(error).toMatchObject({ attempts: 2 });
  expect(states).toEqual([
    'closed',
    'connecting',
    'reconnecting',
    'connecting',
    'reconnecting',
    'connecting',
    'closed',
  ]);
}, 5_000);
