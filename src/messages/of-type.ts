import { Observable, type OperatorFunction } from 'rxjs';
import { discriminantOf, noDiscriminantError } from './discriminant.js';
import { handleInvalid, type InvalidMessageOptions, resolveInvalidHandling } from './invalid-policy.js';

/** The members of union `T` whose `K` property is one of `V`. */
export type Narrow<T, K extends PropertyKey, V> = T extends unknown
  ? T extends { readonly [P in K]: infer D }
    ? [Extract<D, V>] extends [never]
      ? never
      : T
    : never
  : never;

/**
 * Returns an `ofType` that reads the discriminant from `key` instead of `type`.
 *
 * Only an own `key` property holding a string or a number is compared. A message without one (`null`, `42`, an
 * array, `{ "kind": ["joined"] }`) is reported as a {@link SchemaValidationError} under `options.onInvalid`
 * (skipped by default), never thrown; a message with another kind is just filtered out.
 *
 * @param key - the discriminant property.
 * @param options - the invalid-message policy and its reporter.
 * @returns an operator factory like {@link ofType}.
 * @throws {InvalidOptionError} at the call, for an invalid option.
 * @example
 * ```ts
 * const ofKind = ofTypeBy('kind', { report: (e) => console.warn(e.message) });
 * events$.pipe(ofKind('joined', 'left')); // narrowed to the members with those kinds
 * ```
 */
export function ofTypeBy<K extends PropertyKey>(key: K, options?: InvalidMessageOptions) {
  const invalid = resolveInvalidHandling(options);
  return <T extends { readonly [P in K]: unknown }, const V extends readonly T[K][]>(
    ...types: V
  ): OperatorFunction<T, Narrow<T, K, V[number]>> => {
    const wanted = new Set<unknown>(types);
    return (source) =>
      new Observable<Narrow<T, K, V[number]>>((subscriber) =>
        source.subscribe({
          next: (message) => {
            const value = discriminantOf(message, key);
            if (value === undefined) handleInvalid(noDiscriminantError(message, key), invalid, subscriber);
            else if (wanted.has(value)) subscriber.next(message as Narrow<T, K, V[number]>);
          },
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
  };
}

/**
 * Lets through the messages whose `type` is one of `types`, narrowing a discriminated union.
 *
 * A message without an own string or number `type` is skipped; to report such messages, or to error or close on
 * them, use `ofTypeBy('type', { report, onInvalid })`.
 *
 * @param types - one or more values of the `type` property.
 * @returns an operator that filters and narrows.
 * @example
 * ```ts
 * messages$.pipe(ofType('message')).subscribe((m) => console.log(m.name, m.text)); // m: the 'message' member
 * messages$.pipe(ofType('message', 'userlist')); // either member
 * ```
 */
export function ofType<
  T extends {
    /** The discriminant. */
    readonly type: unknown;
  },
  const V extends readonly T['type'][],
>(...types: V): OperatorFunction<T, Narrow<T, 'type', V[number]>> {
  return ofTypeBy('type')<T, V>(...types);
}
