import type { WebSocketConstructorLike } from 'rx-websocket';
import { WebSocket } from 'ws';

/** `ws`'s WebSocket, recording every socket it creates (to count their listeners and states afterwards). */
export function recordingWs(): { Ctor: WebSocketConstructorLike; created: WebSocket[] } {
  const created: WebSocket[] = [];
  class Recording extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      created.push(this);
    }
  }
  return { Ctor: Recording as WebSocketConstructorLike, created };
}
