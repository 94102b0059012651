// The README's TypeScript is real code: every ```ts block is written out as its own module and type-checked with
// strict settings (those of tsconfig.json) against the BUILT package, as an app that installed rx-websocket sees
// it; the headline example (the first ts block) also runs, against a local ws server.
//
// How `rx-websocket` resolves to the build: the blocks are written into a scratch directory inside the repository
// (.readme-check/, gitignored) with no package.json of their own, so the repository's package.json is theirs and
// `import 'rx-websocket'` is a package self-reference, resolved through its `exports` to dist/ (TypeScript's
// NodeNext resolution and Node's both do this); the scratch tsconfig.json has no `paths` to src/.
//
// The headline runs with tsx in that directory (TSX_TSCONFIG_PATH names the scratch tsconfig.json, so tsx does not
// pick up the root one's `paths`), with ws's WebSocket as the global where the runtime has none, and its URL
// replaced by a local server's on 127.0.0.1:0. The server answers the block's message and closes with 1000, after
// which the block's reconnect() policy stops and the program ends by itself; after HEADLINE_TIMEOUT it is killed.
//
// Exceptions: a block preceded by `<!-- readme-check: skip (why) -->` is not checked; they are few (signature
// listings, which are not code) and counted below. Each block gets `export {};` appended, so that blocks without
// imports are modules too and cannot see each other's declarations; the lines above it are the README's own.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { type CodeBlock, extractBlocks } from './blocks.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url)).replace(/[\\/]$/, '');
const README = join(ROOT, 'README.md');
const SCRATCH = join(ROOT, '.readme-check');
/** At least this many ts blocks: the extraction cannot silently find none. */
const MIN_TS_BLOCKS = 20;
/** At most this many may be skipped: exceptions stay exceptions. */
const MAX_SKIPPED = 3;
/** The headline's URL, replaced by the local server's when it runs. */
const HEADLINE_URL = 'wss://example.com/chat';
/** How long the headline may run before it is killed and the test fails. */
const HEADLINE_TIMEOUT = 20_000;
/** How long Angular's compiler may take over the Angular blocks before the test fails. */
const NGC_TIMEOUT = 60_000;

