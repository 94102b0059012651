import { AsyncSubject, BehaviorSubject, Observable, Subject, type Subscriber, type TeardownLogic } from 'rxjs';
import type { CloseEvent } from '../close-event.js';
import { CLOSED } from '../constants.js';
import { Fanout } from '../internal/fanout.js';
import type { RxWebSocket } from '../rx-websocket.js';
import type { ReadyState, WebSocketData } from '../types.js';
import { internals } from './internals.js';

/** A message that `next()` could not deliver, reported on {@link RxWebSocket.dropped$}. */
export interface DroppedMessage {
  /** The message as given to `next()`. */
  readonly data: WebSocketData;
  /**
   * `'overflow'`: the pre-open queue was full (rules `'drop-oldest'`/`'drop-newest'`);
   * `'closed'`: the socket closed, or was closing, before the message could be sent.
   */
  readonly reason: 'overflow' | 'closed';
}

type Ender = { complete(): void; error(error: unknown): void };

/**
 * A socket's seven Observables and the subjects behind them, made when one is first read (an idle socket carries
 * none of this). Each getter returns the same Observable on every read, as Angular's `async` pipe needs (a fresh
 * one per read is resubscribed on every check). The socket tells the streams what happens through the methods below;
 * a late subscriber gets what it missed from the socket's internals.
 */
export class SocketStreams {
  readonly #socket: RxWebSocket;
  #open: AsyncSubject<Event> | undefined;
  #error: Subject<Event> | undefined;
  #close: AsyncSubject<CloseEvent> | undefined;
  #readyState: BehaviorSubject<ReadyState> | undefined;
  #dropped: Subject<DroppedMessage> | undefined;
  #message: Fanout<MessageEvent> | undefined;
  #data: Fanout<unknown> | undefined;
  #kept: Partial<Record<string, Observable<never>>> = {};

  /**
   * @param socket - the socket whose events these are.
   */
  constructor(socket: RxWebSocket) {
    this.#socket = socket;
  }

  /** Whether a `message$` subscriber waits for MessageEvents. */
  get messageObserved(): boolean {
    return this.#message?.observed ?? false;
  }

  get open$(): Observable<Event> {
    return this.#keep('open$', (subscriber) => {
      if (!this.#open) {
        this.#open = new AsyncSubject();
        const socket = this.#host();
        const event = socket.openEvent();
        if (event) finish(this.#open, event);
        else if (socket.closeEvent) this.#open.error(socket.closeError());
      }
      return this.#open.subscribe(subscriber);
    });
  }

  get message$(): Observable<MessageEvent> {
    return this.#keep('message$', (subscriber) => {
      this.#message ??= this.#ended(new Fanout<MessageEvent>());
      this.#host().receive();
      return this.#message.observable.subscribe(subscriber);
    });
  }

  get data$(): Observable<unknown> {
    return this.#keep('data$', (subscriber) => {
      this.#data ??= this.#ended(new Fanout());
      this.#host().receive();
      return this.#data.observable.subscribe(subscriber);
    });
  }

  get error$(): Observable<Event> {
    return this.#keep('error$', (subscriber) => {
      this.#error ??= new Subject();
      if (this.#host().closeEvent) this.#error.complete();
      return this.#error.subscribe(subscriber);
    });
  }

  get close$(): Observable<CloseEvent> {
    return this.#keep('close$', (subscriber) => {
      if (!this.#close) {
        this.#close = new AsyncSubject();
        const closed = this.#host().closeEvent;
        if (closed) finish(this.#close, closed);
      }
      return this.#close.subscribe(subscriber);
    });
  }

  get readyState$(): Observable<ReadyState> {
    return this.#keep('readyState$', (subscriber) => {
      const state = this.#host().state;
      if (state === CLOSED) {
        subscriber.next(CLOSED);
        subscriber.complete();
        return;
      }
      this.#readyState ??= new BehaviorSubject<ReadyState>(state);
      return this.#readyState.subscribe(subscriber);
    });
  }

  get dropped$(): Observable<DroppedMessage> {
    return this.#keep('dropped$', (subscriber) => {
      this.#dropped ??= new Subject();
      if (this.#host().closeEvent) this.#dropped.complete();
      return this.#dropped.subscribe(subscriber);
    });
  }

  /** The socket opened with `event`. */
  opened(event: Event): void {
    if (this.#open) finish(this.#open, event);
  }

  /** A message arrived: `event` is made only when a `message$` subscriber or listener wants it. */
  received(data: unknown, event: MessageEvent | undefined): void {
    if (event) this.#message?.next(event);
    this.#data?.next(data);
  }

  /** The `error` event fired. */
  errored(event: Event): void {
    this.#error?.next(event);
  }

  /** The ready state changed. */
  state(state: ReadyState): void {
    this.#readyState?.next(state);
  }

  /** `next()` dropped a message. */
  dropped(message: DroppedMessage): void {
    this.#dropped?.next(message);
  }

  /** The ready state became CLOSED: `readyState$` completes, before the close event is dispatched. */
  stateClosed(): void {
    this.#readyState?.complete();
  }

  /**
   * The close event was dispatched: `open$` (if it never opened), `message$`, `data$` and `error$` end, the message
   * streams with the close error when the close was not clean, unless fromWebSocket()'s stream of sockets reports it.
   */
  ended(opened: boolean): void {
    if (this.#open && !opened) this.#open.error(this.#host().closeError());
    this.#end(this.#message);
    this.#end(this.#data);
    this.#error?.complete();
  }

  /** Then `close$` emits the close event and completes. */
  closeEmitted(event: CloseEvent): void {
    if (this.#close) finish(this.#close, event);
  }

  /** Last, once `dropped$` has had what the queue held. */
  droppedComplete(): void {
    this.#dropped?.complete();
  }

  #keep<T>(key: string, subscribe: (subscriber: Subscriber<T>) => TeardownLogic): Observable<T> {
    const stream = (this.#kept[key] as Observable<T> | undefined) ?? new Observable(subscribe);
    this.#kept[key] = stream as Observable<never>;
    return stream;
  }

  /** The socket as it is now (read when someone subscribes, and when it closes: never per message). */
  #host() {
    return this.#socket[internals]();
  }

  /** A stream created after the close ends at once. */
  #ended<S extends Ender>(subject: S): S {
    if (this.#host().closeEvent) this.#end(subject);
    return subject;
  }

  #end(subject: Ender | undefined): void {
    if (!subject) return;
    const socket = this.#host();
    const event = socket.closeEvent;
    if (!event) return;
    // A socket of fromWebSocket() has its close reported once, by the stream of sockets (which reconnect() may
    // retry): its message streams only end, or switchMap to them would end the pipeline along with the socket.
    if (event.wasClean || socket.owned) subject.complete();
    else subject.error(socket.closeError());
  }
}

function finish<T>(subject: AsyncSubject<T>, value: T): void {
  subject.next(value);
  subject.complete();
}
