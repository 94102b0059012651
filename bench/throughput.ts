// Receive throughput, send cost, wrapper cost and idle memory, against raw `ws` measured in the same run.
// The loopback server runs in its own process; every contender runs in a fresh process; rounds interleave.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { fromWebSocket, json, RxWebSocket, reconnect, type WebSocketConstructorLike, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { firstValueFrom, switchMap, tap } from 'rxjs';
import { webSocket as rxjsWebSocket } from 'rxjs/webSocket';
import * as v from 'valibot';
import { WebSocket } from 'ws';

const RECEIVE = Number(process.env.BENCH_RECEIVE ?? 2_000_000);
const SEND = Number(process.env.BENCH_SEND ?? 500_000);
const IDLE = Number(process.env.BENCH_IDLE ?? 2000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const self = fileURLToPath(import.meta.url);
const serverScript = fileURLToPath(new URL('./lib/reader-server.mjs', import.meta.url));
const RxWs = WebSocket as WebSocketConstructorLike;
const Message = v.object({ type: v.string(), id: v.number(), text: v.string() });

type Result = Record<string, number>;
const cpuMicros = () => process.cpuUsage().user;

/** Counts `n` messages, then reports messages per second and user CPU per message. */
function counter(n: number, done: (result: Result) => void) {
  let count = 0;
  let start = 0;
  let cpu = 0;
  return () => {
    if (count === 0) {
      start = performance.now();
      cpu = cpuMicros();
    }
    if (++count === n) {
      const seconds = (performance.now() - start) / 1000;
      done({ perSecond: n / seconds, cpuNs: ((cpuMicros() - cpu) * 1000) / n });
    }
  };
}

const receivers: Record<string, (url: string) => Promise<Result>> = {
  'ws (Buffer)': (url) =>
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      const tick = counter(RECEIVE, resolve);
      ws.on('message', () => tick());
    }),
  'ws onmessage (string)': (url) =>
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      const tick = counter(RECEIVE, resolve);
      ws.onmessage = (event) => {
        if (typeof event.data === 'string') tick();
      };
    }),
  'ws onmessage + JSON.parse': (url) =>
    new Promise((resolve) => {
      const ws = new WebSocket(url);
      const tick = counter(RECEIVE, resolve);
      ws.onmessage = (event) => {
        if ((JSON.parse(event.data as string) as { id: number }).id === 1) tick();
      };
    }),
  'RxWebSocket message$': (url) =>
    new Promise((resolve) => {
      const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike });
      const tick = counter(RECEIVE, resolve);
      socket.message$.subscribe((event) => {
        if (typeof event.data === 'string') tick();
      });
    }),
  'RxWebSocket data$': (url) =>
    new Promise((resolve) => {
      const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike });
      const tick = counter(RECEIVE, resolve);
      socket.data$.subscribe((data) => {
        if (typeof data === 'string') tick();
      });
    }),
  'data$ + json()': (url) =>
    new Promise((resolve) => {
      const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike });
      const tick = counter(RECEIVE, resolve);
      socket.data$.pipe(json<{ id: number }>()).subscribe((m) => m.id === 1 && tick());
    }),
  'data$ + json(valibot)': (url) =>
    new Promise((resolve) => {
      const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike });
      const tick = counter(RECEIVE, resolve);
      socket.data$.pipe(json(Message)).subscribe((m) => m.id === 1 && tick());
    }),
  'rxjs webSocket (identity)': (url) =>
    new Promise((resolve) => {
      const tick = counter(RECEIVE, resolve);
      rxjsWebSocket<unknown>({ url, WebSocketCtor: WebSocket as never, deserializer: (e) => e.data }).subscribe(() =>
        tick(),
      );
    }),
  'rxjs webSocket (JSON)': (url) =>
    new Promise((resolve) => {
      const tick = counter(RECEIVE, resolve);
      rxjsWebSocket<{ id: number }>({ url, WebSocketCtor: WebSocket as never }).subscribe((m) => m.id === 1 && tick());
    }),
  'webSocket() subject (JSON)': (url) =>
    new Promise((resolve) => {
      const tick = counter(RECEIVE, resolve);
      webSocket<{ id: number }>({ url, WebSocketCtor: RxWs }).subscribe((m) => m.id === 1 && tick());
    }),
};

/** Sends SEND messages in one synchronous loop, then waits until every byte is handed to the kernel. */
async function sendAll(send: (payload: string) => void, buffered: () => number): Promise<Result> {
  const payload = 'x'.repeat(100);
  const cpu = process.cpuUsage();
  const start = performance.now();
  for (let i = 0; i < SEND; i++) send(payload);
  while (buffered() > 0) await new Promise((resolve) => setImmediate(resolve));
  const seconds = (performance.now() - start) / 1000;
  const used = process.cpuUsage(cpu);
  return { cpuNs: (used.user * 1000) / SEND, sysNs: (used.system * 1000) / SEND, perSecond: SEND / seconds };
}

