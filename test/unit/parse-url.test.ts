import { describe, expect, it } from 'vitest';
import { parseWebSocketUrl } from '../../src/internal/parse-url.js';

describe('parseWebSocketUrl', () => {
  it.each([
    ['ws://example.com', 'ws://example.com/'],
    ['wss://example.com:8443/chat?room=1', 'wss://example.com:8443/chat?room=1'],
    ['http://example.com/socket', 'ws://example.com/socket'],
    ['https://example.com/socket', 'wss://example.com/socket'],
    ['WS://EXAMPLE.com', 'ws://example.com/'],
    ['ws://[::1]:8080', 'ws://[::1]:8080/'],
  ])('accepts %s as %s', (input, expected) => {
    expect(parseWebSocketUrl(input, undefined)).toBe(expected);
  });

  it('accepts URL objects', () => {
    expect(parseWebSocketUrl(new URL('https://example.com/a'), undefined)).toBe('wss://example.com/a');
  });

  it('resolves relative URLs against the page and maps the scheme', () => {
    expect(parseWebSocketUrl('/live', 'https://app.example/page')).toBe('wss://app.example/live');
  });

  it.each([
    ['not a url', 'is invalid'],
    ['/relative/without/page', 'relative URLs need a page'],
    ['ws://example.com:99999/', 'Check its host and port'],
    ['ws://exa mple.com/', 'Check its host and port'],
    ['ftp://example.com', "'ftp' is not allowed"],
    ['file:///etc/passwd', "'file' is not allowed"],
    ['javascript:alert(1)', "'javascript' is not allowed"],
    ['ws://example.com/#frag', 'fragment'],
    ['ws://example.com/#', 'fragment'],
  ])('rejects %s with a SyntaxError DOMException', (input, message) => {
    let error: unknown;
    try {
      parseWebSocketUrl(input, undefined);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DOMException);
    expect(error).toMatchObject({ name: 'SyntaxError' });
    expect((error as Error).message).toContain(message);
  });

  it('redacts credentials and tokens in the error message', () => {
    expect(() => parseWebSocketUrl('ws://user:secret@example.com/?token=abc&room=1#x', undefined)).toThrow(
      expect.objectContaining({ message: expect.not.stringMatching(/secret|abc|user/) }),
    );
  });
});
