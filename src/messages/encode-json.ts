import { SerializationError } from '../errors/serialization-error.js';

/**
 * Options of {@link encodeJson}.
 */
export interface EncodeJsonOptions {
  /**
   * A `JSON.stringify` replacer, applied before the checks.
   * @default undefined
   */
  replacer?: (this: unknown, key: string, value: unknown) => unknown;
  /**
   * A codec's serialize function, replacing `JSON.stringify` (and the checks); its exceptions become
   * {@link SerializationError}.
   * @default JSON.stringify
   */
  stringify?: (value: unknown) => string;
  /**
   * Also reject functions and symbols, which `JSON.stringify` leaves out silently. It costs a replacer call per
   * value, which takes `JSON.stringify` off V8's fast path (BENCHMARKS.md has the cost).
   * @default false
   */
  strict?: boolean;
}

class Unserializable extends Error {
  constructor(readonly kind: string) {
    super(kind);
  }
}

/**
 * Serializes `value` to JSON text, or throws a {@link SerializationError} naming where and what is
 * wrong: BigInts and cycles (where `JSON.stringify` throws a bare TypeError), and a value that serializes to
 * nothing (`undefined`, a function). Functions, symbols and `undefined` inside objects are left out, as
 * `JSON.stringify` (and rxjs's default serializer) does; `strict: true` rejects functions and symbols too.
 *
 * @param value - the message.
 * @param options - a replacer, or another serializer.
 * @returns the JSON text.
 * @throws {SerializationError} when `value` cannot be serialized; nothing is sent.
 * @example
 * ```ts
 * socket.send(encodeJson({ type: 'message', text: 'hello', date: Date.now() }));
 * ```
 */
export function encodeJson(value: unknown, options?: EncodeJsonOptions): string {
  let text: string | undefined;
  try {
    text = options === undefined ? JSON.stringify(value) : stringifyWith(value, options);
  } catch (error) {
    const found = findUnserializable(value, options?.strict === true);
    const what = found?.kind ?? (error instanceof Unserializable ? error.kind : 'a value');
    const path = found?.path ?? '';
    throw new SerializationError(
      `Cannot serialize the message: ${what}${path ? ` at '${path}'` : ''} cannot be represented in JSON. ${
        what === 'a cycle' ? 'Break the cycle first' : 'Convert it first (for example a BigInt to a string)'
      }.`,
      path,
      error instanceof Unserializable ? undefined : error,
    );
  }
  if (typeof text !== 'string') {
    throw new SerializationError(
      `Cannot serialize the message: ${value === undefined ? 'undefined' : `a ${typeof value}`} has no JSON representation.`,
      '',
    );
  }
  return text;
}

/** `JSON.stringify` with a replacer, the strict checks, or another codec. */
function stringifyWith(value: unknown, { replacer, stringify, strict }: EncodeJsonOptions): string | undefined {
  if (stringify) return stringify(value);
  if (!strict) return JSON.stringify(value, replacer);
  return JSON.stringify(value, function (this: unknown, key, raw) {
    const replaced = replacer ? replacer.call(this, key, raw) : raw;
    const type = typeof replaced;
    if (type === 'function' || type === 'symbol') throw new Unserializable(`a ${type}`);
    return replaced;
  });
}

/** Finds the first BigInt or cycle (and function or symbol, when strict) in `value`, depth first. Error path only. */
function findUnserializable(root: unknown, strict: boolean): { path: string; kind: string } | undefined {
  const ancestors = new Set<unknown>();
  const visit = (value: unknown, path: string): { path: string; kind: string } | undefined => {
    const type = typeof value;
    if (type === 'bigint' || (strict && (type === 'function' || type === 'symbol'))) return { path, kind: `a ${type}` };
    if (type !== 'object' || value === null) return undefined;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
    if (ancestors.has(value)) return { path, kind: 'a cycle' };
    ancestors.add(value);
    for (const [key, child] of Object.entries(value as object)) {
      const found = visit(child, path ? `${path}.${key}` : key);
      if (found) return found;
    }
    ancestors.delete(value);
    return undefined;
  };
  try {
    return visit(root, '');
  } catch {
    return undefined; // too deep to walk: report without a path
  }
}
