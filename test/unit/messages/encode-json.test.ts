import { encodeJson, SerializationError } from 'rx-websocket';
import { describe, expect, it } from 'vitest';

describe('encodeJson', () => {
  it('serializes plain values, toJSON and Dates, leaving undefined properties out', () => {
    expect(encodeJson({ type: 'message', text: 'hi', at: new Date(0), skip: undefined, list: [1, undefined] })).toBe(
      '{"type":"message","text":"hi","at":"1970-01-01T00:00:00.000Z","list":[1,null]}',
    );
  });

  const inner: Record<string, unknown> = {};
  const cyclic = { a: { b: inner } };
  inner.back = cyclic;

  const thrown = (run: () => unknown): unknown => {
    try {
      run();
    } catch (e) {
      return e;
    }
    return undefined;
  };

  it.each([
    ['a BigInt', { user: { id: 1n } }, 'user.id', 'a bigint', 'a BigInt to a string'],
    ['a cycle', cyclic, 'a.b.back', 'a cycle', 'Break the cycle'],
    ['a top-level BigInt', 10n, '', 'a bigint', 'a BigInt to a string'],
    [
      'a BigInt after a function (the function is not what failed)',
      { f: () => {}, n: 1n },
      'n',
      'a bigint',
      'a BigInt to a string',
    ],
  ])('throws SerializationError for %s, naming the path and the fix for it', (_case, value, path, kind, fix) => {
    const error = thrown(() => encodeJson(value));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ path });
    expect((error as Error).message).toContain(kind);
    expect((error as Error).message).toContain(fix);
    // A hint for another kind would mislead: a cycle is not fixed by converting a BigInt.
    if (kind === 'a cycle') expect((error as Error).message).not.toContain('BigInt');
  });

  it('leaves functions and symbols inside objects out, as JSON.stringify and rxjs do', () => {
    const value = { type: 'a', handler: () => {}, s: Symbol('x'), list: [1, () => {}] };
    expect(encodeJson(value)).toBe(JSON.stringify(value));
    expect(encodeJson(value)).toBe('{"type":"a","list":[1,null]}');
  });

  it.each([
    ['a nested function', { handler: () => {} }, 'handler', 'a function'],
    ['a function in an array', { list: [1, () => {}] }, 'list.1', 'a function'],
    ['a symbol', { s: Symbol('x') }, 's', 'a symbol'],
  ])('with strict: true, throws SerializationError for %s too, naming the path', (_case, value, path, kind) => {
    const error = thrown(() => encodeJson(value, { strict: true }));
    expect(error).toBeInstanceOf(SerializationError);
    expect(error).toMatchObject({ path });
    expect((error as Error).message).toContain(kind);
  });

  it.each([[undefined], [() => {}], [Symbol('x')]])(
    'throws SerializationError for %s, which has no JSON form',
    (value) => {
      expect(() => encodeJson(value)).toThrow(SerializationError);
    },
  );

  it('applies a replacer before checking, strict or not', () => {
    const replacer = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);
    expect(encodeJson({ id: 10n }, { replacer })).toBe('{"id":"10"}');
    expect(encodeJson({ id: 10n }, { replacer, strict: true })).toBe('{"id":"10"}');
  });

  it('uses a codec stringify instead of JSON.stringify, wrapping its errors', () => {
    expect(encodeJson({ a: 1 }, { stringify: () => 'a=1' })).toBe('a=1');
    expect(() =>
      encodeJson(
        { a: 1 },
        {
          stringify: () => {
            throw new Error('codec failed');
          },
        },
      ),
    ).toThrow(expect.objectContaining({ name: 'SerializationError', cause: new Error('codec failed') }));
  });
});
