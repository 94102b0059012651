import type { Observable } from 'rxjs';
import type { CloseEvent } from '../close-event.js';
import type { RxWebSocket } from '../rx-websocket.js';
import type { ReadyState } from '../types.js';
import { SocketEventTarget } from './socket-event-target.js';
import { type DroppedMessage, SocketStreams } from './streams.js';

/**
 * A socket's events as RxJS Observables: hot, multicast, each with a documented ending. The Observables (and the
 * subjects behind them) are made when one is first read, so an idle socket carries none. {@link RxWebSocket} tells
 * them what happens through {@link ObservableSocket.streams}.
 */
export abstract class ObservableSocket extends SocketEventTarget {
  #streams: SocketStreams | undefined;

  /**
   * The `open` event: emits once and completes. A late subscriber gets the event at once (one who subscribes
   * after open fired gets an equal event: same `type`, `timeStamp` and `target`); it errors with
   * {@link WebSocketCloseError} when the socket closes without opening.
   */
  get open$(): Observable<Event> {
    return this.#streamsOf().open$;
  }

  /**
   * Every `MessageEvent`. Completes on a clean close; errors with {@link WebSocketCloseError} on an
   * abnormal one, so `retry` and `repeat` compose. A socket of `fromWebSocket()` completes on any close: its
   * stream of sockets reports the error, so that `switchMap` to it after `reconnect()` does not end the pipeline.
   * A MessageEvent is created per message only while someone listens; use `data$` on hot paths.
   */
  get message$(): Observable<MessageEvent> {
    return this.#streamsOf().message$;
  }

  /** The payload of every message (`string`, `Blob` or `ArrayBuffer`); ends as `message$` does. */
  get data$(): Observable<unknown> {
    return this.#streamsOf().data$;
  }

  /** Every `error` event (at most one, just before `close`); completes when the socket closes. */
  get error$(): Observable<Event> {
    return this.#streamsOf().error$;
  }

  /** The `CloseEvent`: emits once and completes, also for late subscribers. Never errors. */
  get close$(): Observable<CloseEvent> {
    return this.#streamsOf().close$;
  }

  /** The ready state: the current one first, then each change; completes after `CLOSED`. */
  get readyState$(): Observable<ReadyState> {
    return this.#streamsOf().readyState$;
  }

  /** Messages given to `next()` that were not sent; completes when the socket closes. */
  get dropped$(): Observable<DroppedMessage> {
    return this.#streamsOf().dropped$;
  }

  /** @internal The streams, once one was read (`undefined` before: nobody to tell). */
  protected get streams(): SocketStreams | undefined {
    return this.#streams;
  }

  #streamsOf(): SocketStreams {
    this.#streams ??= new SocketStreams(this as unknown as RxWebSocket);
    return this.#streams;
  }
}
