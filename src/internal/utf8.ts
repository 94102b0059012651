/**
 * The length of `text` in UTF-8 bytes, without allocating. A lone surrogate counts as
 * U+FFFD (3 bytes), as the USVString conversion would make it.
 */
export function utf8ByteLength(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** WebIDL's USVString conversion: `String(value)` with lone surrogates replaced by U+FFFD. */
export function toUSVString(value: unknown): string {
  const text = `${value as string}`;
  const toWellFormed = (text as { toWellFormed?: () => string }).toWellFormed;
  return toWellFormed ? toWellFormed.call(text) : text.replace(LONE_SURROGATE, '\uFFFD');
}
