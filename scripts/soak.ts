// `npm run soak -- --minutes N --seed S [--clients C]`: seeded chaos over many reconnecting clients on
// loopback. A ws echo server in a child process crashes and restarts; a TCP proxy stalls the link (the
// heartbeat must notice); the server sends invalid JSON (json() must report it); clients unsubscribe and
// subscribe again; every client keeps sending numbered messages through a reconnecting webSocket() subject.
//
// Every message the library accepted (next() did not throw) must end up received by the
// server, reported on dropped$, or handed to a socket that then died abnormally (delivery across a drop is
// at most once: bytes in a dead socket's buffers are gone, and the library says so). Anything else is
// unreported loss and fails the run, as do duplicates and a client with two live sockets at once.
// With --delivery, clients send through delivery() and the server acknowledges and drops second copies: then no
// message may be lost in a dead socket either, each must end acknowledged or reported failed, and the server must
// take each once.
// Exit code 0 when every invariant held.

import { type ChildProcess, fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ConnectionState,
  type Delivery,
  delivery,
  json,
  reconnect,
  sendQueue,
  type WebSocketConstructorLike,
  type WebSocketSubject,
  webSocket,
} from 'rx-websocket';
import { type Subscription, tap } from 'rxjs';
import { WebSocket } from 'ws';
import { startTcpProxy } from '../test/helpers/tcp-proxy.js';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  const value = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(value) || value <= 0) throw new Error(`--${name} must be a positive number, got ${args[i + 1]}`);
  return value;
};
const minutes = arg('minutes', 1);
const seed = arg('seed', 1);
const CLIENTS = arg('clients', 40);
const withDelivery = args.includes('--delivery');
const durationMs = minutes * 60_000;

/** mulberry32: a small seeded PRNG, so a run can be replayed with its seed. */
function prng(state: number) {
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = prng(seed);
const between = (min: number, max: number) => min + Math.floor(random() * (max - min));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// --- the server process and its accounting ---------------------------------------------------------
const serverScript = fileURLToPath(new URL('./soak-server.mjs', import.meta.url));
const serverReceived = new Map<string, number>();
/** With --delivery: where the server keeps the ids it took, across its crashes. */
const store = join(tmpdir(), `rx-websocket-soak-${process.pid}.ids`);
let server!: ChildProcess;
let port = 0;
function startServer(): Promise<number> {
  return new Promise((resolve, reject) => {
    server = fork(serverScript, [String(port), withDelivery ? 'delivery' : 'echo', store], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      execArgv: [],
    });
    server.on('message', (message: { listening?: number; received?: string[]; error?: string }) => {
      if (message.listening !== undefined) resolve(message.listening);
      if (message.error) reject(new Error(`soak server: ${message.error}`));
      for (const text of message.received ?? []) {
        // Heartbeat pings are not the app's messages.
        if (text !== 'ping') serverReceived.set(text, (serverReceived.get(text) ?? 0) + 1);
      }
    });
  });
}
async function crashServer(): Promise<void> {
  const exited = new Promise((resolve) => server.once('exit', resolve));
  server.send({ crash: true });
  await exited;
}

// --- clients ---------------------------------------------------------------------------------------
interface Client {
  readonly id: number;
  readonly sockets: Array<WebSocket & { handed: string[]; abnormal: boolean }>;
  readonly accepted: string[];
  readonly reported: Set<string>;
  readonly echoes: Map<string, number>;
  /** Raw frames in, text out: json() is applied in the pipeline, as before. */
  readonly conn: WebSocketSubject<unknown, string>;
  subscription: Subscription | undefined;
  seq: number;
  invalid: number;
  /** Frames that reached data$ and are not JSON: json() must report exactly these. */
  notJson: number;
  maxLive: number;
  reconnects: number;
  /** With --delivery: the layer, the id of the message being sent, and each message's outcome. */
  readonly reliable: Delivery<unknown, string> | undefined;
  mid: string;
  readonly outcomes: Map<string, string>;
}

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => {
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
};

const proxyTarget = { port: 0 };
port = await startServer();
proxyTarget.port = port;
const proxy = await startTcpProxy(proxyTarget);
const heapBefore = heap();

