import { SchemaValidationError } from '../errors/schema-validation-error.js';
import { preview } from '../internal/preview.js';

/**
 * The value that routes `message` in {@link match} and {@link ofTypeBy}: its own `key` property, when it holds a
 * string or a finite number. `undefined` for anything else: `null`, a number, a string or an array; an object
 * without the property, or with it only on its prototype (`constructor`, `toString`); a discriminant that is an
 * array, an object or a boolean. Such a message never reaches a handler: `["ok"]` is not the key `"ok"`.
 */
export function discriminantOf(message: unknown, key: PropertyKey): string | number | undefined {
  if (typeof message !== 'object' || message === null || !Object.hasOwn(message, key)) return undefined;
  const value: unknown = (message as Record<PropertyKey, unknown>)[key];
  return typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value)) ? value : undefined;
}

/** The error reported for a message that {@link discriminantOf} cannot route. */
export function noDiscriminantError(message: unknown, key: PropertyKey): SchemaValidationError {
  const name = String(key);
  return new SchemaValidationError(
    [{ message: `expected an object with its own '${name}' property set to a string or a number`, path: [key] }],
    previewValue(message),
  );
}

/** A preview of a parsed value, shown as the JSON it came from. */
function previewValue(value: unknown): string {
  try {
    const text = JSON.stringify(value);
    return text === undefined ? preview(value) : preview(text);
  } catch {
    return preview(value); // a cycle or a BigInt: not from JSON, so only its type is shown
  }
}
