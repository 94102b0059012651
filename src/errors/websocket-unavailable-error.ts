import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * No WebSocket implementation was given and the runtime has no global `WebSocket`
 * (Node before 22 without a flag). The message says how to pass one.
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
  constructor() {
    super(
      "This runtime has no global WebSocket. Pass an implementation: `import { WebSocket } from 'ws'` " +
        'and `new RxWebSocket(url, [], { WebSocket })` (or `connect({ url, WebSocket })`); ' +
        "undici's WebSocket works too.",
    );
  }
}
