import { webSocket as rxjsWebSocket } from 'rxjs/webSocket';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type WebSocketConstructorLike, webSocket } from '../../src/index.js';
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

// What an app's error handler gets from a connection ws cannot make, side by side with rxjs/webSocket: ws fires an
// ErrorEvent (its `onerror`) and then the 1006 close.
describe('webSocket() beside rxjs/webSocket on ws, when nothing listens', () => {
  it("errors with an error event carrying ws's error, before closeObserver hears the 1006 close", async () => {
    const creates = [rxjsWebSocket, webSocket as unknown as typeof rxjsWebSocket];
    const [rxjs, ours] = await Promise.all(
      creates.map(
        (create) =>
          new Promise<unknown>((resolve) => {
            const order: string[] = [];
            let seen: unknown;
            const subject = create<unknown>({
              url: 'ws://127.0.0.1:1/',
              WebSocketCtor: WebSocket as never,
              closeObserver: {
                next: (event) => {
                  order.push(`close ${event.code}`);
                  resolve({ order, seen });
                },
              },
            });
            subject.subscribe({
              error: (error: { type?: string; message?: unknown; error?: { code?: string } }) => {
                order.push('error');
                seen = { type: error.type, message: error.message, code: error.error?.code };
              },
            });
          }),
      ),
    );
    expect(ours).toEqual(rxjs);
    expect(ours).toEqual({
      order: ['error', 'close 1006'],
      seen: { type: 'error', message: expect.stringContaining('ECONNREFUSED'), code: 'ECONNREFUSED' },
    });
  });
});
