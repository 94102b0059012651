import { describe, expect, it } from 'vitest';
import { parseProtocols } from '../../src/internal/parse-protocols.js';

describe('parseProtocols', () => {
  it('converts as WebIDL does: undefined, a string, any iterable', () => {
    expect(parseProtocols(undefined)).toEqual([]);
    expect(parseProtocols('chat')).toEqual(['chat']);
    expect(parseProtocols(['a', 'b'])).toEqual(['a', 'b']);
    expect(parseProtocols(new Set(['x']))).toEqual(['x']);
    expect(parseProtocols([])).toEqual([]);
  });

  it('accepts every RFC 7230 token character', () => {
    expect(parseProtocols("!#$%&'*+-.^_`|~09azAZ")).toEqual(["!#$%&'*+-.^_`|~09azAZ"]);
  });

  it.each([[''], ['a b'], ['a,b'], ['chat/1'], ['é'], ['a\u0000'], ['{x}'], ['"q"']])(
    'rejects %j with a SyntaxError DOMException',
    (protocol) => {
      expect(() => parseProtocols([protocol])).toThrow(expect.objectContaining({ name: 'SyntaxError' }));
    },
  );

  it('rejects a subprotocol given twice', () => {
    expect(() => parseProtocols(['chat', 'v2', 'chat'])).toThrow(
      expect.objectContaining({
        name: 'SyntaxError',
        message: expect.stringContaining("'chat' is given more than once"),
      }),
    );
  });

  it('compares names case-sensitively, as the standard does', () => {
    expect(parseProtocols(['Chat', 'chat'])).toEqual(['Chat', 'chat']);
  });
});
