import { Observable, type Subscriber, Subscription } from 'rxjs';

/** Hooks of {@link Multicast}. */
export interface MulticastHooks<T> {
  /** Called with each value before any subscriber gets it; if it throws, every subscriber gets the error. */
  beforeEach?: (value: T) => void;
  /** For a subscriber that joins a running upstream: a value to give it at once, if any. */
  current?: () => T | undefined;
}

/**
 * `share()` by hand: one upstream subscription for every subscriber, started by the first and stopped when the
 * last leaves; once the upstream ends, the next subscriber starts it afresh. Written by hand rather than with
 * rxjs's `share()` and a wrapper for late subscribers, which keep a Subject and a dozen closures per connection.
 */
export class Multicast<T> {
  /** Subscribing joins the running upstream, or starts it. */
  readonly observable: Observable<T>;
  readonly #source: Observable<T>;
  readonly #hooks: MulticastHooks<T>;
  #subscribers: Subscriber<T>[] = [];
  #upstream: Subscription | undefined;

  /**
   * @param source - the cold source.
   * @param hooks - `beforeEach` value, and the `current` value for late subscribers.
   */
  constructor(source: Observable<T>, hooks: MulticastHooks<T> = {}) {
    this.#source = source;
    this.#hooks = hooks;
    this.observable = new Observable<T>((subscriber) => this.#join(subscriber));
  }

  /** Whether the upstream runs. */
  get running(): boolean {
    return this.#upstream !== undefined;
  }

  /** Completes every subscriber, then stops the upstream. */
  complete(): void {
    if (this.#upstream) this.#end((each) => each.complete());
  }

  #join(subscriber: Subscriber<T>): () => void {
    this.#subscribers = [...this.#subscribers, subscriber];
    if (this.#upstream) {
      const value = this.#hooks.current?.();
      if (value !== undefined) subscriber.next(value);
    } else {
      const started = new Subscription();
      this.#upstream = started;
      started.add(
        this.#source.subscribe({
          next: (value) => {
            try {
              this.#hooks.beforeEach?.(value);
            } catch (error) {
              // A hook that throws (an app's onOpen) ends the stream with its error: thrown out of this
              // subscriber instead, it would crash Node and leave the upstream running.
              if (this.#upstream === started) this.#end((each) => each.error(error));
              return;
            }
            for (const each of this.#subscribers) each.next(value);
          },
          error: (error: unknown) => {
            if (this.#upstream === started) this.#end((each) => each.error(error));
          },
          complete: () => {
            if (this.#upstream === started) this.#end((each) => each.complete());
          },
        }),
      );
    }
    return () => {
      this.#subscribers = this.#subscribers.filter((each) => each !== subscriber);
      const upstream = this.#upstream;
      if (this.#subscribers.length === 0 && upstream) {
        this.#upstream = undefined;
        upstream.unsubscribe();
      }
    };
  }

  /** Lets the subscribers go first (one that subscribes again from its handler starts a new upstream), then stops. */
  #end(notify: (subscriber: Subscriber<T>) => void): void {
    const ended = this.#subscribers;
    const previous = this.#upstream;
    this.#subscribers = [];
    this.#upstream = undefined;
    for (const subscriber of ended) notify(subscriber);
    previous?.unsubscribe();
  }
}
