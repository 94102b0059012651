// delivery() against a real ws server on 127.0.0.1:0 that drops connections at scripted points, between receiving a
// message and acknowledging it too: every message reaches the server at least once and its app (which drops
// duplicates by id, as the README asks of servers) exactly once, in order; every server event reaches the client's
// app exactly once, in order, through resume (the server's backfill overlaps). A fast-check property draws the drop
// points.
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { delivery, fromWebSocket, reconnect, WebSocketSubject, webSocket } from 'rx-websocket';
import { filter, lastValueFrom, share, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';

type ServerMessage = { type: 'ack'; id: string } | { type: 'event'; seq: number };
type ClientMessage = { type: 'message'; n: number; id?: string } | { type: 'resume'; after: number };

/**
 * The server's side of the protocol: acknowledges each message by id, drops duplicates by id, makes a numbered event
 * for each new message and replays the events after a resume. `dropAt` lists the received-frame counts (1-based, over the server's life) at which
 * it terminates the connection instead of acknowledging: the message was received and processed, its ack is lost.
 */
async function startServer(events: number, dropAt: ReadonlySet<number>) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const processed: number[] = [];
  const seen = new Set<string>();
  let frames = 0;
  let connections = 0;
  let sent = 0; // events made so far
  const log: number[] = [];
  wss.on('connection', (socket) => {
    connections++;
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as ClientMessage;
      if (message.type === 'resume') {
        // Backfill that overlaps what the client has, as servers that replay from a coarse offset do.
        for (let seq = Math.max(1, message.after - 1); seq <= sent; seq++) {
          socket.send(JSON.stringify({ type: 'event', seq }));
        }
        return;
      }
      frames++;
      const id = message.id as string;
      if (!seen.has(id)) {
        seen.add(id);
        processed.push(message.n);
        // Each new message makes one event, so that events and drops interleave.
        if (sent < events) log.push(++sent);
      }
      // What the log holds goes out on the live connection (a drop below loses it in flight: resume brings it back).
      for (const seq of log.splice(0)) socket.send(JSON.stringify({ type: 'event', seq }));
      if (dropAt.has(frames)) {
        socket.terminate();
        return;
      }
      socket.send(JSON.stringify({ type: 'ack', id }));
    });
  });
  return {
    url: `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`,
    processed,
    get frames() {
      return frames;
    },
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close(() => resolve());
      }),
  };
}

function bounded<T>(promise: Promise<T>, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timeout = setTimeout(() => resolve(fallback), 10_000);
    promise.then(
      (value) => {
        clearTimeout(timeout);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timeout);
        reject(error);
      },
    );
  });
}

async function run(
  messages: number,
  events: number,
  dropAt: ReadonlySet<number>,
  form: 'subject' | 'pipeline' = 'subject',
) {
  const server = await startServer(events, dropAt);
  const reliable = delivery<ServerMessage, ClientMessage>({
    ack: (message) => (message.type === 'ack' ? message.id : undefined),
    position: (message) => (message.type === 'event' ? message.seq : undefined),
    resume: (last) => ({ type: 'resume', after: last ?? 0 }),
    ackTimeout: 5_000,
  });
  const policy = reconnect({ initialDelay: 5, maxDelay: 5, jitter: 0, environment: null });
  // The same layer on webSocket(), or over a pipeline's stream of sockets.
  const subject =
    form === 'subject'
      ? webSocket<ServerMessage, ClientMessage>({ url: server.url, WebSocket, reconnect: policy, delivery: reliable })
      : reliable.messages(fromWebSocket({ url: server.url, WebSocket }).pipe(policy)).pipe(share());
  // The app's own subscription: it holds the connection while the run lasts (acknowledgements arrive through it).
  const holding = subject.subscribe({ error: () => {} });
  const received = lastValueFrom(
    subject.pipe(
      filter((message) => message.type === 'event'),
      take(events),
      toArray(),
    ),
  );
  const receipts = Array.from({ length: messages }, (_, i) =>
    lastValueFrom(reliable.send({ type: 'message', n: i + 1 })).then(
      (receipt) => receipt.status,
      (error: Error) => error.message,
    ),
  );
  try {
    // Bounds, not synchronisation: a run that loses a message would otherwise wait for ever.
    const statuses = await bounded(Promise.all(receipts), ['did not settle within 10 s']);
    const events = await bounded(received, []);
    return { statuses, processed: [...server.processed], frames: server.frames, events };
  } finally {
    holding.unsubscribe();
    if (subject instanceof WebSocketSubject) subject.unsubscribe();
    await server.close();
  }
}

describe('delivery() over a real ws server that drops connections', () => {
  it('a drop between receiving a message and acknowledging it: the message is sent again and processed once', async () => {
    const result = await run(5, 5, new Set([2, 4]));
    expect(result.statuses).toEqual(Array(5).fill('acknowledged'));
    expect(result.processed).toEqual([1, 2, 3, 4, 5]);
    expect(result.frames).toBeGreaterThan(5); // at least once: the unacknowledged ones went twice
    expect(result.events.map((m) => (m.type === 'event' ? m.seq : 0))).toEqual([1, 2, 3, 4, 5]);
  });

  it('the same over a pipeline: delivery().messages() on fromWebSocket() with reconnect()', async () => {
    const result = await run(5, 5, new Set([2, 4]), 'pipeline');
    expect(result.statuses).toEqual(Array(5).fill('acknowledged'));
    expect(result.processed).toEqual([1, 2, 3, 4, 5]);
    expect(result.frames).toBeGreaterThan(5);
    expect(result.events.map((m) => (m.type === 'event' ? m.seq : 0))).toEqual([1, 2, 3, 4, 5]);
  });

  it('property: whatever the drop points, every message is acknowledged and processed once, in order, and every event arrives once, in order', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 1, max: 30 }), { maxLength: 6 }), async (drops) => {
        const result = await run(12, 12, new Set(drops));
        expect(result.statuses).toEqual(Array(12).fill('acknowledged'));
        expect(result.processed).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
        expect(result.events.map((m) => (m.type === 'event' ? m.seq : 0))).toEqual(
          Array.from({ length: 12 }, (_, i) => i + 1),
        );
      }),
      { numRuns: 15 },
    );
  }, 120_000);
});
