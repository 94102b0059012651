// `npm run bench`: runs every benchmark in bench/ in turn and prints Markdown tables.
import { execFileSync } from 'node:child_process';

// Every benchmark process resolves 'rx-websocket' to the built package (dist/), not to src/ through tsx.
process.env.TSX_TSCONFIG_PATH = new URL('./tsconfig.json', import.meta.url).pathname;

const benchmarks = [
  'throughput.ts',
  'json.ts',
  'queue.ts',
  'reconnect-storm.ts',
  'backpressure.ts',
  'browser-inbound.ts',
];
console.log(`# rx-websocket benchmarks\n\nNode ${process.version}, ${process.platform} ${process.arch}.`);
for (const file of benchmarks) {
  execFileSync(process.execPath, ['--import', 'tsx', new URL(file, import.meta.url).pathname], { stdio: 'inherit' });
}
