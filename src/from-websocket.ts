import { Observable, type Subscriber, type Unsubscribable } from 'rxjs';
import type { CloseEvent } from './close-event.js';
import { CLOSED, CLOSING } from './constants.js';
import { ProviderError } from './errors/provider-error.js';
import { checkUrl, type Provider, resolveProviders } from './internal/resolve-providers.js';
import { RxWebSocket, type RxWebSocketOptions } from './rx-websocket.js';
import { internals, type LifecycleWatcher } from './socket/internals.js';
import { resolveSocketOptions } from './socket/socket-options.js';

/** Options of {@link fromWebSocket}: the URL, the subprotocols, and {@link RxWebSocketOptions}. */
export interface FromWebSocketOptions extends RxWebSocketOptions {
  /**
   * A `ws:`, `wss:`, `http:` or `https:` URL, or a function (sync or async) called for each attempt,
   * for instance to put a fresh token in it.
   */
  url: Provider<string | URL>;
  /**
   * One subprotocol or a list of them, or a function (sync or async) called for each attempt.
   * @default []
   */
  protocols?: Provider<string | readonly string[] | undefined>;
}

/**
 * A cold Observable of connections: each subscription opens exactly one {@link RxWebSocket} and
 * emits it once it is OPEN.
 *
 * - completes when the socket closes cleanly (`wasClean`), whoever closed it;
 * - errors with {@link WebSocketCloseError} when it cannot open or closes abnormally, and with the
 *   constructor's `DOMException` or {@link InvalidOptionError} for bad input; the socket's own `message$` and
 *   `data$` then complete rather than error, so the error is reported once, here, where `reconnect()` sees it;
 * - unsubscribing closes the socket with 1000, also while CONNECTING: no socket is left open and a
 *   late `open` is never delivered.
 *
 * @param url - a `ws:`, `wss:`, `http:` or `https:` URL (the next signature takes {@link FromWebSocketOptions}).
 * @returns an Observable that emits one open socket per subscription.
 * @example
 * ```ts
 * import { fromWebSocket } from 'rx-websocket';
 * import { switchMap } from 'rxjs';
 * fromWebSocket('wss://example.com/feed')
 *   .pipe(switchMap((socket) => socket.data$))
 *   .subscribe((data) => console.log(data));
 * ```
 */
export function fromWebSocket(url: string | URL): Observable<RxWebSocket>;
/**
 * A cold Observable of connections, with options (see above). A signature of its own, so that an object literal is
 * checked against these options alone: rxjs's `protocol` key would otherwise pass as `URL`'s `protocol`, unused.
 *
 * @param options - the URL, the subprotocols and {@link RxWebSocketOptions}.
 * @returns an Observable that emits one open socket per subscription.
 * @example
 * ```ts
 * import { fromWebSocket } from 'rx-websocket';
 * fromWebSocket({ url: 'wss://example.com/feed', protocols: ['v1'] }).subscribe((socket) => socket.send('hi'));
 * ```
 */
export function fromWebSocket(options: FromWebSocketOptions): Observable<RxWebSocket>;
export function fromWebSocket(urlOrOptions: string | URL | FromWebSocketOptions): Observable<RxWebSocket> {
  const { url, protocols, ...options }: FromWebSocketOptions =
    typeof urlOrOptions === 'string' || urlOrOptions instanceof URL ? { url: urlOrOptions } : urlOrOptions;
  // Bad options throw here, at the call, rather than at each subscription.
  checkUrl(url);
  resolveSocketOptions(options);
  return new Observable<RxWebSocket>((subscriber) => {
    const attempt = new Attempt(subscriber, options);
    const resolved = resolveProviders(url, protocols);
    if (resolved instanceof ProviderError) subscriber.error(resolved);
    else if (resolved instanceof Promise) {
      resolved.then(
        (result) => {
          if (subscriber.closed) return;
          if (result instanceof ProviderError) subscriber.error(result);
          else {
            try {
              attempt.open(result[0], result[1]);
            } catch (error) {
              subscriber.error(error);
            }
          }
        },
        (error: unknown) => subscriber.error(error),
      );
    } else attempt.open(resolved[0], resolved[1]);
    return attempt;
  });
}

/**
 * One subscription's socket: opens it, watches its open and close (emits it once OPEN; completes on a clean close,
 * errors on a failed or abnormal one), and closes it with 1000 when unsubscribed. An object with methods rather than
 * a closure per step and a Subscription per connection.
 */
class Attempt implements LifecycleWatcher, Unsubscribable {
  readonly #subscriber: Subscriber<RxWebSocket>;
  readonly #options: RxWebSocketOptions;
  #socket: RxWebSocket | undefined;
  #stopWatching: (() => void) | undefined;

  constructor(subscriber: Subscriber<RxWebSocket>, options: RxWebSocketOptions) {
    this.#subscriber = subscriber;
    this.#options = options;
  }

  open(url: string | URL, protocols: string | readonly string[] | undefined): void {
    const socket = new RxWebSocket(url, protocols, this.#options);
    this.#socket = socket;
    this.#stopWatching = socket[internals]().watch(this);
  }

  opened(): void {
    this.#subscriber.next(this.#socket as RxWebSocket);
  }

  closed(event: CloseEvent): void {
    const socket = this.#socket as RxWebSocket;
    if (event.wasClean) this.#subscriber.complete();
    else this.#subscriber.error(socket[internals]().closeError());
  }

  unsubscribe(): void {
    this.#stopWatching?.();
    const socket = this.#socket;
    const state = socket?.readyState;
    if (socket && state !== CLOSING && state !== CLOSED) socket.close(1000);
  }
}
