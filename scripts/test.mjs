// `npm test`: type-check, lint, build, then every vitest layer (unit, marbles, fake socket,
// mock-socket, real ws/undici on loopback, package, examples, e2e and headless Chromium), then a 60-second
// soak, the size budgets, the API documentation build and the package checks. Prints the plain line "N passed, N failed, N skipped" that CI reads.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const bin = (pkg, file) => join('node_modules', pkg, file);
const ci = Boolean(process.env.CI);
const vitestArgs = process.argv.slice(2);

function step(name, file, args, env = process.env) {
  console.log(`\n▶ ${name}`);
  const result = spawnSync(process.execPath, [file, ...args], { stdio: 'inherit', env });
  return result.status ?? 1;
}

const failures = [];
const check = (name, file, args, env) => {
  if (step(name, file, args, env) !== 0) failures.push(name);
};

check('type-check (src, tests, examples)', bin('typescript', 'bin/tsc'), ['-p', 'tsconfig.json', '--noEmit']);
check('lint and format (biome)', bin('@biomejs/biome', 'bin/biome'), ['check', '.']);
check('build (ESM, CommonJS, declarations)', 'scripts/build.mjs', []);

const report = '.vitest-report.json';
rmSync(report, { force: true });
check('tests (vitest)', bin('vitest', 'vitest.mjs'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
  ...vitestArgs,
]);

// 60 s of seeded chaos against the built package (bench/tsconfig.json has no paths to src/). Skipped only
// when vitest was given a filter (`npm test -- some-file`).
if (!vitestArgs.length) {
  check(
    'soak (60 s of seeded chaos; `npm run soak -- --minutes N --seed S` for longer)',
    '--expose-gc',
    ['--import', 'tsx', 'scripts/soak.ts', '--minutes', '1', '--seed', process.env.SOAK_SEED ?? '1'],
    { ...process.env, TSX_TSCONFIG_PATH: 'bench/tsconfig.json' },
  );
  check(
    'soak with delivery() (60 s: no loss in dead sockets, every message acknowledged or reported failed)',
    '--expose-gc',
    ['--import', 'tsx', 'scripts/soak.ts', '--minutes', '1', '--seed', process.env.SOAK_SEED ?? '1', '--delivery'],
    { ...process.env, TSX_TSCONFIG_PATH: 'bench/tsconfig.json' },
  );
}

check('bundle size budgets', 'scripts/size.mjs', []);
check('API documentation (typedoc)', bin('typedoc', 'bin/typedoc'), []);
check('API documentation: @param, @returns and @example on every export', 'scripts/docs-check.mjs', []);
check('package exports (publint)', bin('publint', 'src/cli.js'), ['run', '--strict']);
check('package types (attw, node16 and bundler)', bin('@arethetypeswrong/cli', 'dist/index.js'), [
  '--pack',
  '.',
  '--profile',
  'node16',
]);

let passed = 0;
let failed = 0;
let skipped = 0;
let browserPassed = 0;
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'));
  passed = json.numPassedTests;
  failed = json.numFailedTests;
  skipped = json.numPendingTests + json.numTodoTests;
  for (const file of json.testResults) {
    if (file.name.includes('/test/browser/')) {
      browserPassed += file.assertionResults.filter((t) => t.status === 'passed').length;
    }
  }
} else {
  failures.push('no vitest report was written');
}
if (browserPassed === 0 && !vitestArgs.length) {
  const message = 'Browser tests did not run (no Chromium found): see the warning above.';
  if (ci) failures.push(message);
  else console.warn(`\n!! ${message}\n`);
}

console.log(`\n${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failures.length > 0) {
  console.error(`\nFailed: ${failures.join('; ')}`);
  process.exit(1);
}
