import { Observable, type Observer, type OperatorFunction } from 'rxjs';
import { handleInvalid, type InvalidHandling } from './invalid-policy.js';
import { Invalid } from './parse-message.js';

/** Where decoded values go: a subscriber, or any observer that says when it has stopped listening. */
export type Downstream<T> = Observer<T> & { readonly closed: boolean };

/**
 * Decodes each value with a parser made per subscription, keeping the source's order even when a
 * result is a Promise (a Blob, an asynchronous schema), and applies the invalid-message policy: every
 * invalid message is reported, then skipped, errors the stream, or closes the socket.
 */
export function decodeInOrder<I, T>(
  makeParser: () => (data: I) => T | Invalid | Promise<T | Invalid>,
  invalid: InvalidHandling,
): OperatorFunction<I, T> {
  return (source) =>
    new Observable<T>((subscriber) => source.subscribe(new InOrderDecoder(subscriber, makeParser(), invalid)));
}

/**
 * One subscription's decoder: an object with methods rather than half a dozen closures and a settled Promise
 * per subscription. The synchronous path (text, synchronous schema) emits at once; a Blob or an asynchronous
 * schema makes later messages wait behind it, so the order never changes.
 */
export class InOrderDecoder<I, T> implements Observer<I> {
  readonly #subscriber: Downstream<T>;
  readonly #parse: (data: I) => T | Invalid | Promise<T | Invalid>;
  readonly #invalid: InvalidHandling;
  /** Results still waiting for a Promise; while any does, every later one queues behind `#tail`. */
  #pending = 0;
  #tail: Promise<void> | undefined;

  constructor(
    subscriber: Downstream<T>,
    parse: (data: I) => T | Invalid | Promise<T | Invalid>,
    invalid: InvalidHandling,
  ) {
    this.#subscriber = subscriber;
    this.#parse = parse;
    this.#invalid = invalid;
  }

  next(data: I): void {
    const result = this.#parse(data);
    if (this.#pending === 0 && !(result instanceof Promise)) {
      this.#deliver(result);
      return;
    }
    this.#pending++;
    const settled = Promise.resolve(result);
    this.#tail = (this.#tail ?? Promise.resolve())
      .then(() => settled)
      .then(
        (value) => {
          if (!this.#subscriber.closed) this.#deliver(value);
        },
        (error: unknown) => this.#subscriber.error(error),
      )
      .finally(() => {
        this.#pending--;
      });
  }

  error(error: unknown): void {
    this.#afterPending(() => this.#subscriber.error(error));
  }

  complete(): void {
    this.#afterPending(() => this.#subscriber.complete());
  }

  #afterPending(finish: () => void): void {
    if (this.#pending === 0) finish();
    else this.#tail = (this.#tail ?? Promise.resolve()).then(finish);
  }

  #deliver(result: T | Invalid): void {
    if (result instanceof Invalid) handleInvalid(result.error, this.#invalid, this.#subscriber);
    else this.#subscriber.next(result);
  }
}
