// The built package as users get it: ESM and CommonJS entry points, no side effects at import.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const probe = (kind: 'esm' | 'cjs', target: string) =>
  JSON.parse(
    execFileSync(process.execPath, ['test/fixtures/import-probe.mjs', kind, target], { encoding: 'utf8' }),
  ) as {
    exported?: string[];
    failure?: string;
    trapped: string[];
    addedGlobals: string[];
    resourcesStarted: number;
    hasWebSocketGlobal: boolean;
  };

describe('the built package', () => {
  const entries = [
    ['esm', 'dist/esm/index.js'],
    ['cjs', 'dist/cjs/index.js'],
    ['esm', 'dist/esm/testing/index.js'],
    ['cjs', 'dist/cjs/testing/index.js'],
    ['esm', 'dist/esm/angular/index.js'],
    ['cjs', 'dist/cjs/angular/index.js'],
  ] as const;

  it.each(entries)(
    '%s %s imports on Node without a WebSocket global, touching no global and starting nothing',
    (kind, path) => {
      const result = probe(kind, path);
      expect(result.failure).toBeUndefined();
      expect(result.hasWebSocketGlobal).toBe(false);
      expect(result.trapped).toEqual([]);
      // Angular's own import defines its dev-mode globals (ngDevMode, devtoolsFormatters): only those are allowed.
      const allowed = path.includes('/angular/')
        ? probe(kind, 'node_modules/@angular/core/fesm2022/core.mjs')
        : undefined;
      expect(result.addedGlobals).toEqual(allowed?.addedGlobals ?? []);
      expect(result.resourcesStarted).toBe(allowed?.resourcesStarted ?? 0);
    },
  );

  it('exports the same names from ESM and CommonJS', () => {
    const esm = probe('esm', 'dist/esm/index.js').exported;
    // The three entry points, and none of the names they replaced (`connect` clashed with rxjs's operator).
    expect(esm).toEqual(expect.arrayContaining(['RxWebSocket', 'fromWebSocket', 'webSocket']));
    for (const gone of ['connect', 'connection', 'jsonChannel']) expect(esm).not.toContain(gone);
    expect(probe('cjs', 'dist/cjs/index.js').exported).toEqual(esm);
  });

  it('exports the Angular entry point the same from ESM and CommonJS', () => {
    const esm = probe('esm', 'dist/esm/angular/index.js').exported;
    expect(esm).toEqual(['WEB_SOCKET_CONFIG', 'injectWebSocket', 'provideWebSocket', 'webSocketResource']);
    expect(probe('cjs', 'dist/cjs/angular/index.js').exported).toEqual(esm);
  });

  it('exports nothing internal', () => {
    const exported = probe('esm', 'dist/esm/index.js').exported ?? [];
    expect(exported.filter((name) => /closeErrorOf|parse|BoundedQueue|DefaultStore|domException/.test(name))).toEqual(
      [],
    );
  });

  it('declares rxjs as a peer dependency, ws as an optional one, and no runtime dependency', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as Record<string, Record<string, unknown>>;
    expect(pkg.dependencies).toBeUndefined();
    expect(pkg.peerDependencies).toMatchObject({ rxjs: '^7.8.0' });
    expect(pkg.peerDependenciesMeta).toMatchObject({ ws: { optional: true } });
    expect(pkg.sideEffects).toBe(false);
  });

  it.each(['node', 'dom'])(
    'has declarations that compile with skipLibCheck: false and only the %s types',
    (types) => {
      const tsc = 'node_modules/typescript/bin/tsc';
      const output = (() => {
        try {
          return execFileSync(process.execPath, [tsc, '-p', `test/fixtures/consumer/tsconfig.${types}.json`], {
            encoding: 'utf8',
          });
        } catch (error) {
          return String((error as { stdout?: string }).stdout ?? error);
        }
      })();
      expect(output).toBe('');
    },
    60_000,
  );
});

// package.json's `browser` field swaps the ws transport out of browser bundles; Node ignores that field, so the built
// package must still take ws's own path there (TCP pause/resume, terminate, corked sends), in ESM and CommonJS alike.
describe('the ws transport of the built package', () => {
  it.each([
    ['esm', "const { createTransport } = await import('./dist/esm/transport/create-transport.js');"],
    ['cjs', "const { createTransport } = require('./dist/cjs/transport/create-transport.js');"],
  ])('%s: Node resolves server-transport.js, not its browser stand-in', (kind, load) => {
    const script = `
      ${load}
      const { WebSocket } = require('ws');
      const ws = new WebSocket('ws://127.0.0.1:9', { autoPong: true });
      ws.on('error', () => {});
      const sink = new Proxy({}, { get: () => () => {} }); // takes every event and ignores it
      const transport = createTransport(ws, sink);
      console.log(JSON.stringify({ name: transport.constructor.name, pause: typeof transport.pause }));
      ws.terminate();
    `;
    const output = execFileSync(
      process.execPath,
      kind === 'esm'
        ? [
            '--input-type=module',
            '-e',
            `import { createRequire } from 'node:module'; const require = createRequire(process.cwd() + '/'); ${script}`,
          ]
        : ['-e', script],
      { encoding: 'utf8' },
    );
    expect(JSON.parse(output.trim())).toEqual({ name: 'WsTransport', pause: 'function' });
  });
});
