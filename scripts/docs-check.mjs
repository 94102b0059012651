// Checks what TypeDoc's own validation does not: every exported function, class and method documents each
// parameter (@param) and its result (@returns, unless void), every exported function and class has an
// @example, and every optional property of an exported options or config interface states its @default.
// Reads the JSON TypeDoc writes; exits 1 with the list of gaps.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = mkdtempSync(join(tmpdir(), 'rx-websocket-docs-'));
const file = join(dir, 'api.json');
execFileSync(process.execPath, ['node_modules/typedoc/bin/typedoc', '--json', file, '--logLevel', 'Error'], {
  stdio: 'inherit',
});
const project = JSON.parse(readFileSync(file, 'utf8'));
rmSync(dir, { recursive: true, force: true });

const FUNCTION = 64;
const CLASS = 128;
const METHOD = 2048;
const CONSTRUCTOR = 512;
const INTERFACE = 256;
const PROPERTY = 1024;
// Vendored verbatim from the Standard Schema spec, which documents no defaults.
const VENDORED = new Set(['StandardSchemaV1']);
const tags = (comment) => (comment?.blockTags ?? []).map((tag) => tag.tag);
const gaps = [];

function walk(node, path, depth) {
  for (const child of node.children ?? []) {
    const name = `${path}${path ? '.' : ''}${child.name}`;
    if (child.inheritedFrom || child.flags?.isExternal || VENDORED.has(child.name)) continue;
    if (child.kind === INTERFACE && /(Options|Config)$/.test(child.name)) {
      for (const property of child.children ?? []) {
        if (property.kind !== PROPERTY || !property.flags?.isOptional || property.inheritedFrom) continue;
        if (!tags(property.comment).includes('@default')) gaps.push(`${name}.${property.name}: no @default`);
      }
    }
    if (depth === 1 && (child.kind === FUNCTION || child.kind === CLASS)) {
      const comment = child.kind === FUNCTION ? child.signatures?.[0]?.comment : child.comment;
      if (!tags(comment).includes('@example')) gaps.push(`${name}: no @example`);
    }
    for (const signature of child.signatures ?? []) {
      for (const parameter of signature.parameters ?? []) {
        if (!parameter.comment) gaps.push(`${name}: no @param for ${parameter.name}`);
      }
      const type = signature.type;
      const returnsNothing = type?.type === 'intrinsic' && ['void', 'never'].includes(type.name);
      if ((child.kind === FUNCTION || child.kind === METHOD) && child.kind !== CONSTRUCTOR && !returnsNothing) {
        if (!tags(signature.comment).includes('@returns')) gaps.push(`${name}: no @returns`);
      }
    }
    walk(child, name, depth + 1);
  }
}
walk(project, '', 0);

if (gaps.length > 0) {
  console.error(`Undocumented parameters, results, examples or defaults (${gaps.length}):\n  ${gaps.join('\n  ')}`);
  process.exit(1);
}
console.log('Every export documents its parameters, results, an example, and every option its default.');
