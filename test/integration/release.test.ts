// Every public function's failure paths against a real ws server on 127.0.0.1, each run through the release check:
// the caller gets the typed error, and no unhandled rejection, uncaught exception, error thrown out of a subscriber,
// timer, socket or server connection is left behind.
import { createServer } from 'node:net';
import {
  closeGracefully,
  fromWebSocket,
  type HeartbeatOptions,
  HeartbeatTimeoutError,
  heartbeat,
  json,
  MessageParseError,
  QueueOverflowError,
  RequestAbortedError,
  RequestTimeoutError,
  RxWebSocket,
  receive,
  reconnect,
  requests,
  SerializationError,
  sendQueue,
  sendStream,
  WebSocketCloseError,
  webSocket,
  whenDrained,
} from 'rx-websocket';
import { filter, firstValueFrom, lastValueFrom, NEVER, switchMap, UnsubscriptionError } from 'rxjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as WS } from 'ws';
import { connection } from '../helpers/connection.js';
import { expectReleased } from '../helpers/released.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
// A test that failed its release check leaves its connection: drop it, so that the next test starts clean.
afterEach(() => {
  for (const client of server.clients) client.terminate();
});

/** A URL nobody listens on: a port the system gave out and took back. */
async function refusedUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return `ws://127.0.0.1:${port}`;
}
const failure = (promise: Promise<unknown>) =>
  promise.then(
    (value) => {
      throw new Error(`expected a failure, got ${String(value)}`);
    },
    (error: unknown) => error,
  );
const opened = async (socket: RxWebSocket) => {
  await firstValueFrom(socket.open$);
  return socket;
};
const closed = (socket: RxWebSocket) => lastValueFrom(socket.close$);
type Message = { type: string; id?: number | string; n?: bigint };

describe('RxWebSocket and fromWebSocket()', () => {
  it('fromWebSocket(): a refused connection errors with WebSocketCloseError 1006', async () => {
    const url = await refusedUrl();
    await expectReleased(async () => {
      const error = await failure(firstValueFrom(fromWebSocket({ url, WebSocket: WS })));
      expect(error).toBeInstanceOf(WebSocketCloseError);
      expect(error).toMatchObject({ code: 1006 });
    });
  });

  it("RxWebSocket: send() while CONNECTING and close(999) throw the standard's DOMExceptions; nothing changes", async () => {
    await expectReleased(async () => {
      const socket = new RxWebSocket(server.url, [], { WebSocket: WS });
      expect(() => socket.send('early')).toThrow(expect.objectContaining({ name: 'InvalidStateError' }));
      await opened(socket);
      expect(() => socket.close(999)).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
      expect(socket.readyState).toBe(WS.OPEN);
      const done = closed(socket);
      socket.close(1000);
      await done;
    }, server);
  });

  it('json() under onInvalid: error ends the pipeline with the typed error and closes the socket', async () => {
    await expectReleased(async () => {
      const error = await failure(
        lastValueFrom(
          fromWebSocket({ url: server.url, WebSocket: WS }).pipe(
            switchMap((socket) => {
              socket.send('not json'); // echoed back
              return socket.data$.pipe(json({ onInvalid: 'error' }));
            }),
          ),
        ),
      );
      expect(error).toBeInstanceOf(MessageParseError);
    }, server);
  });
});

