import type { OperatorFunction } from 'rxjs';
import type { StandardSchemaV1 } from '../standard-schema.js';
import { decodeInOrder } from './decode-in-order.js';
import { type JsonOptions, resolveJsonOptions } from './json-options.js';
import { checkSchema, createMessageParser } from './parse-message.js';

/**
 * Parses each message payload as JSON and, given a Standard Schema (zod, valibot, arktype…),
 * validates it and emits the schema's output type.
 *
 * Invalid messages (invalid JSON, schema failures, binary frames where text is expected, messages over
 * `maxBytes`, nesting deeper than `maxDepth`) become typed errors ({@link MessageParseError},
 * {@link SchemaValidationError}, {@link MessageTooLargeError}) that are reported and, by default,
 * skipped: one bad frame never ends the stream. Asynchronous schemas and Blob payloads keep the
 * messages in order. Parsed values are fresh objects, never merged into existing ones, so a
 * `__proto__` key is just a key.
 *
 * @param schema - a Standard Schema v1; omitted, values are emitted as `unknown` (or the type you give).
 * @param options - limits, binary handling, a codec, the invalid-message policy and its reporter.
 * @returns an operator from payloads (`socket.data$`) to values.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * import { z } from 'zod';
 * const ChatMessage = z.discriminatedUnion('type', [
 *   z.object({ type: z.literal('message'), name: z.string(), text: z.string(), date: z.number() }),
 *   z.object({ type: z.literal('userlist'), users: z.array(z.string()) }),
 * ]);
 * socket.data$.pipe(json(ChatMessage, { report: (e) => console.warn(e.message) })).subscribe((msg) => {
 *   if (msg.type === 'message') console.log(`${msg.name}: ${msg.text}`);
 * });
 * ```
 */
export function json<S extends StandardSchemaV1>(
  schema: S,
  options?: JsonOptions,
): OperatorFunction<unknown, StandardSchemaV1.InferOutput<S>>;
export function json<T = unknown>(options?: JsonOptions): OperatorFunction<unknown, T>;
export function json<T = unknown>(schema: undefined, options?: JsonOptions): OperatorFunction<unknown, T>;
export function json<T>(
  schemaOrOptions?: StandardSchemaV1<unknown, T> | JsonOptions,
  maybeOptions?: JsonOptions,
): OperatorFunction<unknown, T> {
  // An options object has no `~standard`; anything else given first (a schema, or by mistake a string or null) is
  // checked as the schema, so that it fails with a typed error naming it.
  const isSchema =
    schemaOrOptions !== undefined &&
    (typeof schemaOrOptions !== 'object' || schemaOrOptions === null || '~standard' in schemaOrOptions);
  const schema = isSchema ? (schemaOrOptions as StandardSchemaV1<unknown, T>) : undefined;
  checkSchema(schema);
  // json(schema, options), json(undefined, options) and json(options) all take the options.
  const options = resolveJsonOptions(
    isSchema || schemaOrOptions === undefined ? maybeOptions : (schemaOrOptions as JsonOptions),
  );
  return (source) => source.pipe(decodeInOrder(() => createMessageParser(options, schema), options));
}
