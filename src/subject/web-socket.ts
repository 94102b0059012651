import type { WebSocketSubjectConfig } from './config.js';
import { WebSocketSubject } from './web-socket-subject.js';

/**
 * Creates a {@link WebSocketSubject}: a drop-in replacement for `webSocket()` from `rxjs/webSocket`. Code that
 * only changes its import keeps working; the differences are fixes, listed in the README's migration guide.
 *
 * @param urlOrConfig - a URL, or a {@link WebSocketSubjectConfig}.
 * @returns the subject; nothing connects until it is subscribed.
 * @throws {InvalidOptionError} for an invalid option.
 * @throws {WebSocketUnavailableError} when no `WebSocket` (or rxjs's `WebSocketCtor`) is given and the runtime has no global `WebSocket`.
 * @example
 * ```ts
 * import { webSocket } from 'rx-websocket';
 * const subject = webSocket<{ type: string }>('ws://localhost:8081');
 * subject.subscribe({ next: (m) => console.log(m), error: (e) => console.error(e), complete: () => console.log('closed') });
 * subject.next({ type: 'hello' });
 * ```
 */
export function webSocket<In, Out = In>(
  urlOrConfig: string | WebSocketSubjectConfig<In, Out>,
): WebSocketSubject<In, Out> {
  return new WebSocketSubject<In, Out>(urlOrConfig);
}