describe('reconnect(), heartbeat() and connection()', () => {
  it.each([
    ['shouldReconnect', { shouldReconnect: () => boom('shouldReconnect') }],
    ['backoff', { backoff: () => boom('backoff') }],
  ] as const)('reconnect(): a %s that throws ends the stream with its error', async (name, options) => {
    await expectReleased(async () => {
      const error = await failure(
        lastValueFrom(
          fromWebSocket({ url: server.url, WebSocket: WS }).pipe(
            reconnect({ ...options, environment: null }),
            switchMap((socket) => {
              socket.send('terminate'); // the server drops the connection: a reconnect decision follows
              return NEVER;
            }),
          ),
        ),
      );
      expect(error).toMatchObject({ message: `${name} failed` });
    }, server);
  });

  const throwing: Array<[string, Pick<HeartbeatOptions, 'ping' | 'isPong'>]> = [
    ['isPong', { ping: 'ping', isPong: () => boom('isPong') }],
    ['ping', { ping: () => boom('ping'), isPong: () => false }],
  ];
  it.each(throwing)('heartbeat(): an %s that throws errors the heartbeat', async (name, options) => {
    await expectReleased(async () => {
      const socket = await opened(new RxWebSocket(server.url, [], { WebSocket: WS }));
      const error = await failure(lastValueFrom(heartbeat(socket, { interval: 5, timeout: 1000, ...options })));
      expect(error).toMatchObject({ message: `${name} failed` });
      const done = closed(socket);
      socket.close();
      await done;
    }, server);
  });

  it('heartbeat(): a missed pong errors with HeartbeatTimeoutError', async () => {
    await expectReleased(async () => {
      const socket = await opened(new RxWebSocket(server.url, [], { WebSocket: WS }));
      const error = await failure(
        lastValueFrom(heartbeat(socket, { interval: 5, timeout: 5, ping: 'ping', isPong: (d) => d === 'pong' })),
      );
      expect(error).toBeInstanceOf(HeartbeatTimeoutError);
      const done = closed(socket);
      socket.close();
      await done;
    }, server);
  });

  it('connection(): an onOpen that throws errors every subscriber and closes the socket', async () => {
    await expectReleased(async () => {
      const live = connection({
        url: server.url,
        WebSocket: WS,
        environment: null,
        onOpen: () => boom('onOpen'),
      });
      const error = await failure(lastValueFrom(live.data$));
      expect(error).toMatchObject({ message: 'onOpen failed' });
      expect(live.state.status).toBe('closed');
    }, server);
  });

  it("connection(): a full queue under 'error' throws QueueOverflowError and changes nothing", async () => {
    await expectReleased(async () => {
      const live = connection({
        url: server.url,
        WebSocket: WS,
        environment: null,
        queue: sendQueue({ maxMessages: 1 }),
      });
      expect(live.send('one')).toBe('queued');
      expect(() => live.send('two')).toThrow(QueueOverflowError);
      const received = firstValueFrom(live.data$);
      expect(await received).toBe('one');
      live.close();
    }, server);
  });
});

describe('backpressure', () => {
  it('sendStream(): the server dropping the connection mid-stream errors with WebSocketCloseError and ends the source', async () => {
    await expectReleased(async () => {
      const socket = await opened(new RxWebSocket(server.url, [], { WebSocket: WS }));
      let returned = false;
      async function* messages() {
        try {
          yield 'one';
          yield 'terminate'; // the test server drops the connection
          await closed(socket);
          for (let i = 0; ; i++) yield `more ${i}`;
        } finally {
          returned = true;
        }
      }
      const error = await failure(lastValueFrom(sendStream(socket, messages())));
      expect(error).toBeInstanceOf(WebSocketCloseError);
      expect(returned).toBe(true);
    }, server);
  });

  it('whenDrained() and receive() on a socket that closes abnormally error with WebSocketCloseError', async () => {
    await expectReleased(async () => {
      const socket = await opened(new RxWebSocket(server.url, [], { WebSocket: WS }));
      const inbound = receive(socket);
      socket.send('terminate');
      const reading = (async () => {
        for await (const _ of inbound) {
          // nothing arrives before the drop
        }
      })();
      expect(await failure(reading)).toBeInstanceOf(WebSocketCloseError);
      // A socket that closed has no room: whenDrained errors, whatever the level asked for.
      expect(await failure(firstValueFrom(whenDrained(socket, 1 << 20)))).toBeInstanceOf(WebSocketCloseError);
    }, server);
  });

  it('closeGracefully(): an invalid code throws InvalidAccessError at the call and the socket stays open', async () => {
    await expectReleased(async () => {
      const socket = await opened(new RxWebSocket(server.url, [], { WebSocket: WS }));
      expect(() => closeGracefully(socket, { code: 1005 })).toThrow(
        expect.objectContaining({ name: 'InvalidAccessError' }),
      );
      expect(socket.readyState).toBe(WS.OPEN);
      const event = await lastValueFrom(closeGracefully(socket, { code: 4000, reason: 'done' }));
      expect(event).toMatchObject({ code: 4000, reason: 'done', wasClean: true });
    }, server);
  });
});

