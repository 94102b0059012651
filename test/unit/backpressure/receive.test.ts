import { concatMapIncoming, fromWebSocket, InboundOverflowError, RxWebSocket, receive } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';
import { slowLink } from '../../helpers/slow-link.js';

const kb = (i: number) => `${i}`.padEnd(1024, '.');

describe('receive() on a socket that can pause', () => {
  it('pauses above highWaterMark, resumes at lowWaterMark, and delivers everything in order', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const inbound = receive(socket, { highWaterMark: 4096, lowWaterMark: 1024 });
    for (let i = 0; i < 6; i++) link.last.receive(kb(i));
    expect(link.paused).toEqual([true]);
    expect(inbound.paused).toBe(true);
    expect(inbound.bufferedBytes).toBe(6 * 1024);
    const got: string[] = [];
    for (let i = 0; i < 4; i++) got.push(String((await inbound.next()).value));
    expect(link.paused).toEqual([true]); // 2 KB left: above the low mark
    got.push(String((await inbound.next()).value));
    expect(link.paused).toEqual([true, false]); // 1 KB left: resumed
    got.push(String((await inbound.next()).value));
    expect(got.map((m) => m.split('.')[0])).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(inbound.dropped).toBe(0);
  });

  it('ends on a clean close after the buffered messages, and resumes the socket when left early', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const inbound = receive(socket, { highWaterMark: 1024, lowWaterMark: 512 });
    link.last.receive(kb(1));
    link.last.receive(kb(2));
    link.last.serverClose(1000);
    const got: unknown[] = [];
    for await (const message of inbound) got.push(String(message).split('.')[0]);
    expect(got).toEqual(['1', '2']);
    expect(link.paused).toEqual([true, false]);
  });

  it.each([
    ['a standalone RxWebSocket', false],
    ['a socket of fromWebSocket() (whose data$ completes on any close)', true],
  ])('throws WebSocketCloseError at the end of an abnormal close, on %s', async (_, piped) => {
    const link = slowLink();
    let socket: RxWebSocket | undefined;
    if (piped) {
      fromWebSocket({ url: 'ws://x', WebSocket: link.WebSocket }).subscribe({
        next: (opened) => {
          socket = opened;
        },
        error: () => {},
      });
    } else socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const inbound = receive(socket as RxWebSocket);
    link.last.receive('a');
    link.last.serverClose(1006, '', false);
    expect((await inbound.next()).value).toBe('a');
    await expect(inbound.next()).rejects.toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });
});

describe('receive() on a socket that cannot pause (browsers)', () => {
  const open = () => {
    const fake = fakeWebSocket();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
    fake.last.open();
    return { socket, fake: fake.last };
  };

  it("ends with InboundOverflowError under 'error'", async () => {
    const { socket, fake } = open();
    const inbound = receive(socket, { highWaterMark: 2048, lowWaterMark: 0 });
    for (let i = 0; i < 3; i++) fake.receive(kb(i));
    await expect(inbound.next()).rejects.toBeInstanceOf(InboundOverflowError);
    expect(fake.listenerCount('message')).toBe(1); // data$ released; RxWebSocket's own listener stays
  });

  it.each([
    ['drop-oldest', ['2', '3']],
    ['drop-newest', ['0', '1']],
  ] as const)('applies %s and counts the drops', async (overflow, expected) => {
    const { socket, fake } = open();
    const inbound = receive(socket, { highWaterMark: 2048, lowWaterMark: 0, overflow });
    for (let i = 0; i < 4; i++) fake.receive(kb(i));
    fake.serverClose();
    const got: string[] = [];
    for await (const message of inbound) got.push(String(message).split('.')[0] as string);
    expect(got).toEqual(expected);
    expect(inbound.dropped).toBe(2);
  });
});

describe('concatMapIncoming()', () => {
  it('processes messages one at a time, in order, pausing the socket while the work lags', async () => {
    const link = slowLink();
    const socket = new RxWebSocket('ws://x', [], { WebSocket: link.WebSocket });
    link.last.open();
    const results: string[] = [];
    const done = new Promise<void>((resolve) =>
      concatMapIncoming(
        socket,
        async (message) => {
          await new Promise((r) => setTimeout(r, 1));
          return String(message).split('.')[0] as string;
        },
        { highWaterMark: 2048, lowWaterMark: 1024 },
      ).subscribe({ next: (r) => results.push(r), complete: resolve }),
    );
    for (let i = 0; i < 8; i++) link.last.receive(kb(i));
    link.last.serverClose();
    await done;
    expect(results).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
    expect(link.paused[0]).toBe(true);
    expect(link.paused.at(-1)).toBe(false);
  });
});
