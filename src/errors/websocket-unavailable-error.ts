import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * No WebSocket implementation was given and the runtime has no global `WebSocket` (Node before 22 without a
 * flag). The message names the option of the API that raised it, and shows how to pass one: `WebSocket` for
 * `RxWebSocket`, `connect()` and `connection()` (thrown when the socket is created), `WebSocketCtor` for
 * `webSocket()` (thrown at creation, as rxjs does).
 *
 * @example
 * ```ts
 * import { WebSocket } from 'ws';
 * const socket = new RxWebSocket('ws://127.0.0.1:8080', [], { WebSocket });
 * ```
 */
export class WebSocketUnavailableError extends RxWebSocketError {
  /** The error's name, `'WebSocketUnavailableError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'WebSocketUnavailableError';
  /** The option that takes a WebSocket constructor in the API that raised it. */
  readonly option: 'WebSocket' | 'WebSocketCtor';

  /**
   * @param option - the option of the API that raised it.
   */
  constructor(option: 'WebSocket' | 'WebSocketCtor' = 'WebSocket') {
    const example =
      option === 'WebSocket'
        ? 'new RxWebSocket(url, [], { WebSocket })'
        : 'webSocket({ url, WebSocketCtor: WebSocket })';
    super(
      `This runtime has no global WebSocket. Pass one as the \`${option}\` option: ` +
        `\`import { WebSocket } from 'ws'\`, then \`${example}\` (undici's WebSocket works too).`,
    );
    this.option = option;
  }
}