const senders: Record<string, (url: string) => Promise<Result>> = {
  'ws.send': async (url) => {
    const ws = new WebSocket(url);
    await new Promise((resolve) => ws.once('open', resolve));
    return sendAll(
      (payload) => ws.send(payload),
      () => ws.bufferedAmount,
    );
  },
  'RxWebSocket.send (coalesceSends: false)': async (url) => {
    const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike, coalesceSends: false });
    await firstValueFrom(socket.open$);
    return sendAll(
      (payload) => socket.send(payload),
      () => socket.bufferedAmount,
    );
  },
  'RxWebSocket.send (default: coalesced)': async (url) => {
    const socket = new RxWebSocket(url, [], { WebSocket: WebSocket as WebSocketConstructorLike });
    await firstValueFrom(socket.open$);
    return sendAll(
      (payload) => socket.send(payload),
      () => socket.bufferedAmount,
    );
  },
};

type Opened = () => void;
const idle: Record<string, (url: string) => Promise<Result>> = {
  'ws idle': (url) => idleHeap(() => new WebSocket(url)),
  'ws idle, onmessage + onclose set': (url) =>
    idleHeap(() => {
      const ws = new WebSocket(url);
      ws.onmessage = () => {};
      ws.onclose = () => {};
      return ws;
    }),
  'RxWebSocket idle': (url) => idleHeap(() => new RxWebSocket(url, [], { WebSocket: RxWs })),
  // As the README's examples wait for the open: firstValueFrom(socket.open$).
  'RxWebSocket idle, open$ awaited': (url) =>
    idleHeap(() => {
      const socket = new RxWebSocket(url, [], { WebSocket: RxWs });
      void firstValueFrom(socket.open$);
      return socket;
    }),
  'RxWebSocket idle, data$ subscribed': (url) =>
    idleHeap(() => {
      const socket = new RxWebSocket(url, [], { WebSocket: RxWs });
      socket.data$.subscribe();
      return socket;
    }),
  'fromWebSocket() idle, subscribed': (url) =>
    idleHeap((opened) => fromWebSocket({ url, WebSocket: RxWs }).subscribe(opened)),
  'fromWebSocket() + reconnect() idle': (url) =>
    idleHeap((opened) => fromWebSocket({ url, WebSocket: RxWs }).pipe(reconnect()).subscribe(opened)),
  // The pipeline as apps write it: each socket's messages parsed and validated.
  'fromWebSocket() + reconnect() + switchMap(data$) + json(schema) idle': (url) =>
    idleHeap((opened) =>
      fromWebSocket({ url, WebSocket: RxWs })
        .pipe(
          reconnect(),
          tap(opened),
          switchMap((socket) => socket.data$),
          json(Message),
        )
        .subscribe(),
    ),
  'webSocket() subject + reconnect() idle, subscribed': (url) =>
    idleHeap((opened) => {
      const subject = webSocket({ url, WebSocket: RxWs, reconnect: reconnect(), openObserver: { next: opened } });
      subject.subscribe();
      return subject;
    }),
  'webSocket() subject idle, subscribed': (url) =>
    idleHeap((opened) => {
      const subject = webSocket({ url, WebSocketCtor: RxWs, openObserver: { next: opened } });
      subject.subscribe();
      return subject;
    }),
  'rxjs webSocket idle': (url) =>
    idleHeap((opened) => {
      const subject = rxjsWebSocket({ url, WebSocketCtor: WebSocket as never, openObserver: { next: opened } });
      subject.subscribe();
      return subject;
    }),
};

/**
 * Heap per idle connection: after 200 warm-up connections (code compiled and caches filled on first use are
 * one-off costs), opens IDLE more, waits until every one is open, collects garbage and divides the growth.
 * Sockets are seen open by their readyState; the subjects, which hide theirs, call `opened`.
 */
async function idleHeap(open: (opened: Opened) => unknown): Promise<Result> {
  const gc = (globalThis as { gc?: () => void }).gc as () => void;
  let open_ = 0;
  const opened = () => {
    open_++;
  };
  const keep: unknown[] = [];
  const settle = async () => {
    const deadline = performance.now() + 30_000;
    const count = () => open_ + keep.filter((k) => (k as { readyState?: unknown }).readyState === 1).length;
    while (count() < keep.length && performance.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (count() < keep.length) throw new Error(`only ${count()} of ${keep.length} connections opened`);
    gc();
    gc();
  };
  for (let i = 0; i < 200; i++) keep.push(open(opened));
  await settle();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < IDLE; i++) keep.push(open(opened));
  await settle();
  const kb = (process.memoryUsage().heapUsed - before) / 1024 / IDLE;
  return { kbPerConnection: kb, kept: keep.length };
}

