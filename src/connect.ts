import { Observable, Subscription } from 'rxjs';
import { CLOSED, CLOSING } from './constants.js';
import { closeErrorOf, RxWebSocket, type RxWebSocketOptions } from './rx-websocket.js';

/** Options of {@link connect}: the URL, the subprotocols, and {@link RxWebSocketOptions}. */
export interface ConnectOptions extends RxWebSocketOptions {
  /** A `ws:`, `wss:`, `http:` or `https:` URL. */
  url: string | URL;
  /**
   * One subprotocol or a list of them.
   * @default []
   */
  protocols?: string | readonly string[];
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
 * @param urlOrOptions - a URL, or {@link ConnectOptions}.
 * @returns an Observable that emits one open socket per subscription.
 * @example
 * ```ts
 * import { connect } from 'rx-websocket';
 * import { switchMap } from 'rxjs';
 * connect('wss://example.com/feed')
 *   .pipe(switchMap((socket) => socket.data$))
 *   .subscribe((data) => console.log(data));
 * ```
 */
export function connect(urlOrOptions: string | URL | ConnectOptions): Observable<RxWebSocket> {
  const { url, protocols, ...options }: ConnectOptions =
    typeof urlOrOptions === 'string' || urlOrOptions instanceof URL ? { url: urlOrOptions } : urlOrOptions;
  return new Observable<RxWebSocket>((subscriber) => {
    const socket = new RxWebSocket(url, protocols, options);
    const subscription = new Subscription();
    subscription.add(
      socket.open$.subscribe({
        next: () => subscriber.next(socket),
        // A socket that never opened: close$ below reports it.
        error: () => {},
      }),
    );
    subscription.add(
      socket.close$.subscribe((event) => {
        if (event.wasClean) subscriber.complete();
        else subscriber.error(closeErrorOf(socket));
      }),
    );
    return () => {
      subscription.unsubscribe();
      const state = socket.readyState;
      if (state !== CLOSING && state !== CLOSED) socket.close(1000);
    };
  });
}
