import { Observable, type Subscriber } from 'rxjs';

/**
 * A minimal hot multicast for the per-message streams (`data$`, `message$`): like a `Subject`, but `next`
 * calls each subscriber directly, without the closure and iterator a Subject allocates per value, which
 * shows up as GC time at millions of messages per second. Copy-on-write, so subscribers may come and go
 * while a value is delivered. Once ended, late subscribers get the end at once.
 */
export class Fanout<T> {
  #subscribers: Subscriber<T>[] = [];
  #end: { error: unknown } | { complete: true } | undefined;

  /** Whether anyone listens. */
  get observed(): boolean {
    return this.#subscribers.length > 0;
  }

  readonly observable: Observable<T> = new Observable<T>((subscriber) => {
    const end = this.#end;
    if (end) {
      if ('error' in end) subscriber.error(end.error);
      else subscriber.complete();
      return;
    }
    this.#subscribers = [...this.#subscribers, subscriber];
    return () => {
      this.#subscribers = this.#subscribers.filter((s) => s !== subscriber);
    };
  });

  next(value: T): void {
    const subscribers = this.#subscribers;
    for (let i = 0; i < subscribers.length; i++) (subscribers[i] as Subscriber<T>).next(value);
  }

  complete(): void {
    this.#finish({ complete: true });
  }

  error(error: unknown): void {
    this.#finish({ error });
  }

  #finish(end: { error: unknown } | { complete: true }): void {
    if (this.#end) return;
    this.#end = end;
    const subscribers = this.#subscribers;
    this.#subscribers = [];
    for (const subscriber of subscribers) {
      if ('error' in end) subscriber.error(end.error);
      else subscriber.complete();
    }
  }
}
