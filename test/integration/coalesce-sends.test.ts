import type { Socket } from 'node:net';
import { RxWebSocket } from 'rx-websocket';
import { firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSocket } from 'ws';
import { recordingWs } from '../helpers/recording-ws.js';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** Opens an RxWebSocket over ws and counts the system-call-level writes of its TCP socket. */
async function open(coalesceSends?: boolean) {
  const { Ctor, created } = recordingWs();
  const socket = new RxWebSocket(server.url, [], {
    WebSocket: Ctor,
    ...(coalesceSends === undefined ? {} : { coalesceSends }),
  });
  await firstValueFrom(socket.open$);
  const tcp = (created[0] as WebSocket & { _socket: Socket })._socket as Socket & {
    _write: (...args: unknown[]) => void;
    _writev: (...args: unknown[]) => void;
  };
  const writes = { write: 0, writev: 0 };
  const write = tcp._write;
  const writev = tcp._writev;
  tcp._write = function (this: Socket, ...args: unknown[]) {
    writes.write++;
    return write.apply(this, args);
  };
  tcp._writev = function (this: Socket, ...args: unknown[]) {
    writes.writev++;
    return writev.apply(this, args);
  };
  return { socket, tcp, writes };
}

const echoes = (socket: RxWebSocket, count: number) =>
  new Promise<string[]>((resolve) => {
    const got: string[] = [];
    socket.data$.subscribe((data) => {
      got.push(String(data));
      if (got.length === count) resolve(got);
    });
  });

describe('Node send fast path (coalesceSends) over a real ws server', () => {
  it('hands one turn of sends to the network in one write, in order, with bufferedAmount counting them', async () => {
    const { socket, writes } = await open();
    const sent = Array.from({ length: 200 }, (_, i) => `m${i}`);
    const received = echoes(socket, sent.length);
    for (const message of sent) socket.send(message);
    // Corked until the turn ends: nothing written yet, every byte counted as buffered.
    expect(writes).toEqual({ write: 0, writev: 0 });
    expect(socket.bufferedAmount).toBeGreaterThanOrEqual(sent.join('').length);
    await Promise.resolve();
    expect(writes).toEqual({ write: 0, writev: 1 });
    expect(await received).toEqual(sent);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  });

  it('lets a large frame (16 KB or more) write through without corking', async () => {
    const { socket, tcp, writes } = await open();
    const big = 'b'.repeat(20_000);
    const received = echoes(socket, 1);
    socket.send(big);
    expect(tcp.writableCorked).toBe(0);
    expect(writes.write + writes.writev).toBe(1);
    expect(await received).toEqual([big]);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  });

  it('writes once per send when turned off', async () => {
    const { socket, writes } = await open(false);
    const received = echoes(socket, 50);
    for (let i = 0; i < 50; i++) socket.send(`m${i}`);
    await received;
    expect(writes.write + writes.writev).toBeGreaterThan(1);
    socket.close(1000);
    await firstValueFrom(socket.close$);
  });

  it('delivers a turn of sends before the close frame when close() ends the turn', async () => {
    const { socket } = await open();
    const before = server.received.length;
    for (let i = 0; i < 100; i++) socket.send(`last${i}`);
    socket.close(1000, 'done');
    const close = await firstValueFrom(socket.close$);
    expect(close.code).toBe(1000);
    expect(server.received.slice(before)).toEqual(Array.from({ length: 100 }, (_, i) => `last${i}`));
    expect(server.closes.at(-1)).toEqual({ code: 1000, reason: 'done' });
  });

  it('leaves the TCP socket uncorked after every turn, also when the socket closed in it', async () => {
    const { socket, tcp } = await open();
    socket.send('a');
    expect(tcp.writableCorked).toBe(1);
    await Promise.resolve();
    expect(tcp.writableCorked).toBe(0);
    socket.send('b');
    socket.close(1000);
    await firstValueFrom(socket.close$);
    expect(tcp.writableCorked).toBe(0);
  });
});
