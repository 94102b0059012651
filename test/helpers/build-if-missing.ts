// Vitest global setup of the node project. The package, README and Deno/Bun tests read the built package in dist/;
// on a checkout never built, a direct `npx vitest run` builds it once here, before any test starts, rather than one
// test building it while others already read it. `npm test` builds first, so this does nothing there.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const BUILT = ['dist/esm/index.js', 'dist/esm/index.d.ts', 'dist/cjs/index.js'];

export default function buildIfMissing(): void {
  if (BUILT.every((file) => existsSync(file))) return;
  execFileSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
}
