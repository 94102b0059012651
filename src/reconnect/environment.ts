/** A change that the reconnection engine reacts to. */
export type EnvironmentChange = 'online' | 'offline' | 'visible' | 'hidden';

/**
 * What the reconnection engine knows of the device: whether it is online, whether the page is visible,
 * and changes of both. Injected, so that tests (and non-browser runtimes) control it.
 *
 * @example
 * ```ts
 * const environment: ReconnectEnvironment = {
 *   isOnline: () => true,
 *   isVisible: () => true,
 *   listen: (listener) => { emitter.on('change', listener); return () => emitter.off('change', listener); },
 * };
 * ```
 */
export interface ReconnectEnvironment {
  /**
   * Whether the device is online.
   * @returns false while the device is offline.
   */
  isOnline(): boolean;
  /**
   * Whether the page is visible.
   * @returns false while the page is hidden.
   */
  isVisible(): boolean;
  /**
   * Calls `listener` on each change.
   * @param listener - called with each change.
   * @returns a function that stops listening.
   */
  listen(listener: (change: EnvironmentChange) => void): () => void;
}

interface EventSource {
  addEventListener(type: string, listener: () => void): void;
  removeEventListener(type: string, listener: () => void): void;
}

/**
 * The browser's environment: `navigator.onLine` with `online`/`offline` events on `window`, and
 * `document.visibilityState` with `visibilitychange`. Read when called (never at import); `undefined`
 * outside a browser.
 *
 * @param scope - where to find `window`, `navigator` and `document`.
 * @default globalThis
 * @returns the environment, or `undefined` when the scope has no `window` and `document`.
 * @example
 * ```ts
 * reconnect({ environment: browserEnvironment() });
 * ```
 */
export function browserEnvironment(scope: object = globalThis): ReconnectEnvironment | undefined {
  const { window, document, navigator } = scope as {
    window?: EventSource;
    document?: EventSource & { visibilityState?: string };
    navigator?: { onLine?: boolean };
  };
  if (!window || !document || typeof window.addEventListener !== 'function') return undefined;
  return {
    isOnline: () => navigator?.onLine !== false,
    isVisible: () => document.visibilityState !== 'hidden',
    listen: (listener) => {
      const online = () => listener('online');
      const offline = () => listener('offline');
      const visibility = () => listener(document.visibilityState === 'hidden' ? 'hidden' : 'visible');
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visibility);
      return () => {
        window.removeEventListener('online', online);
        window.removeEventListener('offline', offline);
        document.removeEventListener('visibilitychange', visibility);
      };
    },
  };
}
