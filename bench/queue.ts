// The send queue in a steady state that never empties (messages waiting behind a full socket): the cost of one
// message in and one out with 900 waiting, for the default store, sendQueue()'s bounded one, and a plain array's
// push/shift (what a hand-written queue, and rxjs's ReplaySubject buffer, do). Bounded in count: stops by itself.

import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The retained heap needs gc(): run again with it exposed.
const gc = (globalThis as { gc?: () => void }).gc;
if (gc === undefined) {
  execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    stdio: 'inherit',
  });
  process.exit(0);
}

// The stores are internals, from the built package like everything else here (types from src/).
const dist = (path: string) => new URL(`../dist/esm/queue/${path}`, import.meta.url).href;
const plugin = (await import(dist('queue-plugin.js'))) as typeof import('../src/queue/queue-plugin.js');
const { sendQueue } = (await import(dist('send-queue.js'))) as typeof import('../src/queue/send-queue.js');

const CYCLES = Number(process.env.BENCH_QUEUE_CYCLES ?? 1_000_000);
const WAITING = 900;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);

interface Store {
  push(item: unknown): unknown;
  shift(): unknown;
}

const contenders: Array<[string, () => Store]> = [
  ['Array push/shift (baseline)', () => []],
  ['default store (no queue option)', () => new plugin.DefaultStore<unknown>()],
  [
    "sendQueue({ maxMessages: 1000 })'s store",
    () => sendQueue({ maxMessages: 1000 })[plugin.withQueue]<unknown>(() => 0),
  ],
];

function nsPerCycle(make: () => Store): number {
  const store = make();
  for (let i = 0; i < WAITING; i++) store.push(`waiting ${i}`);
  const start = process.hrtime.bigint();
  for (let i = 0; i < CYCLES; i++) {
    store.push('message');
    store.shift();
  }
  return Number(process.hrtime.bigint() - start) / CYCLES;
}

/** The heap a store holds after `CYCLES` distinct messages went through it with `WAITING` waiting, in KB. */
function retainedKb(make: () => Store): number {
  (gc as () => void)();
  const before = process.memoryUsage().heapUsed;
  const store = make();
  for (let i = 0; i < WAITING; i++) store.push({ waiting: i });
  for (let i = 0; i < CYCLES; i++) {
    store.push({ message: i });
    store.shift();
  }
  (gc as () => void)();
  const kb = (process.memoryUsage().heapUsed - before) / 1024;
  if (store.shift() === undefined) throw new Error('the store lost its messages'); // keeps it alive until here
  return kb;
}

const results = contenders.map(() => [] as number[]);
for (let round = 0; round < ROUNDS; round++) {
  for (const [i, [, make]] of contenders.entries()) results[i]?.push(nsPerCycle(make));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const baseline = median(results[0] ?? []);
console.log(
  `\n### Send queue: ${CYCLES} messages in and out with ${WAITING} waiting\n\n${ROUNDS} rounds in one process, medians.\n`,
);
console.log('| store | ns/message | ratio to Array push/shift | heap held after the run |');
console.log('| --- | ---: | ---: | ---: |');
contenders.forEach(([name, make], i) => {
  const ns = median(results[i] ?? []);
  console.log(`| ${name} | ${ns.toFixed(1)} | ${(ns / baseline).toFixed(2)}x | ${retainedKb(make).toFixed(0)} KB |`);
});
