import type { WebSocketLike } from '../types.js';

/**
 * The WebSocket that {@link injectWebSocket} gives its subject on the server platform, in place of the configured one
 * or the runtime's: it never connects (it stays CONNECTING), sends nothing and holds no timer. So a server render
 * needs no WebSocket implementation (Node 20 has none), and opens no socket even when the app subscribes to the
 * subject itself; the page renders the initial state.
 */
export class ServerPlatformWebSocket implements WebSocketLike {
  readyState = 0;
  readonly url: string;
  readonly protocol = '';
  readonly extensions = '';
  readonly bufferedAmount = 0;
  binaryType = 'blob';
  onopen = null;
  onmessage = null;
  onerror = null;
  onclose = null;

  constructor(url: string) {
    this.url = url;
  }

  send(): void {}

  close(): void {
    this.readyState = 3;
  }
}
