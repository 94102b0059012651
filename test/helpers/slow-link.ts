import type { WebSocketData } from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';

const size = (data: WebSocketData) =>
  typeof data === 'string' ? new TextEncoder().encode(data).length : data instanceof Blob ? data.size : data.byteLength;

/**
 * Fake sockets whose bufferedAmount grows with every send, as a real runtime's does, and shrinks when the
 * test lets the network `drain()`; they play `ws`, so they can also `pause()`/`resume()` reading.
 */
export function slowLink() {
  const paused: boolean[] = [];
  class SlowLinkSocket extends (fakeWebSocket({ runtime: 'ws' }).WebSocket as unknown as typeof FakeWebSocket) {
    override send(data: WebSocketData): void {
      super.send(data);
      this.bufferedAmount += size(data);
    }
    /** The network takes `bytes` from the buffer. */
    drain(bytes = Number.POSITIVE_INFINITY): void {
      this.bufferedAmount = Math.max(0, this.bufferedAmount - bytes);
    }
    override pause(): void {
      paused.push(true);
    }
    override resume(): void {
      paused.push(false);
    }
  }
  const sockets: SlowLinkSocket[] = [];
  class Recorded extends SlowLinkSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols);
      sockets.push(this);
    }
  }
  return {
    WebSocket: Recorded,
    get last(): SlowLinkSocket {
      return sockets.at(-1) as SlowLinkSocket;
    },
    /** Every pause (true) and resume (false) call, in order. */
    paused,
  };
}
