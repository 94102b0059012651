// The layer rule of CONTRIBUTING.md, checked: src/ reads top-down, and a module imports only from its own layer or
// the ones below it. A new folder or root file must be given its layer here.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Layers, lowest first: a path (folder or root file) belongs to the first entry that names it. */
const LAYERS: ReadonlyArray<readonly string[]> = [
  ['types.ts', 'constants.ts', 'close-event.ts', 'standard-schema.ts', 'errors', 'internal'],
  ['queue'],
  ['transport', 'share'],
  ['socket', 'rx-websocket.ts', 'from-websocket.ts'],
  ['messages', 'backpressure'],
  ['reconnect', 'delivery'],
  ['subject'],
  ['testing', 'angular', 'index.ts'],
];

function layerOf(path: string): number {
  const top = path.split('/')[0] as string;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${path} has no layer: add its folder or file to LAYERS in test/unit/layers.test.ts`);
  return layer;
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** Relative imports and re-exports of a module, type-only ones included: a type is a dependency too. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) => m[1] as string);
  return found.map((target) => relative(src, resolve(dirname(file), target)).replace(/\.js$/, '.ts'));
}

describe('the layer rule', () => {
  const files = sources(src).map((file) => relative(src, file));

  it('every module of src/ has a layer', () => {
    expect(files.length).toBeGreaterThan(50);
    for (const file of files) expect(() => layerOf(file), file).not.toThrow();
  });

  it('no module imports from a layer above its own', () => {
    const upward = files.flatMap((file) =>
      importsOf(join(src, file))
        .filter((target) => layerOf(target) > layerOf(file))
        .map((target) => `${file} -> ${target}`),
    );
    expect(upward).toEqual([]);
  });

  it('reads ws private fields only in the ws transport', () => {
    const readers = files.filter((file) =>
      /_closeFrameReceived|_closeFrameSent|\b_socket\b/.test(readFileSync(join(src, file), 'utf8')),
    );
    expect(readers).toEqual(['transport/ws.ts']);
  });

  it('ranks the layers as CONTRIBUTING.md draws them, and refuses an unknown folder', () => {
    const file = 'errors/x.ts';
    expect(layerOf('messages/json.ts')).toBeGreaterThan(layerOf(file));
    expect(() => layerOf('nowhere/x.ts')).toThrow(/has no layer/);
  });
});