function makeClient(id: number): Client {
  const sockets: Client['sockets'] = [];
  class Recorded extends WebSocket {
    handed: string[] = [];
    abnormal = false;
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this as unknown as Client['sockets'][number]);
      this.addEventListener('close', (event) => {
        if (!event.wasClean) this.abnormal = true;
      });
    }
    override send(data: unknown, ...rest: unknown[]): void {
      this.handed.push(String(data));
      (super.send as (...a: unknown[]) => void)(data, ...rest);
    }
  }
  let mids = 0;
  const reliable = withDelivery
    ? delivery<unknown, string>({
        id: () => {
          client.mid = `${id}-${++mids}`;
          return client.mid;
        },
        stamp: (text, mid) => JSON.stringify({ ...(JSON.parse(text) as object), id: mid }),
        ack: (data) =>
          typeof data === 'string' && data.startsWith('{"ack"') ? (JSON.parse(data) as { ack: string }).ack : undefined,
      })
    : undefined;
  const conn = webSocket<unknown, string>({
    ...(reliable ? { delivery: reliable } : {}),
    url: proxy.url(),
    WebSocket: Recorded as unknown as WebSocketConstructorLike,
    reconnect: reconnect({
      initialDelay: 200,
      maxDelay: 2000,
      environment: null,
      shouldReconnect: () => true,
      heartbeat: { interval: 400, timeout: 400, ping: 'ping', isPong: (data) => data === 'ping' },
    }),
    queue: sendQueue({ maxMessages: 100_000 }),
    serializer: (text) => text,
    deserializer: (event) => event.data,
  });
  const client: Client = {
    id,
    sockets,
    accepted: [],
    reported: new Set(),
    echoes: new Map(),
    conn,
    subscription: undefined,
    seq: 0,
    invalid: 0,
    notJson: 0,
    maxLive: 0,
    reconnects: 0,
    reliable,
    mid: '',
    outcomes: new Map(),
  };
  conn.dropped$.subscribe((message) => client.reported.add(String(message.data)));
  conn.state$.subscribe((state: ConnectionState) => {
    if (state.status === 'reconnecting') client.reconnects++;
    const live = sockets.filter((s) => s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING);
    client.maxLive = Math.max(client.maxLive, live.length);
  });
  return client;
}

function subscribe(client: Client): void {
  client.subscription = client.conn
    .pipe(
      tap((data) => {
        try {
          JSON.parse(String(data));
        } catch {
          client.notJson++;
        }
      }),
      json<{ c: number; s: number }>(undefined, { report: () => client.invalid++ }),
    )
    .subscribe({
      next: (message) => {
        const key = JSON.stringify(message);
        client.echoes.set(key, (client.echoes.get(key) ?? 0) + 1);
      },
      error: (error) => console.error(`client ${client.id} ended:`, error),
    });
}

const clients = Array.from({ length: CLIENTS }, (_, i) => makeClient(i));
for (const client of clients) subscribe(client);

// --- load and chaos --------------------------------------------------------------------------------
const counts = { restarts: 0, stalls: 0, badFrames: 0, toggles: 0 };
const started = Date.now();
let running = true;

const load = setInterval(() => {
  for (const client of clients) {
    if (random() < 0.5) continue;
    const text = JSON.stringify({ c: client.id, s: client.seq++ });
    const reliable = client.reliable;
    if (reliable) {
      // What the server receives is the stamped text: the message with its id.
      const receipts = reliable.send(text);
      const stamped = JSON.stringify({ ...(JSON.parse(text) as object), id: client.mid });
      client.accepted.push(stamped);
      receipts.subscribe({
        complete: () => client.outcomes.set(stamped, 'acknowledged'),
        error: (error: { reason?: string }) => {
          client.outcomes.set(stamped, error.reason ?? 'failed');
          client.reported.add(stamped);
        },
      });
      continue;
    }
    // The queue errs when full (its default rule): the message is refused, and the app is told at once.
    try {
      client.conn.next(text);
      client.accepted.push(text);
    } catch {
      client.reported.add(text);
    }
  }
}, 20);

async function chaos(): Promise<void> {
  while (running && Date.now() - started < durationMs) {
    await sleep(between(500, 2500));
    if (!running || Date.now() - started >= durationMs) break;
    const roll = random();
    if (process.env.SOAK_DEBUG) console.log(`  chaos ${roll.toFixed(2)} at ${Date.now() - started} ms`);
    if (roll < 0.25) {
      counts.restarts++;
      await crashServer();
      await sleep(between(100, 800));
      await startServer();
    } else if (roll < 0.5) {
      counts.stalls++;
      proxy.setMode('stall');
      await sleep(between(300, 1500));
      proxy.setMode('pass');
    } else if (roll < 0.7) {
      const n = between(1, 10);
      counts.badFrames += n;
      server.send({ bad: n });
    } else {
      counts.toggles++;
      const client = clients[between(0, clients.length)] as Client;
      client.subscription?.unsubscribe();
      await sleep(between(50, 500));
      subscribe(client);
    }
  }
}

const progress = setInterval(() => {
  const sent = clients.reduce((n, c) => n + c.accepted.length, 0);
  console.log(
    `  ${Math.round((Date.now() - started) / 1000)} s: ${sent} messages accepted, ${serverReceived.size} received`,
  );
}, 15_000);
await chaos();
running = false;
clearInterval(load);
clearInterval(progress);

// --- settle: every client open with an empty queue, the server's counts stable ----------------------
proxy.setMode('pass');
const settleDeadline = Date.now() + 30_000;
while (Date.now() < settleDeadline) {
  const before = serverReceived.size;
  await sleep(500);
  const settled = clients.every((c) => c.conn.state.status === 'open' && (c.reliable?.pending ?? 0) === 0);
  if (settled && serverReceived.size === before) break;
}

