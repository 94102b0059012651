import { InvalidOptionError } from '../errors/invalid-option-error.js';

/**
 * A copy of an object message with `id` set, for `request()` and `delivery()`.
 *
 * @param message - the message.
 * @param id - its id.
 * @param otherwise - how to send a message that is not an object, for the error.
 * @returns `{ ...message, id }`.
 * @throws {InvalidOptionError} when the message is not a plain object (it could not carry the id).
 */
export function withId<Out>(message: Out, id: string | number, otherwise: string): Out {
  if (typeof message !== 'object' || message === null || Array.isArray(message)) {
    throw new InvalidOptionError('message', message, `an object (to carry the id), or ${otherwise}`);
  }
  return { ...message, id } as Out;
}
