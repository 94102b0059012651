import { describe, expect, it } from 'vitest';
import { parseCloseArguments } from '../../src/internal/parse-close.js';

describe('parseCloseArguments', () => {
  it('passes nothing when neither code nor reason is given', () => {
    expect(parseCloseArguments(undefined, undefined)).toEqual({});
  });

  it.each([1000, 3000, 3999, 4000, 4999])('accepts code %d', (code) => {
    expect(parseCloseArguments(code, undefined)).toEqual({ code });
  });

  it.each([0, 1, 999, 1001, 1002, 1005, 1006, 1011, 1015, 2000, 2999, 5000, 65535, -1, Number.NaN, 'abc'])(
    'rejects code %s with an InvalidAccessError DOMException',
    (code) => {
      expect(() => parseCloseArguments(code, undefined)).toThrow(
        expect.objectContaining({ name: 'InvalidAccessError' }),
      );
    },
  );

  it('clamps and rounds the code as WebIDL [Clamp] unsigned short does', () => {
    expect(parseCloseArguments(1000.4, undefined)).toEqual({ code: 1000 });
    expect(parseCloseArguments(3000.5, undefined)).toEqual({ code: 3000 });
    expect(parseCloseArguments(3001.5, undefined)).toEqual({ code: 3002 });
    expect(parseCloseArguments('4000', undefined)).toEqual({ code: 4000 });
    expect(() => parseCloseArguments(70000, undefined)).toThrow(
      expect.objectContaining({ message: expect.stringContaining('65535') }),
    );
  });

  it('throws a TypeError for a BigInt or Symbol code, as WebIDL conversion does', () => {
    expect(() => parseCloseArguments(1000n, undefined)).toThrow(TypeError);
    expect(() => parseCloseArguments(Symbol('x'), undefined)).toThrow(TypeError);
  });

  it('accepts a reason of exactly 123 UTF-8 bytes and rejects 124 with a SyntaxError', () => {
    expect(parseCloseArguments(1000, 'a'.repeat(123))).toEqual({ code: 1000, reason: 'a'.repeat(123) });
    expect(() => parseCloseArguments(1000, 'a'.repeat(124))).toThrow(
      expect.objectContaining({ name: 'SyntaxError', message: expect.stringContaining('124 bytes') }),
    );
  });

  it('counts the reason in UTF-8 bytes, not characters', () => {
    expect(parseCloseArguments(4000, '€'.repeat(41)).reason).toBe('€'.repeat(41)); // 123 bytes
    expect(() => parseCloseArguments(4000, '€'.repeat(42))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    expect(() => parseCloseArguments(4000, '😀'.repeat(31))).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
  });

  it('replaces lone surrogates in the reason with U+FFFD (USVString)', () => {
    expect(parseCloseArguments(1000, 'a\uD800b').reason).toBe('a\uFFFDb');
  });

  it('closes with 1000 when a reason is given without a code', () => {
    expect(parseCloseArguments(undefined, 'done')).toEqual({ code: 1000, reason: 'done' });
  });

  it('validates the code before the reason', () => {
    expect(() => parseCloseArguments(1001, 'x'.repeat(200))).toThrow(
      expect.objectContaining({ name: 'InvalidAccessError' }),
    );
  });
});
