import { Observable, type Observer, type Subscriber, type Unsubscribable } from 'rxjs';

/** A source that is not an Observable: it starts when called with the run's observer and stops when unsubscribed. */
export type Start<T> = (observer: Observer<T> & { readonly closed: boolean }) => Unsubscribable;

/** One run of the upstream and the subscribers it serves; it observes the upstream itself (no closures per run). */
class Run<T> implements Observer<T> {
  subscribers: Subscriber<T>[];
  /** The upstream subscription, once `subscribe()` returned it; an end during that call stops it right after. */
  upstream: Unsubscribable | undefined;
  ended = false;
  readonly #owner: Multicast<T>;

  /** Whether it stopped: what a source that is not an Observable asks before it delivers late. */
  get closed(): boolean {
    return this.ended;
  }

  constructor(owner: Multicast<T>, first: Subscriber<T>) {
    this.#owner = owner;
    this.subscribers = [first];
  }

  next(value: T): void {
    for (const each of this.subscribers) each.next(value);
  }

  error(error: unknown): void {
    this.#owner.end(this, (each) => each.error(error));
  }

  complete(): void {
    this.#owner.end(this, (each) => each.complete());
  }
}

/**
 * `share()` by hand: one upstream subscription for every subscriber, started by the first and stopped when the
 * last leaves; once the upstream ends, or is retired, the next subscriber starts it afresh. Written by hand rather
 * than with rxjs's `share()` and a wrapper for late subscribers, which keep a Subject and a dozen closures per
 * connection.
 */
export class Multicast<T> {
  readonly #source: Observable<T> | Start<T>;
  /** The run that new subscribers join; undefined when none runs or it was retired. */
  #run: Run<T> | undefined;
  /** The newest run until it ends, retired or not: the one `error()` ends. */
  #latest: Run<T> | undefined;
  #observable: Observable<T> | undefined;

  /**
   * @param source - the cold source.
   */
  constructor(source: Observable<T> | Start<T>) {
    this.#source = source;
  }

  /** Subscribing joins the running upstream, or starts it (made on first read). */
  get observable(): Observable<T> {
    this.#observable ??= new Observable<T>((subscriber) => this.join(subscriber));
    return this.#observable;
  }

  /** Whether the newest run has a subscriber (a retired one still serves its own until it ends). */
  get observed(): boolean {
    return (this.#latest?.subscribers.length ?? 0) > 0;
  }

  /** Whether an upstream runs that new subscribers would join. */
  get running(): boolean {
    return this.#run !== undefined;
  }

  /**
   * Errors every subscriber of the newest run (also when retired and still closing), then stops its upstream.
   * @param error - what they get.
   */
  error(error: unknown): void {
    const run = this.#latest;
    if (run) this.end(run, (each) => each.error(error));
  }

  /**
   * Lets the current run go on for the subscribers it has, until it ends, while the next subscriber starts a new one
   * (rxjs/webSocket's subject, after `complete()`, connects anew for the next subscriber).
   */
  retire(): void {
    this.#run = undefined;
  }

  /**
   * Joins the running upstream, or starts it: what subscribing to {@link observable} does, for an Observable of
   * one's own that needs no second one in between.
   *
   * @param subscriber - the new subscriber.
   * @returns its teardown.
   */
  join(subscriber: Subscriber<T>): () => void {
    let run = this.#run;
    if (run) run.subscribers = [...run.subscribers, subscriber];
    else {
      const started = new Run(this, subscriber);
      run = started;
      this.#run = started;
      this.#latest = started;
      const source = this.#source;
      const upstream = typeof source === 'function' ? source(started) : source.subscribe(started);
      if (started.ended) upstream.unsubscribe();
      else started.upstream = upstream;
    }
    const joined = run;
    return () => {
      joined.subscribers = joined.subscribers.filter((each) => each !== subscriber);
      if (joined.subscribers.length === 0 && !joined.ended) this.#stop(joined);
    };
  }

  /**
   * @internal Lets the run's subscribers go first (one that subscribes again from its handler starts a new run), then
   * stops it.
   * @param run - the run.
   * @param notify - what each subscriber is told.
   */
  end(run: Run<T>, notify: (subscriber: Subscriber<T>) => void): void {
    if (run.ended) return;
    const ended = run.subscribers;
    run.subscribers = [];
    if (this.#run === run) this.#run = undefined;
    for (const subscriber of ended) notify(subscriber);
    this.#stop(run);
  }

  #stop(run: Run<T>): void {
    run.ended = true;
    if (this.#run === run) this.#run = undefined;
    if (this.#latest === run) this.#latest = undefined;
    run.upstream?.unsubscribe();
  }
}
