import { Observable, type OperatorFunction } from 'rxjs';

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
 * Routes each message to the handler for its `type` and emits what the handler returns. Messages
 * without a handler are passed to `otherwise` when given, and dropped when not.
 *
 * @param handlers - a handler per `type`, each receiving the narrowed member.
 * @param otherwise - the handler for any other message.
 * @returns an operator from messages to the handlers' results.
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
>(handlers: H, otherwise?: (message: T) => R): OperatorFunction<T, HandlerResult<H> | R> {
  type Out = HandlerResult<H> | R;
  return (source) =>
    new Observable<Out>((subscriber) =>
      source.subscribe({
        next: (message) => {
          // Own handlers only: a message typed 'constructor' or '__proto__' must not reach Object.prototype.
          const own = Object.hasOwn(handlers, message.type);
          const handler = own ? (handlers as unknown as Record<PropertyKey, (m: T) => Out>)[message.type] : otherwise;
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
