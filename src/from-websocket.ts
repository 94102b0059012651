import { Observable, type Subscriber, Subscription } from 'rxjs';
import type { CloseEvent } from './close-event.js';
import { CLOSED, CLOSING } from './constants.js';
import { ProviderError } from './errors/provider-error.js';
import { type Provider, resolveProviders } from './internal/resolve-providers.js';
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
 *   constructor's `DOMException` or {@link InvalidOptionError} for bad input;
 * - unsubscribing closes the socket with 1000, also while CONNECTING: no socket is left open and a
 *   late `open` is never delivered.
 *
 * @param urlOrOptions - a URL, or {@link FromWebSocketOptions}.
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
export function fromWebSocket(urlOrOptions: string | URL | FromWebSocketOptions): Observable<RxWebSocket> {
  const { url, protocols, ...options }: FromWebSocketOptions =
    typeof urlOrOptions === 'string' || urlOrOptions instanceof URL ? { url: urlOrOptions } : urlOrOptions;
  // Bad options throw here, at the call, rather than at each subscription.
  resolveSocketOptions(options);
  return new Observable<RxWebSocket>((subscriber) => {
    let socket: RxWebSocket | undefined;
    const subscription = new Subscription();
    const open = (resolvedUrl: string | URL, resolvedProtocols: string | readonly string[] | undefined) => {
      socket = new RxWebSocket(resolvedUrl, resolvedProtocols, options);
      watch(socket, subscriber, subscription);
    };
    const resolved = resolveProviders(url, protocols);
    if (resolved instanceof ProviderError) subscriber.error(resolved);
    else if (resolved instanceof Promise) {
      resolved.then(
        (result) => {
          if (subscriber.closed) return;
          if (result instanceof ProviderError) subscriber.error(result);
          else {
            try {
              open(result[0], result[1]);
            } catch (error) {
              subscriber.error(error);
            }
          }
        },
        (error: unknown) => subscriber.error(error),
      );
    } else open(resolved[0], resolved[1]);
    return () => {
      subscription.unsubscribe();
      const state = socket?.readyState;
      if (socket && state !== CLOSING && state !== CLOSED) socket.close(1000);
    };
  });
}

/** Emits the socket once OPEN; completes on a clean close, errors on a failed or abnormal one. */
function watch(socket: RxWebSocket, subscriber: Subscriber<RxWebSocket>, subscription: Subscription): void {
  subscription.add(socket[internals]().watch(new Watcher(socket, subscriber)));
}

/** fromWebSocket()'s watcher of one socket: an object with methods rather than two closures per connection. */
class Watcher implements LifecycleWatcher {
  readonly #socket: RxWebSocket;
  readonly #subscriber: Subscriber<RxWebSocket>;

  constructor(socket: RxWebSocket, subscriber: Subscriber<RxWebSocket>) {
    this.#socket = socket;
    this.#subscriber = subscriber;
  }

  opened(): void {
    this.#subscriber.next(this.#socket);
  }

  closed(event: CloseEvent): void {
    if (event.wasClean) this.#subscriber.complete();
    else this.#subscriber.error(this.#socket[internals]().closeError());
  }
}
