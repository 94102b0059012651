import type { InvalidMessageError } from '../errors/invalid-message-error.js';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import { MessageParseError } from '../errors/message-parse-error.js';
import { MessageTooLargeError } from '../errors/message-too-large-error.js';
import { SchemaValidationError } from '../errors/schema-validation-error.js';
import { isBlob } from '../internal/byte-length.js';
import { preview } from '../internal/preview.js';
import { utf8ByteLength } from '../internal/utf8.js';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { jsonExceedsDepth } from './depth.js';
import type { ResolvedJsonOptions } from './json-options.js';

/** Wraps an invalid message's error, so that a successful value needs no wrapper at all. */
export class Invalid {
  constructor(readonly error: InvalidMessageError) {}
}

/**
 * Turns one payload into a value: size check, text decoding, depth check, parsing, validation.
 * Synchronous unless the payload is a Blob or the schema is asynchronous.
 */
export function createMessageParser<T>(
  options: ResolvedJsonOptions,
  schema: StandardSchemaV1<unknown, T> | undefined,
): (data: unknown) => T | Invalid | Promise<T | Invalid> {
  const { maxBytes, maxDepth, binary, reviver } = options;
  const parse = options.parse ?? (reviver ? (text: string) => JSON.parse(text, reviver) : JSON.parse);
  // Text shorter than this cannot nest deeper than maxDepth, so it is never scanned.
  const scanFrom = options.parse === undefined ? maxDepth * 2 + 2 : Number.POSITIVE_INFINITY;
  let decoder: InstanceType<typeof TextDecoder> | undefined;

  const fromText = (text: string): T | Invalid | Promise<T | Invalid> => {
    if (text.length >= scanFrom && jsonExceedsDepth(text, maxDepth)) {
      return new Invalid(
        new MessageParseError('depth', `The message nests deeper than ${maxDepth} levels (maxDepth).`, preview(text)),
      );
    }
    let value: unknown;
    try {
      value = parse(text);
    } catch (error) {
      const reason = error instanceof RangeError ? 'depth' : 'syntax';
      return new Invalid(
        new MessageParseError(
          reason,
          `The message is not valid JSON: ${(error as Error).message}.`,
          preview(text),
          error,
        ),
      );
    }
    return schema ? validate(schema, value, text) : (value as T);
  };

  const fromBytes = (bytes: ArrayBuffer | ArrayBufferView, size: number, shown: unknown) => {
    if (binary === 'reject') {
      return new Invalid(
        new MessageParseError(
          'binary',
          "A binary message arrived where text is expected. Send text, or pass { binary: 'decode' } to decode UTF-8.",
          preview(shown),
        ),
      );
    }
    let text: string;
    try {
      decoder ??= new TextDecoder('utf-8', { fatal: true });
      text = decoder.decode(bytes as Uint8Array);
    } catch (error) {
      return new Invalid(
        new MessageParseError(
          'encoding',
          `The binary message (${size} bytes) is not valid UTF-8.`,
          preview(shown),
          error,
        ),
      );
    }
    return fromText(text);
  };

  return (data) => {
    if (typeof data === 'string') {
      // UTF-8 takes at least one byte per UTF-16 unit and at most three: count only in between.
      if (data.length * 3 > maxBytes) {
        const size = data.length > maxBytes ? data.length : utf8ByteLength(data);
        if (size > maxBytes) return new Invalid(new MessageTooLargeError(size, maxBytes, preview(data)));
      }
      return fromText(data);
    }
    if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) {
      if (data.byteLength > maxBytes)
        return new Invalid(new MessageTooLargeError(data.byteLength, maxBytes, preview(data)));
      return fromBytes(data, data.byteLength, data);
    }
    if (isBlob(data)) {
      if (data.size > maxBytes) return new Invalid(new MessageTooLargeError(data.size, maxBytes, preview(data)));
      if (binary === 'reject') return fromBytes(new Uint8Array(0), data.size, data);
      return data.arrayBuffer().then((buffer) => fromBytes(buffer, data.size, data));
    }
    return new Invalid(new MessageParseError('syntax', 'The message is neither text nor binary data.', preview(data)));
  };
}

/**
 * Checks that `schema` is a Standard Schema: anything else (an old zod without `~standard`, a hand-made `{ parse }`)
 * would fail every message, reported one by one on `invalid$`, instead of once at the call.
 *
 * @param schema - the `schema` option, or `undefined`.
 * @throws {InvalidOptionError} when it is given and has no `~standard.validate()`.
 */
export function checkSchema(schema: unknown): void {
  if (schema !== undefined && typeof (schema as StandardSchemaV1 | null)?.['~standard']?.validate !== 'function') {
    throw new InvalidOptionError('schema', schema, 'a Standard Schema (zod 3.24+, valibot, arktype…)');
  }
}

/**
 * Validates `value` with `schema`: the value, or {@link Invalid} with a {@link SchemaValidationError} (also when
 * the schema throws); a Promise for asynchronous schemas. `shown` is what the error's preview shows.
 */
export function validate<T>(
  schema: StandardSchemaV1<unknown, T>,
  value: unknown,
  text: unknown,
): T | Invalid | Promise<T | Invalid> {
  const settle = (result: StandardSchemaV1.Result<T>): T | Invalid =>
    result.issues ? new Invalid(new SchemaValidationError(result.issues, preview(text))) : result.value;
  const thrown = (error: unknown) =>
    new Invalid(
      new SchemaValidationError(
        [{ message: `the schema threw: ${(error as Error)?.message ?? String(error)}` }],
        preview(text),
        error,
      ),
    );
  let result: StandardSchemaV1.Result<T> | Promise<StandardSchemaV1.Result<T>>;
  try {
    result = schema['~standard'].validate(value);
  } catch (error) {
    return thrown(error);
  }
  return result instanceof Promise ? result.then(settle, thrown) : settle(result);
}
