import { MessageParseError } from '../errors/message-parse-error.js';
import { preview } from '../internal/preview.js';
import { Invalid, validate } from '../messages/parse-message.js';
import type { StandardSchemaV1 } from '../standard-schema.js';

/** Parses with the app's deserializer (rxjs's `deserializer`/`resultSelector`), then validates with the schema. */
export function deserializeWith<In>(
  deserializer: (event: MessageEvent) => In,
  schema: StandardSchemaV1<unknown, In> | undefined,
): (event: MessageEvent) => In | Invalid | Promise<In | Invalid> {
  return (event) => {
    let value: In;
    try {
      value = deserializer(event);
    } catch (error) {
      return new Invalid(
        new MessageParseError(
          'syntax',
          `The deserializer threw: ${(error as Error)?.message ?? String(error)}.`,
          preview(event.data),
          error,
        ),
      );
    }
    return schema ? validate(schema, value, event.data) : value;
  };
}
