// Finds the fenced code blocks of a Markdown file, with the line each starts on, and the skip markers of the
// README check: `<!-- readme-check: skip (why) -->` on the line just before a fence (blank lines between are
// allowed). Fences are the plain ``` kind at the start of a line, as the README uses them.

/** A fenced code block. */
export interface CodeBlock {
  /** The info string's first word: `ts`, `sh`, `text`, or `''`. */
  readonly lang: string;
  /** The 1-based line of the opening fence. */
  readonly fenceLine: number;
  /** The 1-based line of the block's first line of code (the fence's line + 1). */
  readonly firstLine: number;
  /** The code, without the fences. */
  readonly code: string;
  /** The reason given by a skip marker just before the fence, if there is one. */
  readonly skip: string | undefined;
}

/** A skip marker, wherever it is. */
export interface SkipMarker {
  readonly line: number;
  readonly reason: string;
}

const FENCE = /^```(.*)$/;
const MARKER = /^<!--\s*readme-check:\s*skip\s*\((.+)\)\s*-->\s*$/;
const ANY_MARKER = /readme-check/;

/**
 * @param markdown - the Markdown text.
 * @returns every fenced block in order, and every skip marker (so that a stray one can be reported).
 * @throws {Error} on a fence left open or a `readme-check` comment that is not a well-formed skip marker.
 */
export function extractBlocks(markdown: string): { blocks: CodeBlock[]; markers: SkipMarker[] } {
  const lines = markdown.split(/\r?\n/);
  const blocks: CodeBlock[] = [];
  const markers: SkipMarker[] = [];
  let pendingSkip: SkipMarker | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] ?? '';
    if (ANY_MARKER.test(line)) {
      const marker = MARKER.exec(line);
      if (!marker?.[1]) {
        throw new Error(`README.md:${index + 1}: a readme-check comment must read <!-- readme-check: skip (why) -->`);
      }
      pendingSkip = { line: index + 1, reason: marker[1].trim() };
      markers.push(pendingSkip);
      continue;
    }
    const fence = FENCE.exec(line);
    if (!fence) {
      if (line.trim() !== '') pendingSkip = undefined;
      continue;
    }
    const fenceLine = index + 1;
    const body: string[] = [];
    index++;
    while (index < lines.length && lines[index] !== '```') body.push(lines[index++] ?? '');
    if (index >= lines.length) throw new Error(`README.md:${fenceLine}: the code block opened here is never closed`);
    blocks.push({
      lang: (fence[1] ?? '').trim().split(/\s+/)[0] ?? '',
      fenceLine,
      firstLine: fenceLine + 1,
      code: body.join('\n'),
      skip: pendingSkip?.reason,
    });
    pendingSkip = undefined;
  }
  return { blocks, markers };
}
