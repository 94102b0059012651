import { count, filter, first, firstValueFrom, lastValueFrom, take } from 'rxjs';
import { expect, inject, it } from 'vitest';
import { bufferedAmount$, closeGracefully, RxWebSocket, receive, sendStream } from '../../src/index.js';

it("streams with the native WebSocket's real bufferedAmount, never above highWaterMark plus one message", async () => {
  const socket = new RxWebSocket(inject('wsUrl'), [], { binaryType: 'arraybuffer' });
  const high = 256 * 1024;
  let peak = 0;
  const watch = bufferedAmount$(socket).subscribe((bytes) => {
    peak = Math.max(peak, bytes);
  });
  function* chunks() {
    for (let i = 0; i < 64; i++) yield new Uint8Array(64 * 1024).fill(i);
  }
  const echoes = lastValueFrom(
    socket.data$.pipe(
      filter((data) => data instanceof ArrayBuffer),
      take(64),
      count(),
    ),
  );
  const last = await lastValueFrom(sendStream(socket, chunks(), { highWaterMark: high, lowWaterMark: high / 4 }));
  expect(last.messages).toBe(64);
  expect(await echoes).toBe(64);
  watch.unsubscribe();
  expect(peak).toBeLessThanOrEqual(high + 64 * 1024);
  await firstValueFrom(closeGracefully(socket));
});

it('receive() cannot pause a browser socket: it applies the overflow rule instead', async () => {
  const socket = new RxWebSocket(inject('wsUrl'));
  await firstValueFrom(socket.open$);
  const inbound = receive(socket, { highWaterMark: 1000, lowWaterMark: 100, overflow: 'drop-newest' });
  const lastArrived = firstValueFrom(socket.data$.pipe(first((data) => data === 'm1999')));
  socket.send('burst:2000'); // 2000 small messages (8.9 KB) at once, none consumed yet
  await lastArrived;
  socket.close(1000);
  const got: unknown[] = [];
  for await (const message of inbound) got.push(message);
  expect(inbound.paused).toBe(false);
  expect(inbound.dropped).toBeGreaterThan(0);
  expect(got.length + inbound.dropped).toBe(2000);
});
