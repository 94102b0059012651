import type { BinaryType, WebSocketData, WebSocketLike } from '../types.js';
import type { Transport, TransportSink } from './transport.js';

/** What every runtime's socket has: the standard's properties, `send()` and `close()`. */
export type RuntimeSocket = Omit<WebSocketLike, 'addEventListener' | 'removeEventListener'>;

/**
 * What the adapters share: the standard's properties, `send()` and `close()` read and called on the runtime's socket
 * as they are. Each adapter adds how it listens, and its quirks.
 */
export abstract class RuntimeTransport<S extends RuntimeSocket> implements Transport {
  /**
   * @param ws - the runtime's socket, just constructed.
   * @param sink - where the standard's events go.
   */
  constructor(
    protected readonly ws: S,
    protected readonly sink: TransportSink,
  ) {}

  get url(): string | undefined {
    return this.ws.url;
  }
  get readyState(): number {
    return this.ws.readyState;
  }
  get protocol(): string {
    const protocol = this.ws.protocol;
    return typeof protocol === 'string' ? protocol : '';
  }
  get extensions(): string {
    return this.ws.extensions ?? '';
  }
  get bufferedAmount(): number | undefined {
    return this.ws.bufferedAmount;
  }
  get binaryType(): BinaryType {
    return this.ws.binaryType as BinaryType;
  }
  set binaryType(value: BinaryType) {
    this.ws.binaryType = value;
  }

  send(data: WebSocketData): void {
    this.ws.send(data as never);
  }

  close(code?: number, reason?: string): void {
    if (code === undefined) this.ws.close();
    else this.ws.close(code, reason ?? '');
  }

  abstract receive(): void;
  abstract opened(): void;
  abstract detach(): void;
}
