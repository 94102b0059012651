import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * No WebSocket implementation was given and the runtime has no global `WebSocket` (Node before 22 without a
 * flag). The message shows how to pass one, as the `WebSocket` option of the entry point that raised it:
 * `RxWebSocket` and `fromWebSocket()` throw when the socket is created, `webSocket()` at creation, as rxjs does.
 *
 * @example
 * ```ts
 * import { RxWebSocket } from 'rx-websocket';
 * import { WebSocket } from 'ws';
 * const socket = new RxWebSocket('ws://127.0.0.1:8080', [], { WebSocket });
 * ```
 */
export class WebSocketUnavailableError extends RxWebSocketError {
  /** The error's name, `'WebSocketUnavailableError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'WebSocketUnavailableError';
  /** The option that takes a WebSocket constructor, in every entry point. */
  readonly option = 'WebSocket';

  /**
   * @param example - how the entry point that raised it takes a constructor; each passes its own, so that a bundle
   * carries only the examples of the entry points it holds.
   */
  constructor(example = '`new RxWebSocket(url, [], { WebSocket })` or `fromWebSocket({ url, WebSocket })`') {
    super(
      // "no WebSocket constructor can be found" is rxjs/webSocket's message, which tests written for it look for.
      'This runtime has no global WebSocket, so no WebSocket constructor can be found. Pass one as the `WebSocket` ' +
        `option: \`import { WebSocket } from 'ws'\`, then ${example}. undici's WebSocket works too.`,
    );
  }
}
