// Outbound: 256 MB in 64 KB chunks to a reader limited to 64 MB/s, and to a fast reader; inbound: a
// producer much faster than the consumer. Each contender runs in a fresh process against a fresh server
// process; peak RSS is the client process's maxRSS.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { closeGracefully, RxWebSocket, receive, sendStream } from 'rx-websocket';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { WebSocket } from 'ws';

const TOTAL = Number(process.env.BENCH_BYTES ?? 256 * 1024 * 1024);
const CHUNK = 64 * 1024;
const SLOW_RATE = 64 * 1024 * 1024;
const HIGH = 1024 * 1024;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const self = fileURLToPath(import.meta.url);
const serverScript = fileURLToPath(new URL('./lib/reader-server.mjs', import.meta.url));

interface Result {
  ms: number;
  maxRssMb: number;
}

const contenders: Record<string, (url: string) => Promise<void>> = {
  'raw ws.send loop': async (url) => {
    const ws = new WebSocket(url, { perMessageDeflate: false });
    await new Promise((resolve) => ws.once('open', resolve));
    const payload = Buffer.alloc(CHUNK, 1);
    for (let sent = 0; sent < TOTAL; sent += CHUNK) ws.send(payload);
    await new Promise<void>((resolve) => {
      const check = () => (ws.bufferedAmount === 0 ? resolve() : setTimeout(check, 1));
      check();
    });
    ws.close(1000);
    await new Promise((resolve) => ws.once('close', resolve));
  },
  'plain send loop (RxWebSocket)': async (url) => {
    const socket = await open(url);
    const payload = new Uint8Array(CHUNK);
    for (let sent = 0; sent < TOTAL; sent += CHUNK) socket.send(payload);
    await firstValueFrom(closeGracefully(socket, { timeout: Number.POSITIVE_INFINITY }));
  },
  'hand-written bufferedAmount polling loop': async (url) => {
    const socket = await open(url);
    const payload = new Uint8Array(CHUNK);
    for (let sent = 0; sent < TOTAL; sent += CHUNK) {
      while (socket.bufferedAmount > HIGH) await new Promise((resolve) => setTimeout(resolve, 1));
      socket.send(payload);
    }
    await firstValueFrom(closeGracefully(socket, { timeout: Number.POSITIVE_INFINITY }));
  },
  sendStream: async (url) => {
    const socket = await open(url);
    async function* chunks() {
      const payload = new Uint8Array(CHUNK);
      for (let sent = 0; sent < TOTAL; sent += CHUNK) yield payload;
    }
    await lastValueFrom(sendStream(socket, chunks(), { highWaterMark: HIGH, lowWaterMark: HIGH / 4 }));
    await firstValueFrom(closeGracefully(socket, { timeout: Number.POSITIVE_INFINITY }));
  },
  'inbound: data$ with a slow consumer': async (url) => {
    const socket = await open(url);
    const queue: unknown[] = [];
    socket.data$.subscribe((data) => queue.push(data)); // unbounded: what a naive consumer does
    await consumeSlowly(
      () => queue.shift(),
      () => socket.readyState === 3 && queue.length === 0,
    );
  },
  'inbound: receive() with a slow consumer': async (url) => {
    const socket = await open(url);
    let n = 0;
    for await (const _ of receive(socket, { highWaterMark: 4 * HIGH, lowWaterMark: HIGH })) {
      if (++n % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
    }
  },
};

async function open(url: string): Promise<RxWebSocket> {
  const socket = new RxWebSocket(url, [], { WebSocket, binaryType: 'arraybuffer' });
  await firstValueFrom(socket.open$);
  return socket;
}

async function consumeSlowly(next: () => unknown, finished: () => boolean): Promise<void> {
  let n = 0;
  while (!finished()) {
    if (next() === undefined) await new Promise((resolve) => setTimeout(resolve, 1));
    else if (++n % 4 === 0) await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

function startServer(args: string[]): Promise<{ url: string; child: ChildProcess; done: Promise<unknown> }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    let finish: (value: unknown) => void = () => {};
    const done = new Promise((r) => (finish = r));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as { port?: number; received?: number };
      if (message.port !== undefined) resolve({ url: `ws://127.0.0.1:${message.port}`, child, done });
      if (message.received !== undefined) finish(message.received);
    });
  });
}

if (process.env.BENCH_CONTENDER) {
  const run = contenders[process.env.BENCH_CONTENDER] as (url: string) => Promise<void>;
  const start = performance.now();
  await run(process.env.BENCH_URL as string);
  const result: Result = { ms: performance.now() - start, maxRssMb: process.resourceUsage().maxRSS / 1024 };
  console.log(JSON.stringify(result));
  process.exit(0);
}

async function measure(name: string, serverArgs: string[]): Promise<Result> {
  const server = await startServer(serverArgs);
  const output = execFileSync(process.execPath, ['--import', 'tsx', self], {
    env: { ...process.env, BENCH_CONTENDER: name, BENCH_URL: server.url },
    encoding: 'utf8',
  });
  server.child.kill();
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function table(title: string, names: string[], serverArgs: string[], baseline: string, bytes: number) {
  // BENCH_TABLE=text runs only the tables whose title contains it.
  if (process.env.BENCH_TABLE && !title.includes(process.env.BENCH_TABLE)) return;
  const results = new Map<string, Result[]>(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) results.get(name)?.push(await measure(name, serverArgs));
  }
  const base = results.get(baseline) as Result[];
  const baseRss = median(base.map((r) => r.maxRssMb));
  const baseMbps = bytes / 1048576 / (median(base.map((r) => r.ms)) / 1000);
  console.log(`\n### ${title}\n\n${ROUNDS} rounds, medians; each contender in a fresh process.\n`);
  console.log(`| contender | throughput MB/s | peak RSS MB | RSS ratio to ${baseline} | throughput ratio |`);
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const [name, rs] of results) {
    const mbps = bytes / 1048576 / (median(rs.map((r) => r.ms)) / 1000);
    const rss = median(rs.map((r) => r.maxRssMb));
    console.log(
      `| ${name} | ${mbps.toFixed(0)} | ${rss.toFixed(0)} | ${(rss / baseRss).toFixed(2)}x | ${(mbps / baseMbps).toFixed(2)}x |`,
    );
  }
}

const mb = TOTAL / 1048576;
await table(
  `Outbound: ${mb} MB in 64 KB chunks to a reader limited to 64 MB/s`,
  ['plain send loop (RxWebSocket)', 'hand-written bufferedAmount polling loop', 'sendStream'],
  ['sink', String(SLOW_RATE)],
  'hand-written bufferedAmount polling loop',
  TOTAL,
);
await table(
  `Outbound: ${mb} MB in 64 KB chunks to a fast reader`,
  ['raw ws.send loop', 'sendStream'],
  ['sink', '0'],
  'raw ws.send loop',
  TOTAL,
);
const floodCount = Math.round(TOTAL / 4 / (16 * 1024));
await table(
  `Inbound: ${floodCount} messages of 16 KB flooded at a consumer that waits 1 ms every 4 messages (≤ 64 MB/s)`,
  ['inbound: data$ with a slow consumer', 'inbound: receive() with a slow consumer'],
  ['flood', '0', String(floodCount), String(16 * 1024)],
  'inbound: data$ with a slow consumer',
  floodCount * 16 * 1024,
);
