// 1000 clients reconnecting after a server restart: do they all come back, and how evenly do their
// attempts spread? The server runs in a child process that is killed (no close frames) and started again
// on the same port after RESTART_MS. Every client uses the default backoff (full jitter).

import { reconnect, type WebSocketSubject, webSocket } from 'rx-websocket';
import { filter, firstValueFrom } from 'rxjs';
import { WebSocket } from 'ws';
import { startServerProcess } from '../test/helpers/server-process.js';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const RESTART_MS = Number(process.env.BENCH_RESTART_MS ?? 500);
const WINDOW_MS = 100;
const DEADLINE_MS = 120_000;

const server = await startServerProcess();
const attempts: number[] = [];
let measuring = false;
const clients: WebSocketSubject<unknown>[] = [];
for (let i = 0; i < CLIENTS; i++) {
  const live = webSocket<unknown>({
    url: server.url,
    WebSocket,
    reconnect: reconnect({
      maxAttempts: 1000,
      ...(process.env.BENCH_INITIAL_DELAY ? { initialDelay: Number(process.env.BENCH_INITIAL_DELAY) } : {}),
    }),
    deserializer: (event) => event.data,
  });
  live.state$.subscribe((state) => {
    if (measuring && state.status === 'connecting') attempts.push(performance.now());
  });
  live.subscribe({ error: () => {} });
  clients.push(live);
}
const allOpen = () =>
  Promise.all(clients.map((c) => firstValueFrom(c.state$.pipe(filter((s) => s.status === 'open')))));
await allOpen();

const killedAt = performance.now();
measuring = true;
await server.kill();
await firstValueFrom((clients[0] as WebSocketSubject<unknown>).state$.pipe(filter((s) => s.status === 'reconnecting')));
await new Promise((resolve) => setTimeout(resolve, RESTART_MS));
await server.restart();
const deadline = setTimeout(() => {
  console.error(`not every client came back within ${DEADLINE_MS} ms`);
  process.exit(1);
}, DEADLINE_MS);
await allOpen();
clearTimeout(deadline);
const backAt = performance.now();

attempts.sort((a, b) => a - b);
let busiest = 0;
for (let start = 0, end = 0; end < attempts.length; end++) {
  while ((attempts[end] as number) - (attempts[start] as number) >= WINDOW_MS) start++;
  busiest = Math.max(busiest, end - start + 1);
}
const share = busiest / attempts.length;
if (process.env.BENCH_HISTOGRAM) {
  const buckets = new Map<number, number>();
  for (const t of attempts)
    buckets.set(Math.floor((t - killedAt) / 100), (buckets.get(Math.floor((t - killedAt) / 100)) ?? 0) + 1);
  console.log([...buckets].map(([b, n]) => `${b * 100}ms:${n}`).join(' '));
}
console.log('\n### Reconnect storm\n');
console.log(
  `${CLIENTS} clients, default backoff (2 s initial, factor 2, full jitter); server killed, restarted ${RESTART_MS} ms later.\n`,
);
console.log('| clients back | attempts | busiest 100 ms window | share of attempts | all back after |');
console.log('| ---: | ---: | ---: | ---: | ---: |');
console.log(
  `| ${clients.filter((c) => c.state.status === 'open').length}/${CLIENTS} | ${attempts.length} | ${busiest} | ${(share * 100).toFixed(1)}% | ${((backAt - killedAt) / 1000).toFixed(1)} s |`,
);
console.log(`\nTarget: no 100 ms window holds more than 10% of the attempts: ${share <= 0.1 ? 'met' : 'MISSED'}.`);
await server.kill();
process.exit(share <= 0.1 ? 0 : 1);
