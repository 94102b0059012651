import { Observable, type OperatorFunction } from 'rxjs';
import { discriminantOf, noDiscriminantError } from './discriminant.js';
import { handleInvalid, type InvalidMessageOptions, resolveInvalidHandling } from './invalid-policy.js';

/** One handler per member of the union `T`, keyed by its `type`. */
export type MatchHandlers<
  T extends {
    /** The discriminant. */
    readonly type: PropertyKey;
  },
  R,
> = {
  readonly [P in T['type']]?: (message: Extract<T, { readonly type: P }>) => R;
};

/** The union of what the handlers of `H` return. */
export type HandlerResult<H> = {
  [P in keyof H]: H[P] extends (message: never) => infer R ? R : never;
}[keyof H];

/**
 * Options of {@link match}: the handler for other types, and what to do with a message that has no `type`.
 *
 * @example
 * ```ts
 * messages$.pipe(match({ message: (m) => m.text }, { otherwise: (m) => `(${m.type})`, report: console.warn }));
 * ```
 */
export interface MatchOptions<T, R> extends InvalidMessageOptions {
  /**
   * The handler for a message whose `type` has no handler; without it such messages are dropped.
   * @default undefined
   */
  otherwise?: (message: T) => R;
}

/**
 * Routes each message to the handler for its `type` and emits what the handler returns. Messages whose `type`
 * has no handler are passed to `otherwise` when given, and dropped when not.
 *
 * Only an own `type` property holding a string or a number routes a message. Anything else (`null`, `42`, an
 * array, `{ "type": ["ok"] }`, `{ "type": {} }`) reaches no handler: it is reported as a
 * {@link SchemaValidationError} under the invalid-message policy (skipped by default), never thrown.
 *
 * @param handlers - a handler per `type`, each receiving the narrowed member.
 * @param otherwise - the handler for any other type, or the {@link MatchOptions}.
 * @returns an operator from messages to the handlers' results.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * messages$.pipe(
 *   match({
 *     message: (m) => `${m.name}: ${m.text}`,
 *     userlist: (u) => `online: ${u.users.join(', ')}`,
 *   }),
 * ).subscribe(console.log);
 * ```
 */
export function match<
  T extends {
    /** The discriminant. */
    readonly type: PropertyKey;
  },
  H extends MatchHandlers<T, unknown>,
  R = never,
>(handlers: H, otherwise?: ((message: T) => R) | MatchOptions<T, R>): OperatorFunction<T, HandlerResult<H> | R> {
  type Out = HandlerResult<H> | R;
  const options = typeof otherwise === 'function' ? { otherwise } : (otherwise ?? {});
  const fallback = options.otherwise;
  const invalid = resolveInvalidHandling(options);
  return (source) =>
    new Observable<Out>((subscriber) =>
      source.subscribe({
        next: (message) => {
          const type = discriminantOf(message, 'type');
          if (type === undefined) {
            handleInvalid(noDiscriminantError(message, 'type'), invalid, subscriber);
            return;
          }
          // Own handlers only: a message typed 'constructor' or '__proto__' must not reach Object.prototype.
          const own = Object.hasOwn(handlers, type);
          const handler = own ? (handlers as unknown as Record<PropertyKey, (m: T) => Out>)[type] : fallback;
          if (!handler) return;
          let result: Out;
          try {
            result = handler(message);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          subscriber.next(result);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      }),
    );
}
