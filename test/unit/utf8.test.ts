import { describe, expect, it } from 'vitest';
import { toUSVString, utf8ByteLength } from '../../src/internal/utf8.js';

describe('utf8ByteLength', () => {
  it.each(['', 'abc', 'é', '€', '😀', 'a😀b€é', '\uD800', '\uDC00x', 'x\uD83D'])(
    'matches TextEncoder for %j',
    (text) => {
      expect(utf8ByteLength(text)).toBe(new TextEncoder().encode(text).length);
    },
  );
});

describe('toUSVString', () => {
  it('stringifies and replaces lone surrogates', () => {
    expect(toUSVString(42)).toBe('42');
    expect(toUSVString('ok 😀')).toBe('ok 😀');
    expect(toUSVString('\uDC00a\uD800')).toBe('\uFFFDa\uFFFD');
  });
});
