import type { WebSocketData } from '../types.js';
import { utf8ByteLength } from './utf8.js';

/** Whether `value` is a `Blob` (checked by shape, so Blobs of another realm or polyfill count). */
export function isBlob(value: unknown): value is Blob {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as Blob).size === 'number' &&
    typeof (value as Blob).arrayBuffer === 'function' &&
    typeof (value as Blob).slice === 'function'
  );
}

/** The number of bytes `data` puts on the wire as a message payload. */
export function byteLengthOf(data: WebSocketData): number {
  if (typeof data === 'string') return utf8ByteLength(data);
  if (isBlob(data)) return data.size;
  return data.byteLength;
}

/**
 * WebIDL's conversion of `send()`'s argument `(BufferSource or Blob or USVString)`: binary data
 * passes as it is, anything else becomes a string, as browsers do (`send(42)` sends "42").
 */
export function toWebSocketData(value: unknown): WebSocketData {
  if (typeof value === 'string') return value;
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value) || isBlob(value)) return value;
  return `${value as string}`;
}