/** In-process wrapper cost with the fake socket: ns per message over a bare listener. */
function wrapperCost(): Result {
  const N = 5_000_000;
  const fake = fakeWebSocket();
  const socket = new RxWebSocket('ws://x', [], { WebSocket: fake.WebSocket });
  fake.last.open();
  let sink = 0;
  const time = (work: () => void) => {
    const start = process.hrtime.bigint();
    work();
    return Number(process.hrtime.bigint() - start) / N;
  };
  // The baseline is the same fake socket with a plain listener: the difference is rx-websocket's cost.
  const bareFake = fakeWebSocket();
  const bareSocket = new bareFake.WebSocket('ws://x');
  bareSocket.addEventListener('message', (e) => {
    sink += (e as { data: string }).data.length;
  });
  const bare = time(() => {
    for (let i = 0; i < N; i++) bareFake.last.receive('x');
  });
  socket.data$.subscribe((d) => {
    sink += (d as string).length;
  });
  const viaData = time(() => {
    for (let i = 0; i < N; i++) fake.last.receive('x');
  });
  fake.last.sent.length = 0;
  const fakeSend = time(() => {
    for (let i = 0; i < N; i++) {
      fake.last.send('x');
      if (fake.last.sent.length > 1024) fake.last.sent.length = 0;
    }
  });
  const rxSend = time(() => {
    for (let i = 0; i < N; i++) {
      socket.send('x');
      if (fake.last.sent.length > 1024) fake.last.sent.length = 0;
    }
  });
  return { receiveNs: viaData - bare, sendNs: rxSend - fakeSend, sink };
}

/** A JSON message of 100 bytes, as the chat sends. */
const MESSAGE = { type: 'message', id: 12345, name: 'ada', text: 'x'.repeat(46), date: 1_700_000_000_000 };
const NEXT = Number(process.env.BENCH_NEXT ?? 1_000_000);

/**
 * In-process cost of `next()` on an open subject over the fake socket (no network): serializing, queue checks and
 * the socket's send, per 100-byte JSON message.
 */
function nextCost(make: (WebSocket: WebSocketConstructorLike) => { next(value: unknown): void; subscribe(): unknown }) {
  const fake = fakeWebSocket();
  const subject = make(fake.WebSocket);
  subject.subscribe();
  fake.last.open();
  const loop = (count: number) => {
    for (let i = 0; i < count; i++) {
      subject.next(MESSAGE);
      if (fake.last.sent.length > 1024) fake.last.sent.length = 0;
    }
  };
  loop(NEXT / 10); // warm-up
  const start = process.hrtime.bigint();
  loop(NEXT);
  return { ns: Number(process.hrtime.bigint() - start) / NEXT };
}

const nexts: Record<string, () => Result> = {
  'JSON.stringify + socket.send (no subject)': () =>
    nextCost((W) => {
      const socket = new W('ws://x') as unknown as { send(data: string): void };
      return { next: (value) => socket.send(JSON.stringify(value)), subscribe: () => undefined };
    }),
  'rxjs webSocket next()': () => nextCost((W) => rxjsWebSocket({ url: 'ws://x', WebSocketCtor: W as never })),
  'webSocket() next()': () => nextCost((W) => webSocket({ url: 'ws://x', WebSocket: W })),
};

if (process.env.BENCH_CONTENDER) {
  const name = process.env.BENCH_CONTENDER;
  const url = process.env.BENCH_URL as string;
  const inProcess = name === 'wrapper' ? wrapperCost : nexts[name];
  const run = inProcess ? async () => inProcess() : (receivers[name] ?? senders[name] ?? idle[name]);
  const result = await (run as (url: string) => Promise<Result>)(url);
  console.log(JSON.stringify(result));
  process.exit(0);
}

function startServer(args: string[]): Promise<{ url: string; child: ChildProcess }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [serverScript, ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const message = JSON.parse(line) as { port?: number };
      if (message.port !== undefined) resolve({ url: `ws://127.0.0.1:${message.port}`, child });
    });
  });
}

async function measure(name: string, serverArgs: string[]): Promise<Result> {
  const server = await startServer(serverArgs);
  let output: string;
  try {
    output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', self], {
      env: { ...process.env, BENCH_CONTENDER: name, BENCH_URL: server.url },
      encoding: 'utf8',
      maxBuffer: 1 << 20,
    });
  } finally {
    server.child.kill(); // also when the contender failed: no server is left behind
  }
  return JSON.parse(output.trim().split('\n').at(-1) as string) as Result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
