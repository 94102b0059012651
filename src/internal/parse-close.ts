import { MAX_CLOSE_REASON_BYTES } from '../constants.js';
import { domException } from './dom-exception.js';
import { toUSVString, utf8ByteLength } from './utf8.js';

/** Close arguments after validation: what the underlying socket's `close()` receives. */
export interface CloseArguments {
  code?: number;
  reason?: string;
}

/** WebIDL `[Clamp] unsigned short`: NaN is 0, clamp to 0-65535, round half to even. */
function clampUnsignedShort(value: unknown): number {
  const x = +(value as number);
  if (Number.isNaN(x)) return 0;
  const clamped = Math.min(Math.max(x, 0), 65535);
  const floor = Math.floor(clamped);
  const rest = clamped - floor;
  if (rest > 0.5) return floor + 1;
  if (rest < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/**
 * The standard's `close(code, reason)` argument steps: a code other than 1000 or 3000-4999 is an
 * `InvalidAccessError`, a reason over 123 UTF-8 bytes a `SyntaxError`. A reason without a code
 * closes with 1000, since a close frame cannot carry a reason without a code.
 */
export function parseCloseArguments(code: unknown, reason: unknown): CloseArguments {
  const args: CloseArguments = {};
  if (code !== undefined) {
    const clamped = clampUnsignedShort(code);
    if (clamped !== 1000 && (clamped < 3000 || clamped > 4999)) {
      throw domException(
        `The close code ${clamped} is not allowed: pass 1000 for a normal closure or an application code from 3000 to 4999. Codes 1001-2999 are reserved for the protocol and the server.`,
        'InvalidAccessError',
      );
    }
    args.code = clamped;
  }
  if (reason !== undefined) {
    const text = toUSVString(reason);
    const bytes = utf8ByteLength(text);
    if (bytes > MAX_CLOSE_REASON_BYTES) {
      throw domException(
        `The close reason is ${bytes} bytes long in UTF-8; the limit is ${MAX_CLOSE_REASON_BYTES} bytes. Shorten it.`,
        'SyntaxError',
      );
    }
    args.reason = text;
    args.code ??= 1000;
  }
  return args;
}
