// Deno's and Bun's own global WebSocket, which the README lists among the runtimes: the built package runs
// test/fixtures/runtime-probe.mjs in each (from the `deno` and `bun` npm packages, devDependencies), against the test
// server on 127.0.0.1, and every check of the standard's behaviour must hold. Deno reports code 0 for a link lost
// without a close frame: the "dropped link" check holds there only because close events carry the standard's 1006.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/test-server.js';

const RUNTIMES = {
  // Node's own node_modules for rxjs (no deno.json here), network to the test server, files to read the package.
  deno: ['node_modules/.bin/deno', ['run', '--node-modules-dir=manual', '--allow-net', '--allow-read']],
  bun: ['node_modules/.bin/bun', []],
} as const;

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly seen: unknown;
}

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe.each(Object.entries(RUNTIMES))('%s', (_name, [binary, args]) => {
  it('behaves as the standard says through RxWebSocket, webSocket(), fromWebSocket() and reconnect()', async () => {
    expect(existsSync(binary), `${binary} is missing: run npm install`).toBe(true);
    expect(existsSync('dist/esm/index.js'), 'run npm run build first').toBe(true);
    const output = await new Promise<string>((resolve, reject) => {
      execFile(
        binary,
        [...args, 'test/fixtures/runtime-probe.mjs', server.url],
        { timeout: 60_000, env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1' } },
        (error, stdout, stderr) =>
          error
            ? reject(new Error(`${error.message} (signal ${error.signal})\n${stdout}\n${stderr}`))
            : resolve(stdout),
      );
    });
    const checks = JSON.parse(output.trim().split('\n').at(-1) ?? '[]') as Check[];
    expect(checks.length).toBeGreaterThanOrEqual(15);
    expect(checks.filter((check) => !check.ok)).toEqual([]);
  }, 90_000);
});
