import { type EnvironmentProviders, InjectionToken, makeEnvironmentProviders } from '@angular/core';
import type { WebSocketSubjectConfig } from '../subject/config.js';

/**
 * What `rx-websocket/angular` adds to {@link WebSocketSubjectConfig}.
 *
 * @example
 * ```ts
 * import { provideWebSocket } from 'rx-websocket/angular';
 * provideWebSocket({ url: 'wss://example.com/chat', pendingUntilFirstMessage: { timeout: 5000 } });
 * ```
 */
export interface AngularWebSocketOptions {
  /**
   * Holds the app unstable (Angular's `PendingTasks`) from `connect()` until the first message arrives, the
   * connection ends, or `timeout` milliseconds pass: `whenStable()`, hydration and tests then see the first message.
   * `true` means a timeout of 10 seconds. Never on the server, where no socket opens.
   * @default false
   */
  pendingUntilFirstMessage?:
    | boolean
    | {
        /** How long the hold may last, in milliseconds of the configured `scheduler` (`Infinity`: until a message or the end). */
        readonly timeout: number;
      };
}

/** The configuration {@link provideWebSocket} provides: any key of `webSocket()`'s configuration, and the Angular ones. */
export type WebSocketConfig<In = unknown, Out = In> = Partial<WebSocketSubjectConfig<In, Out>> &
  AngularWebSocketOptions;

/**
 * The app-wide configuration that every {@link injectWebSocket} starts from (its own configuration wins, key by key).
 *
 * @example
 * ```ts
 * import { inject } from '@angular/core';
 * import { WEB_SOCKET_CONFIG } from 'rx-websocket/angular';
 * const url = inject(WEB_SOCKET_CONFIG, { optional: true })?.url;
 * ```
 */
export const WEB_SOCKET_CONFIG: InjectionToken<WebSocketConfig> = new InjectionToken<WebSocketConfig>(
  'rx-websocket WEB_SOCKET_CONFIG',
);

/**
 * Provides the app-wide WebSocket configuration (in `bootstrapApplication`'s providers, or a route's).
 *
 * @param config - any key of `webSocket()`'s configuration (`url`, `reconnect`, `schema`, …) and
 * {@link AngularWebSocketOptions}.
 * @returns the providers.
 * @example
 * ```ts
 * import { provideZonelessChangeDetection } from '@angular/core';
 * import { reconnect } from 'rx-websocket';
 * import { provideWebSocket } from 'rx-websocket/angular';
 * const providers = [provideZonelessChangeDetection(), provideWebSocket({ url: '/chat', reconnect: reconnect() })];
 * ```
 */
export function provideWebSocket<In = unknown, Out = In>(config: WebSocketConfig<In, Out>): EnvironmentProviders {
  return makeEnvironmentProviders([{ provide: WEB_SOCKET_CONFIG, useValue: config }]);
}
