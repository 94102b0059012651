// `npm run size`: minified + gzipped sizes of what an app bundles from rx-websocket (rxjs left out, as apps have it
// already), beside the libraries it replaces, against the budgets below; and which modules each bundle holds, so that
// a feature reaches a bundle only when the app imports it. Exits 1 when a budget or a tree-shaking rule is broken.
import { existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

// Budgets (bytes, min+gz, rxjs external): the current sizes plus a little headroom, so that growth is a decision.
// Each change, and what it bought, is recorded in BENCHMARKS.md ("Budget history") and in git. Targets are issue
// 18's: where the library must get to (shown, not yet enforced where not met).
const ENTRIES = {
  RxWebSocket: { code: "export { RxWebSocket } from './dist/esm/index.js';", budget: 6800, target: 3072 },
  'webSocket (rxjs config keys)': {
    code: "export { webSocket } from './dist/esm/index.js';",
    budget: 12050,
    target: 4096,
  },
  'webSocket + reconnect': { code: "export { webSocket, reconnect } from './dist/esm/index.js';", budget: 14600 },
  'fromWebSocket + reconnect + json': {
    code: "export { fromWebSocket, reconnect, json } from './dist/esm/index.js';",
    budget: 11950,
  },
  everything: { code: "export * from './dist/esm/index.js';", budget: 27150, target: 12288 },
  testing: { code: "export * from './dist/esm/testing/index.js';", budget: 1050 },
};

// Modules a bundle must not hold: features come only with their import, and the server runtimes' transports never reach a browser.
const NODE_ONLY = ['transport/ws.js', 'transport/deno.js', 'transport/immediates.js', 'transport/server-transport.js'];
const FEATURES = [
  'reconnect/reconnect.js',
  'reconnect/heartbeat.js',
  'reconnect/backoff.js',
  'backpressure/buffered-amount.js',
  'backpressure/send-stream.js',
  'backpressure/receive.js',
  'socket/web-socket-stream.js',
  'share/',
  'delivery/delivery.js',
  'subject/requests.js',
  'queue/bounded-queue.js',
  'queue/queue-options.js',
];
const MUST_NOT_HOLD = {
  RxWebSocket: [...NODE_ONLY, ...FEATURES, 'subject/', 'messages/', 'reconnect/'],
  // The subject drives the runtime's socket itself: no RxWebSocket, its streams or fromWebSocket().
  'webSocket (rxjs config keys)': [
    ...NODE_ONLY,
    ...FEATURES,
    'rx-websocket.js',
    'socket/streams.js',
    'from-websocket.js',
  ],
  'webSocket + reconnect': [
    ...NODE_ONLY,
    'backpressure/buffered-amount.js',
    'backpressure/send-stream.js',
    'rx-websocket.js',
    'socket/streams.js',
    'from-websocket.js',
  ],
  everything: NODE_ONLY,
};

if (!existsSync('dist/esm/index.js')) {
  console.error('Run `npm run build` first.');
  process.exit(1);
}

async function bundle(contents, external = ['rxjs']) {
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
    metafile: true,
  });
  const code = result.outputFiles[0].contents;
  // The modules that put bytes into the output (those esbuild read and shook out entirely are listed with 0).
  const [output] = Object.values(result.metafile.outputs);
  const inputs = Object.entries(output.inputs)
    .filter(([, { bytesInOutput }]) => bytesInOutput > 0)
    .map(([input]) => input);
  return { min: code.length, gz: gzipSync(code, { level: 9 }).length, inputs };
}

const kb = (n) => `${(n / 1024).toFixed(2)} KB`;
const problems = [];
console.log('| bundle | minified | min+gz | budget | target |');
console.log('| --- | ---: | ---: | ---: | ---: |');
for (const [name, { code, budget, target }] of Object.entries(ENTRIES)) {
  const { min, gz, inputs } = await bundle(code);
  if (gz > budget) problems.push(`${name}: ${kb(gz)} is over its budget of ${kb(budget)}`);
  for (const forbidden of MUST_NOT_HOLD[name] ?? []) {
    const held = inputs.filter((input) => input.includes(`dist/esm/${forbidden}`));
    if (held.length) problems.push(`${name} holds ${held.join(', ')}, which it does not import`);
  }
  const mark = target === undefined ? '' : gz <= target ? `${kb(target)} met` : kb(target);
  console.log(`| rx-websocket ${name} | ${kb(min)} | ${kb(gz)} | ${kb(budget)} | ${mark} |`);
}
// What rxjs/webSocket adds to an app that has rxjs's core classes already: the difference of two bundles.
const core = "export { Observable, Subject, ReplaySubject, Subscriber, Subscription } from 'rxjs';";
const withCore = await bundle(core, []);
const withWebSocket = await bundle(`${core} export { webSocket } from 'rxjs/webSocket';`, []);
console.log(
  `| rxjs webSocket beyond rxjs's core classes | ${kb(withWebSocket.min - withCore.min)} | ${kb(withWebSocket.gz - withCore.gz)} | | |`,
);
const peers = [
  ['rxjs webSocket (with the rxjs it pulls in)', "export { webSocket } from 'rxjs/webSocket';"],
  ['partysocket (WebSocket)', "export { WebSocket } from 'partysocket';"],
  ['reconnecting-websocket', "export { default } from 'reconnecting-websocket';"],
];
for (const [name, code, external = []] of peers) {
  const { min, gz } = await bundle(code, external);
  console.log(`| ${name} | ${kb(min)} | ${kb(gz)} | | |`);
}
if (problems.length) {
  console.error(`\n${problems.join('\n')}`);
  process.exit(1);
}
