import { filter, type OperatorFunction } from 'rxjs';

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
 * @param key - the discriminant property.
 * @returns an operator factory like {@link ofType}.
 * @example
 * ```ts
 * const ofKind = ofTypeBy('kind');
 * events$.pipe(ofKind('joined', 'left')); // narrowed to the members with those kinds
 * ```
 */
export function ofTypeBy<K extends PropertyKey>(key: K) {
  return <T extends { readonly [P in K]: unknown }, const V extends readonly T[K][]>(
    ...types: V
  ): OperatorFunction<T, Narrow<T, K, V[number]>> => {
    if (types.length === 1) {
      const only = types[0];
      return filter((message: T): message is Narrow<T, K, V[number]> => message[key] === only);
    }
    const wanted = new Set<unknown>(types);
    return filter((message: T): message is Narrow<T, K, V[number]> => wanted.has(message[key]));
  };
}

/**
 * Lets through the messages whose `type` is one of `types`, narrowing a discriminated union.
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
