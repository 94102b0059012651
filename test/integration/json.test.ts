// Typed messages over a real ws server: the server sends valid, invalid and binary frames; the
// client's pipeline reports each bad one, keeps going, and receives the valid ones in order.
import type { AddressInfo } from 'node:net';
import { fromWebSocket, type InvalidMessageError, json, ofType, webSocket } from 'rx-websocket';
import { lastValueFrom, switchMap, take, toArray } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { schemas, valid } from '../helpers/chat-schemas.js';

let wss: WebSocketServer;
let url: string;
const frames: Array<[string | Buffer, boolean]> = [
  [JSON.stringify(valid[0]), false],
  ['{"type":"message",', false], // truncated JSON
  [JSON.stringify(valid[1]), false],
  [Buffer.from(JSON.stringify(valid[2])), true], // binary frame
  [JSON.stringify({ type: 'userlist', users: 'ada' }), false], // schema failure
  [`{"pad":"${'x'.repeat(5000)}"}`, false], // too large
  [JSON.stringify(valid[3]), false],
];

beforeAll(async () => {
  wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((resolve) => wss.once('listening', resolve));
  url = `ws://127.0.0.1:${(wss.address() as AddressInfo).port}`;
  wss.on('connection', (socket) => {
    for (const [data, binary] of frames) socket.send(data, { binary });
  });
});
afterAll(() => new Promise<void>((resolve) => wss.close(() => resolve())));

describe.each(schemas)('json(%s schema) over a real ws server', (_name, schema) => {
  it('delivers every valid message in order and reports each invalid one', async () => {
    const reported: InvalidMessageError[] = [];
    const received = await lastValueFrom(
      fromWebSocket({ url, WebSocket }).pipe(
        switchMap((socket) => socket.data$),
        json(schema, { maxBytes: 4096, report: (e) => reported.push(e) }),
        take(3),
        toArray(),
      ),
    );
    expect(received).toEqual([valid[0], valid[1], valid[3]]);
    expect(reported.map((e) => e.name)).toEqual([
      'MessageParseError',
      'MessageParseError',
      'SchemaValidationError',
      'MessageTooLargeError',
    ]);
  });

  it("decodes binary frames with binary: 'decode'", async () => {
    const received = await lastValueFrom(
      fromWebSocket({ url, WebSocket }).pipe(
        switchMap((socket) => socket.data$),
        json(schema, { binary: 'decode', maxBytes: 4096 }),
        take(4),
        toArray(),
      ),
    );
    expect(received).toEqual(valid);
  });
});

it('webSocket() with a schema narrows with ofType over a real socket', async () => {
  const users = await lastValueFrom(
    webSocket({ url, WebSocket, schema: schemas[0][1], onInvalid: 'skip' }).pipe(ofType('userlist'), take(1)),
  );
  expect(users.users).toEqual(['ada', 'grace']);
});