describe('webSocket()', () => {
  const subject = (config: Partial<Parameters<typeof webSocket<Message>>[0] & object> = {}) =>
    webSocket<Message>({ url: server.url, WebSocketCtor: WS, requests: requests(), ...config });

  it('request(): a message that cannot be serialized errors with SerializationError and opens no socket', async () => {
    await expectReleased(async () => {
      const accepted = server.accepted;
      const error = await failure(firstValueFrom(subject().request({ type: 'big', n: 1n })));
      expect(error).toBeInstanceOf(SerializationError);
      expect(server.accepted).toBe(accepted);
    }, server);
  });

  it("request(): a full queue under 'error' errors with QueueOverflowError and closes the socket it opened", async () => {
    await expectReleased(async () => {
      const ws = subject({ queue: sendQueue({ maxMessages: 0 }) });
      const error = await failure(firstValueFrom(ws.request({ type: 'get' }, { timeout: 60_000 })));
      expect(error).toBeInstanceOf(QueueOverflowError);
      expect(ws.state.status).toBe('closed');
    }, server);
  });

  it('request(): no reply errors with RequestTimeoutError; a dropped connection with RequestAbortedError', async () => {
    await expectReleased(async () => {
      // Sent as the bare type, so that 'terminate' is the test server's command to drop the connection.
      const ws = subject({ serializer: (message) => message.type, onInvalid: 'skip' });
      const timedOut = await failure(firstValueFrom(ws.request({ type: 'silence' }, { timeout: 20 })));
      expect(timedOut).toBeInstanceOf(RequestTimeoutError);
      const aborted = await failure(firstValueFrom(ws.request({ type: 'terminate' }, { timeout: 60_000 })));
      expect(aborted).toBeInstanceOf(RequestAbortedError);
    }, server);
  });

  it('multiplex(): an unsubMsg that throws still releases the socket, and the caller of unsubscribe() gets it', async () => {
    await expectReleased(async () => {
      const ws = subject();
      const topic = ws.multiplex(
        () => ({ type: 'sub' }),
        () => boom('unsubMsg'),
        () => true,
      );
      const subscription = topic.subscribe();
      await firstValueFrom(ws.state$.pipe(filter((s) => s.status === 'open')));
      let thrown: unknown;
      try {
        subscription.unsubscribe();
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(UnsubscriptionError);
      expect((thrown as UnsubscriptionError).errors).toEqual([expect.objectContaining({ message: 'unsubMsg failed' })]);
      expect(ws.state.status).toBe('closed');
    }, server);
  });

  it('multiplex(): a serializer that throws on the subscribe message errors the subscriber and opens no socket', async () => {
    await expectReleased(async () => {
      const accepted = server.accepted;
      const ws = subject({ serializer: () => boom('serializer') });
      const error = await failure(
        firstValueFrom(
          ws.multiplex(
            () => 'sub',
            () => 'unsub',
            () => true,
          ),
        ),
      );
      expect(error).toMatchObject({ message: 'serializer failed' });
      expect(server.accepted).toBe(accepted);
    }, server);
  });

  it('error({ code }) with an invalid code throws InvalidAccessError, tells closingObserver nothing, stays open', async () => {
    await expectReleased(async () => {
      const closing: unknown[] = [];
      const ws = subject({ closingObserver: { next: () => closing.push('closing') } });
      const done = lastValueFrom(ws).catch((error: unknown) => error);
      await firstValueFrom(ws.state$.pipe(filter((s) => s.status === 'open')));
      for (const code of [999, 1005, 2000, 5000]) {
        expect(() => ws.error({ code })).toThrow(expect.objectContaining({ name: 'InvalidAccessError' }));
      }
      expect(() => ws.error({ code: 4000, reason: 'x'.repeat(124) })).toThrow(
        expect.objectContaining({ name: 'SyntaxError' }),
      );
      expect(closing).toEqual([]);
      expect(ws.state.status).toBe('open');
      ws.error({ code: 4000, reason: 'bye' });
      expect(closing).toEqual(['closing']);
      await done;
    }, server);
  });
});

function boom(what: string): never {
  throw new Error(`${what} failed`);
}