// tsconfig.json's strict settings, without `paths` (the blocks must reach the build, not src/), plus
// noUnused* and experimentalDecorators for the Angular blocks (tsc accepts their decorators either way; this keeps the check
// independent of TypeScript's default).
const compilerOptions = {
  target: 'ES2022',
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  lib: ['ES2022', 'DOM', 'DOM.Iterable'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  noImplicitOverride: true,
  noFallthroughCasesInSwitch: true,
  // Vite's and other templates' settings: a block that declares what it never uses fails in those apps.
  noUnusedLocals: true,
  noUnusedParameters: true,
  noPropertyAccessFromIndexSignature: false,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  skipLibCheck: true,
  noEmit: true,
  experimentalDecorators: true,
};

const markdown = readFileSync(README, 'utf8');
const { blocks, markers } = extractBlocks(markdown);
const tsBlocks = blocks.filter((block) => block.lang === 'ts');
const checked = tsBlocks.filter((block) => block.skip === undefined);
const skipped = tsBlocks.filter((block) => block.skip !== undefined);

let dir = '';
const fileOf = new Map<string, CodeBlock>();
const fileName = (block: CodeBlock) => `block-L${String(block.fenceLine).padStart(4, '0')}.ts`;

/** Fails the test that needs the build, with what to do, when dist/ is missing. */
function assertBuilt(): void {
  for (const built of ['dist/esm/index.d.ts', 'dist/esm/index.js', 'dist/esm/testing/index.d.ts']) {
    if (!existsSync(join(ROOT, built))) {
      throw new Error(
        `${built} is missing: the README blocks are checked against the built package. Run \`npm run build\` first ` +
          '(`npm test` builds before running vitest).',
      );
    }
  }
}

beforeAll(() => {
  mkdirSync(SCRATCH, { recursive: true });
  dir = mkdtempSync(join(SCRATCH, 'run-'));
  writeFileSync(join(dir, 'tsconfig.json'), `${JSON.stringify({ compilerOptions }, null, 2)}\n`);
  for (const block of checked) {
    const file = join(dir, fileName(block)).split(sep).join('/'); // as TypeScript names it
    writeFileSync(file, `${block.code}\nexport {};\n`);
    fileOf.set(file, block);
  }
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('README.md', () => {
  it(`has at least ${MIN_TS_BLOCKS} ts blocks, and skips at most ${MAX_SKIPPED}, each with a reason`, () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(MIN_TS_BLOCKS);
    expect(skipped.length).toBeLessThanOrEqual(MAX_SKIPPED);
    // Every marker sits just before a ts block (blank lines aside): none is stray, none skips another language.
    const marked = blocks.filter((block) => block.skip !== undefined);
    expect(marked.length, `markers at lines ${markers.map((m) => m.line).join(', ')}`).toBe(markers.length);
    expect(marked.filter((block) => block.lang !== 'ts')).toEqual([]);
    // The headline is checked and run, never skipped.
    expect(tsBlocks[0]?.skip).toBeUndefined();
  });

  it('every ts block type-checks, strict, against the built package', () => {
    assertBuilt();
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(dir, 'tsconfig.json'),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
          throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
        },
      },
    );
    if (!parsed) throw new Error('the scratch tsconfig.json could not be read');
    expect(parsed.errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    const program = ts.createProgram([...fileOf.keys()], parsed.options);

    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => describeDiagnostic(diagnostic));
    expect(problems, `README blocks that do not compile:\n${problems.join('\n')}`).toEqual([]);

    // The imports reached dist/, through the package's exports, and never src/.
    const sources = program.getSourceFiles().map((file) => relative(ROOT, file.fileName).split(sep).join('/'));
    expect(sources).toContain('dist/esm/index.d.ts');
    expect(sources).toContain('dist/esm/testing/index.d.ts');
    expect(sources.filter((file) => file.startsWith('src/'))).toEqual([]);
  }, 120_000);

  // tsc reads a component's template as a string; only Angular's compiler checks it (an element that is not
  // imported, a member that does not exist). The blocks that import from @angular/ go through ngc as well, with the
  // same strict settings and strictTemplates, as `ng build` compiles an app.
  it(
    "the Angular blocks compile under Angular's compiler, templates included (strictTemplates)",
    async () => {
      assertBuilt();
      const angular = [...fileOf].filter(([, block]) => block.code.includes("from '@angular/"));
      expect(angular.length, 'README ts blocks importing @angular/').toBeGreaterThanOrEqual(3);
      const config = join(dir, 'tsconfig.angular.json');
      writeFileSync(
        config,
        `${JSON.stringify(
          {
            compilerOptions,
            angularCompilerOptions: { strictTemplates: true, strictInjectionParameters: true },
            files: angular.map(([file]) => relative(dir, file).split(sep).join('/')),
          },
          null,
          2,
        )}\n`,
      );
      const ngc = join(ROOT, 'node_modules/@angular/compiler-cli/bundles/src/bin/ngc.js');
      const { code, stdout, stderr, timedOut } = await run([ngc, '-p', config], NGC_TIMEOUT);
      // ngc names the scratch files; the README line is the block's fence line plus the line in the file.
      const output = stripVTControlCharacters(`${stdout}${stderr}`).replace(
        /block-L(\d+)\.ts/g,
        (_, fence: string) => `README.md block at line ${Number(fence)}`,
      );
      expect(timedOut, output).toBe(false);
      expect(output.trim()).toBe('');
      expect(code, output).toBe(0);
    },
    NGC_TIMEOUT + 10_000,
  );

  it('every spec block runs as written: it is, verbatim, a test file of the browser project', () => {
    // A block whose first line names a spec file (`// chat.spec.ts`) is meant to be pasted as one. The browser project
    // runs it as test/browser/readme/chat.test.ts: the setup file's import, then the block.
    const specs = tsBlocks.filter((block) => /^\/\/ [\w.-]+\.spec\.ts\n/.test(block.code));
    expect(specs.length).toBeGreaterThanOrEqual(2);
    for (const block of specs) {
      const name = /^\/\/ ([\w.-]+)\.spec\.ts/.exec(block.code)?.[1];
      const file = join(ROOT, 'test', 'browser', 'readme', `${name}.test.ts`);
      expect(existsSync(file), `README.md:${block.fenceLine}: ${relative(ROOT, file)} is missing`).toBe(true);
      expect(readFileSync(file, 'utf8'), `README.md:${block.fenceLine}: ${relative(ROOT, file)} differs`).toContain(
        block.code,
      );
    }
  });

  it(
    'the headline example runs: it sends its message to a local server and prints the reply',
    async () => {
      assertBuilt();
      const headline = tsBlocks[0];
      if (!headline) throw new Error('README.md has no ts block');
      expect(headline.code.split(`'${HEADLINE_URL}'`).length - 1, `the headline's URL '${HEADLINE_URL}'`).toBe(1);

      // The server answers each chat message with one of its own, then closes normally (1000): the headline's
      // reconnect() policy does not reconnect after 1000, so its program ends by itself.
      const received: unknown[] = [];
      const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve, reject) => {
        server.once('listening', resolve);
        server.once('error', reject);
      });
      server.on('connection', (socket) =>
        socket.on('message', (data) => {
          const message = JSON.parse(String(data)) as { type?: unknown; text?: unknown };
          received.push(message);
          socket.send(JSON.stringify({ type: 'message', name: 'readme-check', text: `got ${String(message.text)}` }));
          socket.close(1000, 'done');
        }),
      );
      try {
        const url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/chat`;
        const file = join(dir, 'headline.run.ts');
        writeFileSync(file, `${headline.code.replace(`'${HEADLINE_URL}'`, `'${url}'`)}\nexport {};\n`);
        // Node 20 has no global WebSocket (browsers and Node 22+ do): the headline gets ws's there.
        writeFileSync(
          join(dir, 'globals.mjs'),
          "import { WebSocket } from 'ws';\nglobalThis.WebSocket ??= WebSocket;\n",
        );
        const { code, stdout, stderr, timedOut } = await run(
          ['--import', 'tsx', '--import', './globals.mjs', 'headline.run.ts'],
          HEADLINE_TIMEOUT,
        );
        const output = `exit ${code}${timedOut ? ` (killed after ${HEADLINE_TIMEOUT} ms)` : ''}\nstdout:\n${stdout}\nstderr:\n${stderr}`;
        expect(timedOut, output).toBe(false);
        expect(code, output).toBe(0);
        expect(stderr, output).toBe('');
        expect(received, output).toEqual([{ type: 'message', text: 'hello' }]);
        expect(stdout, output).toContain('readme-check: got hello');
      } finally {
        for (const client of server.clients) client.terminate();
        await new Promise((resolve) => server.close(resolve));
      }
    },
    HEADLINE_TIMEOUT + 10_000,
  );
});

function describeDiagnostic(diagnostic: ts.Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
  const { file, start } = diagnostic;
  if (!file || start === undefined) return `TS${diagnostic.code}: ${text}`;
  const { line, character } = file.getLineAndCharacterOfPosition(start);
  const block = fileOf.get(file.fileName);
  if (!block) return `${relative(ROOT, file.fileName)}:${line + 1}:${character + 1} TS${diagnostic.code}: ${text}`;
  return `README.md:${block.firstLine + line}:${character + 1} (the block at line ${block.fenceLine}) TS${diagnostic.code}: ${text}`;
}

/** Runs node in the scratch directory (tsx there reads the scratch tsconfig.json); kills it after `timeout` ms. */
function run(
  args: string[],
  timeout: number,
): Promise<{ code: number | null; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: dir,
      env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeout);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}
