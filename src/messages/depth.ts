/**
 * Whether JSON `text` nests arrays and objects deeper than `maxDepth`. Text too short to nest that
 * deep is not scanned, so typical messages cost nothing; brackets inside strings are not counted.
 */
export function jsonExceedsDepth(text: string, maxDepth: number): boolean {
  if (text.length <= maxDepth * 2 + 1) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
}
