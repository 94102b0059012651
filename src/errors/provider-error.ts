import { RxWebSocketError } from './rx-websocket-error.js';

/**
 * A `url` or `protocols` function threw or rejected, so that connection attempt failed. With
 * `reconnect()`, backoff continues and the function is called again for the next attempt.
 *
 * @example
 * ```ts
 * fromWebSocket({ url: async () => `wss://api.example/live?token=${await getToken()}` });
 * ```
 */
export class ProviderError extends RxWebSocketError {
  /** The error's name, `'ProviderError'`, also across realms and bundles (see `isRxWebSocketError`). */
  override name = 'ProviderError';
  /** Which option's function failed. */
  readonly option: 'url' | 'protocols';

  /**
   * Creates the error for a `url` or `protocols` function that failed.
   *
   * @param option - which option's function failed.
   * @param cause - what it threw or rejected with.
   */
  constructor(option: 'url' | 'protocols', cause: unknown) {
    super(
      `The ${option} function ${cause instanceof Error ? `failed: ${cause.message}` : 'failed'}. The attempt was abandoned.`,
      { cause },
    );
    this.option = option;
  }
}
