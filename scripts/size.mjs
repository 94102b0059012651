// `npm run size`: minified + gzipped sizes of rx-websocket's entry points (rxjs left out, as apps have
// it already) beside peer libraries, against the budgets below. Exits 1 when a budget is exceeded.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// Regression budgets (bytes, min+gz, rxjs external): the current sizes plus a little headroom, so that growth is
// a decision. Each raise, and what it bought, is recorded in BENCHMARKS.md ("Budget history") and in git.
const BUDGETS = { core: 7300, everything: 17600, testing: 1000 };
const TARGETS = { core: 1300, everything: 4000 };

if (!existsSync('dist/esm/index.js')) {
  console.error('Run `npm run build` first.');
  process.exit(1);
}

async function size(name, contents, external = ['rxjs']) {
  const result = await build({
    stdin: { contents, resolveDir: process.cwd(), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    external,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { name, min: code.length, gz: gzipSync(code, { level: 9 }).length };
}

const ours = [
  await size('core', "export { RxWebSocket, fromWebSocket } from './dist/esm/index.js';"),
  await size('everything', "export * from './dist/esm/index.js';"),
  await size('testing', "export * from './dist/esm/testing/index.js';"),
];
const peers = [
  await size('rxjs webSocket (with the rxjs it pulls in)', "export { webSocket } from 'rxjs/webSocket';", []),
  await size('partysocket (WebSocket)', "export { WebSocket } from 'partysocket';", []),
  await size('reconnecting-websocket', "export { default } from 'reconnecting-websocket';", []),
];

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
console.log('| bundle | minified | min+gz | budget | target |');
console.log('| --- | ---: | ---: | ---: | ---: |');
let over = false;
for (const { name, min, gz } of ours) {
  const budget = BUDGETS[name];
  if (gz > budget) over = true;
  console.log(
    `| rx-websocket ${name} | ${kb(min)} | ${kb(gz)} | ${kb(budget)}${gz > budget ? ' EXCEEDED' : ''} | ${TARGETS[name] ? kb(TARGETS[name]) : ''} |`,
  );
}
for (const { name, min, gz } of peers) console.log(`| ${name} | ${kb(min)} | ${kb(gz)} | | |`);
if (over) {
  console.error('\nA size budget is exceeded.');
  process.exit(1);
}