async function rounds(names: string[], serverArgs: string[]) {
  const results = new Map<string, Result[]>(names.map((n) => [n, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of names) results.get(name)?.push(await measure(name, serverArgs));
  }
  type Key = string | ((result: Result) => number);
  const values = (name: string, key: Key) =>
    (results.get(name) ?? []).map((r) => (typeof key === 'string' ? (r[key] as number) : key(r)));
  const get = (name: string, key: Key) => median(values(name, key));
  /** The median over rounds of name/base measured in the same round: steadier than a ratio of medians. */
  get.ratio = (name: string, base: string, key: Key) => {
    const b = values(base, key);
    return median(values(name, key).map((x, round) => x / (b[round] as number)));
  };
  return get;
}

// BENCH_PARTS=receive,send,wrapper,memory runs only those parts; BENCH_ONLY=name,name only those receive
// contenders (the baselines always run).
const parts = process.env.BENCH_PARTS?.split(',');
const part = (name: string) => !parts || parts.includes(name);
const only = process.env.BENCH_ONLY?.split(',');
const receiveNames = Object.keys(receivers).filter(
  (name) => !only || only.includes(name) || name.startsWith('ws onmessage'),
);
if (part('receive')) {
  const receive = await rounds(receiveNames, ['flood-text', '0', String(RECEIVE), '100']);
  console.log(
    `\n### Receive: ${RECEIVE} text messages of 100 bytes\n\n${ROUNDS} rounds, medians, fresh processes; ratios are medians of the ratio within each round.\n`,
  );
  console.log(
    '| contender | messages/s | user CPU ns/message | ratio to ws onmessage | ratio to ws onmessage + JSON.parse |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const name of receiveNames) {
    const rate = receive(name, 'perSecond');
    const parses = /JSON|json/.test(name);
    const ratio = receive.ratio(name, parses ? 'ws onmessage + JSON.parse' : 'ws onmessage (string)', 'perSecond');
    console.log(
      `| ${name} | ${(rate / 1e6).toFixed(2)}M | ${receive(name, 'cpuNs').toFixed(0)} | ${parses ? '' : `${ratio.toFixed(2)}x`} | ${parses ? `${ratio.toFixed(2)}x` : ''} |`,
    );
  }
}

if (part('send')) {
  const send = await rounds(Object.keys(senders), ['sink', '0']);
  console.log(
    `\n### Send: ${SEND} text messages of 100 bytes in one synchronous loop, until every byte reached the kernel\n`,
  );
  console.log(
    '| contender | messages/s | user CPU ns/message | system CPU ns/message | throughput ratio to ws.send | CPU (user + system) ratio to ws.send |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  const total = (r: Result) => (r.cpuNs as number) + (r.sysNs as number);
  for (const name of Object.keys(senders)) {
    console.log(
      `| ${name} | ${(send(name, 'perSecond') / 1e6).toFixed(2)}M | ${send(name, 'cpuNs').toFixed(0)} | ${send(name, 'sysNs').toFixed(0)} | ${send.ratio(name, 'ws.send', 'perSecond').toFixed(2)}x | ${send.ratio(name, 'ws.send', total).toFixed(2)}x |`,
    );
  }
}

if (part('wrapper')) {
  const wrapper = await rounds(['wrapper'], ['sink', '0']);
  console.log('\n### Wrapper cost in-process (fake socket)\n');
  console.log('| path | ns/message over the bare runtime |');
  console.log('| --- | ---: |');
  console.log(`| receive (data$) | ${wrapper('wrapper', 'receiveNs').toFixed(1)} |`);
  console.log(`| send (RxWebSocket.send over the socket's send) | ${wrapper('wrapper', 'sendNs').toFixed(1)} |`);
}

if (part('next')) {
  const next = await rounds(Object.keys(nexts), ['sink', '0']);
  console.log(`\n### Subject next(): ${NEXT} JSON messages of 100 bytes on an open subject over the fake socket\n`);
  console.log('| contender | ns/message | ratio to rxjs webSocket |');
  console.log('| --- | ---: | ---: |');
  for (const name of Object.keys(nexts)) {
    console.log(
      `| ${name} | ${next(name, 'ns').toFixed(0)} | ${next.ratio(name, 'rxjs webSocket next()', 'ns').toFixed(2)}x |`,
    );
  }
}

if (part('memory')) {
  const memory = await rounds(Object.keys(idle), ['sink', '0']);
  console.log(
    `\n### Memory per idle connection (${IDLE} connections after 200 warm-up ones, every one open, heap after GC)\n`,
  );
  console.log('| contender | heap KB/connection | ratio to ws |');
  console.log('| --- | ---: | ---: |');
  for (const name of Object.keys(idle)) {
    console.log(
      `| ${name} | ${memory(name, 'kbPerConnection').toFixed(1)} | ${memory.ratio(name, 'ws idle', 'kbPerConnection').toFixed(2)}x |`,
    );
  }
}
