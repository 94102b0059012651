import { isBlob } from './byte-length.js';

const MAX_PREVIEW = 60;

/**
 * A short, safe description of a payload for error messages: at most 60 characters of text,
 * escaped, with the total size; binary payloads by size only. Never the whole payload.
 */
export function preview(data: unknown): string {
  if (typeof data === 'string') {
    const head = JSON.stringify(data.length > MAX_PREVIEW ? data.slice(0, MAX_PREVIEW) : data);
    return data.length > MAX_PREVIEW ? `${head.slice(0, -1)}…" (${data.length} characters)` : head;
  }
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return `<binary, ${data.byteLength} bytes>`;
  if (isBlob(data)) return `<Blob, ${data.size} bytes>`;
  return `<${data === null ? 'null' : typeof data}>`;
}
