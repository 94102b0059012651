// `npm run bench`: runs every benchmark in bench/ in turn and prints Markdown tables.
import { execFileSync } from 'node:child_process';

const benchmarks = ['throughput.ts', 'json.ts', 'reconnect-storm.ts', 'backpressure.ts'];
console.log(`# rx-websocket benchmarks\n\nNode ${process.version}, ${process.platform} ${process.arch}.`);
for (const file of benchmarks) {
  execFileSync(process.execPath, ['--import', 'tsx', new URL(file, import.meta.url).pathname], { stdio: 'inherit' });
}
