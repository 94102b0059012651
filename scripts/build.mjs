// Builds dist/esm (ESM + declarations) and dist/cjs (CommonJS + declarations) with plain tsc.
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
rmSync('dist', { recursive: true, force: true });
// The Angular entry point is built on its own: Angular's declarations need the DOM library, the rest must not.
for (const config of [
  'tsconfig.build.json',
  'tsconfig.cjs.json',
  'tsconfig.angular.json',
  'tsconfig.angular-cjs.json',
]) {
  execFileSync(process.execPath, [tsc, '-p', config], { stdio: 'inherit' });
}
mkdirSync('dist/cjs', { recursive: true });
writeFileSync('dist/cjs/package.json', '{ "type": "commonjs" }\n');
console.log('built dist/esm and dist/cjs');