// --- the verdict -----------------------------------------------------------------------------------
let accepted = 0;
let delivered = 0;
let reported = 0;
let inFlight = 0;
let unreported = 0;
let duplicates = 0;
let echoDuplicates = 0;
let reconnects = 0;
let duplicateSockets = 0;
let invalid = 0;
let notJson = 0;
let acknowledged = 0;
let unsettled = 0;
const failedBy = new Map<string, number>();
const examples: string[] = [];
for (const client of clients) {
  const diedWith = new Set(
    client.sockets.filter((s) => s.abnormal || s.readyState !== WebSocket.OPEN).flatMap((s) => s.handed),
  );
  for (const text of client.accepted) {
    accepted++;
    if (serverReceived.has(text)) delivered++;
    else if (client.reported.has(text)) reported++;
    else if (diedWith.has(text)) inFlight++;
    else {
      unreported++;
      if (examples.length < 5) examples.push(text);
    }
  }
  for (const text of client.accepted) {
    const outcome = client.outcomes.get(text);
    if (!client.reliable) continue;
    if (outcome === undefined) unsettled++;
    else if (outcome === 'acknowledged') acknowledged++;
    else failedBy.set(outcome, (failedBy.get(outcome) ?? 0) + 1);
  }
  for (const [key, count] of client.echoes) if (count > 1 && !key.startsWith('{"ack"')) echoDuplicates++;
  reconnects += client.reconnects;
  invalid += client.invalid;
  notJson += client.notJson;
  if (client.maxLive > 1) duplicateSockets++;
}
for (const [text, count] of serverReceived) {
  if (count <= 1) continue;
  duplicates++;
  if (examples.length < 10) {
    const client = clients[(JSON.parse(text) as { c: number }).c] as Client;
    const where = client.sockets.flatMap((s, i) =>
      s.handed.includes(text) ? [`socket ${i} (${s.abnormal ? 'abnormal' : 'clean'})`] : [],
    );
    examples.push(`${text} x${count} handed by ${where.join(', ') || 'none'}`);
  }
}

for (const client of clients) {
  client.subscription?.unsubscribe();
  client.conn.complete();
}
await sleep(200);
// The runner's own bookkeeping goes before the heap is read, so what is left is the library's.
serverReceived.clear();
for (const client of clients) {
  client.accepted.length = 0;
  client.echoes.clear();
  client.reported.clear();
  client.sockets.length = 0;
  client.outcomes.clear();
}
const heapAfter = heap();
await proxy.close();
server.kill();
rmSync(store, { force: true });

const mb = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MB`;
const failedText = [...failedBy].map(([reason, n]) => `${n} ${reason}`).join(', ') || '0';
const deliveryRows = withDelivery
  ? `| acknowledged / reported failed / not settled | ${acknowledged} / ${failedText} / ${unsettled} |\n`
  : '';
console.log(`
## Soak${withDelivery ? ' with delivery()' : ''}: ${minutes} min, seed ${seed}, ${CLIENTS} clients

| measure | value |
| --- | ---: |
| server crashes and restarts | ${counts.restarts} |
| link stalls (half-open) | ${counts.stalls} |
| invalid JSON frames sent by the server / non-JSON frames received (pongs included) / reported by json() | ${counts.badFrames} / ${notJson} / ${invalid} |
| client unsubscribe/subscribe toggles | ${counts.toggles} |
| reconnects | ${reconnects} |
| messages accepted by ${withDelivery ? 'send()' : 'next()'} | ${accepted} |
| received by the server | ${delivered} |
| reported dropped (dropped$) | ${reported} |
| lost in a socket that died abnormally (${withDelivery ? 'must be 0 with delivery()' : 'at most once, by design'}) | ${inFlight} |
| **unreported loss** | **${unreported}** |
| duplicates at the server / in echoes | ${duplicates} / ${echoDuplicates} |
| clients that ever had two live sockets | ${duplicateSockets} |
| heap before / after (after GC) | ${mb(heapBefore)} / ${mb(heapAfter)} |
${deliveryRows}`);
const failures = [
  unreported > 0 && `unreported loss ${unreported} (e.g. ${examples.join(', ')})`,
  duplicates > 0 && `${duplicates} duplicates at the server (${examples.join('; ')})`,
  duplicateSockets > 0 && `${duplicateSockets} clients with two live sockets`,
  invalid !== notJson && `json() reported ${invalid} of the ${notJson} invalid frames received`,
  withDelivery && inFlight > 0 && `${inFlight} messages lost in a dead socket, with delivery()`,
  withDelivery && unsettled > 0 && `${unsettled} messages neither acknowledged nor reported failed`,
  withDelivery && echoDuplicates > 0 && `${echoDuplicates} messages echoed twice, with delivery()`,
  !gc && 'run with --expose-gc for the heap figures',
].filter(Boolean);
if (failures.length > 0) {
  console.error(`SOAK FAILED (seed ${seed}): ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`soak passed (seed ${seed})`);
process.exit(0);
