// Inbound backpressure in the browser: the same slow consumer in headless Chromium, over the standard WebSocket
// (which cannot pause, so what the consumer has not reached waits in the page) and over webSocketStream() (which
// stops reading). The server is the flood server of the browser tests: it sends a fixed number of messages, only
// while its own bufferedAmount is under 8 MB. Reports the page's peak JS heap (collected before each sample, every 16
// messages) over its heap before the connection, and the time to consume everything. Each contender runs in a fresh
// page, interleaved over BENCH_ROUNDS rounds (3). Skipped, with a message, when no Chromium is found.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../test/helpers/chromium.js';
import { startFloodServer } from '../test/helpers/flood-server.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const SIZE = 64 * 1024;
const COUNT = Number(process.env.BENCH_MESSAGES ?? 512); // 32 MB
/** The consumer takes this long per message: about 16 MB/s, slower than loopback by far. */
const DELAY_MS = 4;
const HIGH = 1024 * 1024;
const ROUND_TIMEOUT = 120_000;

if (CHROMIUM_PATH === undefined) {
  console.log('\n### Browser inbound backpressure\n\nSkipped: no Chromium found (see test/helpers/chromium.ts).');
  process.exit(0);
}

// The page gets the built package and rxjs as one script, exposed as `rx` and `rxjs`.
const bundle = await build({
  stdin: {
    contents: "export * as rx from 'rx-websocket'; export * as rxjs from 'rxjs'; export { fromEvent } from 'rxjs';",
    resolveDir: process.cwd(),
    loader: 'js',
  },
  bundle: true,
  format: 'iife',
  globalName: 'lib',
  platform: 'browser',
  write: false,
  logLevel: 'silent',
});
const script = bundle.outputFiles[0]?.text ?? '';
const http = createServer((request, response) => {
  if (request.url === '/lib.js') {
    response.writeHead(200, { 'content-type': 'text/javascript' });
    response.end(script);
  } else {
    response.writeHead(200, { 'content-type': 'text/html' });
    // tsx compiles the function given to page.evaluate() with esbuild's keepNames, which calls a `__name` helper.
    response.end('<!doctype html><script>globalThis.__name = (f) => f;</script><script src="/lib.js"></script>');
  }
});
await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const page = `http://127.0.0.1:${(http.address() as AddressInfo).port}/`;
const flood = await startFloodServer();
const browser = await chromium.launch({
  executablePath: CHROMIUM_PATH,
  args: [...CHROMIUM_FLAGS, '--enable-precise-memory-info', '--js-flags=--expose-gc'],
});

type Result = { peakMB: number; seconds: number; received: number; inOrder: boolean };

async function run(contender: 'standard' | 'stream', round: number): Promise<Result> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    await tab.goto(page);
    const url = `${flood.url}/flood?id=bench-${contender}-${round}&size=${SIZE}&count=${COUNT}`;
    return await tab.evaluate(
      async ({ url, contender, count, delay, high }) => {
        const { rx, rxjs } = (
          globalThis as unknown as { lib: { rx: typeof import('rx-websocket'); rxjs: typeof import('rxjs') } }
        ).lib;
        const memory = () =>
          (performance as Performance & { memory: { usedJSHeapSize: number } }).memory.usedJSHeapSize;
        (globalThis as { gc?: () => void }).gc?.();
        const before = memory();
        let peak = before;
        const WebSocket = contender === 'stream' ? rx.webSocketStream() : undefined;
        const socket = new rx.RxWebSocket(url, [], { WebSocket });
        const started = performance.now();
        let received = 0;
        let inOrder = true;
        // The same consumer for both: one message at a time, `delay` ms each.
        const consume = (message: unknown) =>
          new Promise<void>((resolve) =>
            setTimeout(() => {
              if (Number(String(message).split(':')[0]) !== received) inOrder = false;
              received++;
              // What the page holds, not what it has allocated: collected first, every 16 messages.
              if (received % 16 === 0) {
                (globalThis as { gc?: () => void }).gc?.();
                peak = Math.max(peak, memory());
              }
              resolve();
            }, delay),
          );
        const consumed =
          contender === 'stream'
            ? rx.concatMapIncoming(socket, consume, { highWaterMark: high })
            : socket.data$.pipe(rxjs.concatMap(consume));
        await rxjs.lastValueFrom(consumed.pipe(rxjs.take(count)));
        const seconds = (performance.now() - started) / 1000;
        socket.close(1000);
        await rxjs.firstValueFrom(socket.close$);
        return { peakMB: (peak - before) / 1048576, seconds, received, inOrder };
      },
      { url, contender, count: COUNT, delay: DELAY_MS, high: HIGH },
    );
  } finally {
    await context.close();
  }
}

const timeout = setTimeout(
  () => {
    console.error(`browser-inbound: a round took over ${ROUND_TIMEOUT} ms; stopping.`);
    process.exit(1);
  },
  ROUND_TIMEOUT * ROUNDS * 2,
);
const results: Record<'standard' | 'stream', Result[]> = { standard: [], stream: [] };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const contender of ['standard', 'stream'] as const) {
      const result = await run(contender, round);
      if (result.received !== COUNT || !result.inOrder) {
        throw new Error(`${contender}: received ${result.received} of ${COUNT}, in order: ${result.inOrder}`);
      }
      results[contender].push(result);
    }
  }
} finally {
  clearTimeout(timeout);
  await browser.close();
  await flood.close();
  http.close();
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const base = median(results.standard.map((r) => r.peakMB));
console.log(
  `\n### Browser inbound backpressure: ${COUNT} messages of ${SIZE / 1024} KB, a consumer at ${DELAY_MS} ms each\n`,
);
console.log(`Headless Chromium, ${ROUNDS} rounds, each contender in a fresh page; medians (min-max).\n`);
console.log('| contender | peak JS heap held (after GC) over the start, MB | ratio | seconds to consume |');
console.log('| --- | ---: | ---: | ---: |');
for (const [name, label] of [
  ['standard', 'standard WebSocket, data$ + concatMap'],
  ['stream', 'webSocketStream(), concatMapIncoming (highWaterMark 1 MB)'],
] as const) {
  const peaks = results[name].map((r) => r.peakMB);
  const seconds = results[name].map((r) => r.seconds);
  console.log(
    `| ${label} | ${median(peaks).toFixed(1)} (${Math.min(...peaks).toFixed(1)}-${Math.max(...peaks).toFixed(1)}) | ${(median(peaks) / base).toFixed(2)}x | ${median(seconds).toFixed(2)} |`,
  );
}
