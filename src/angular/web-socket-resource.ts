import {
  assertInInjectionContext,
  DestroyRef,
  type Injector,
  inject,
  type ResourceRef,
  type ResourceStreamItem,
  resource,
  runInInjectionContext,
  type Signal,
  signal,
  untracked,
  type WritableSignal,
} from '@angular/core';
import { filter, map, merge, type Observable } from 'rxjs';
import { WebSocketCloseError } from '../errors/websocket-close-error.js';
import type { ConnectionState } from '../reconnect/connection-state.js';
import type { InjectedWebSocket } from './inject-web-socket.js';

/**
 * The socket's latest message as an Angular `Resource` (built on `resource()`'s stream loader):
 * - `idle` until `connect()` and after `disconnect()` (so nothing is pending on the server);
 * - `loading` until the first message;
 * - `resolved` with each message;
 * - `reloading` while reconnecting, keeping the last message as its value (none after an `error`), until the socket
 *   is open again;
 * - `error` when the connection fails for good (reconnection gave up, or none was configured).
 *
 * @param socket - what {@link injectWebSocket} returned.
 * @param options - `injector`, to call it outside an injection context.
 * @returns the resource; it is destroyed with its injection context.
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectWebSocket, webSocketResource } from 'rx-websocket/angular';
 * @Component({ selector: 'app-price', template: `@if (price.hasValue()) { {{ price.value()?.value }} }` })
 * export class PriceComponent {
 *   readonly socket = injectWebSocket<{ value: number }>({ url: 'wss://example.com/price' });
 *   readonly price = webSocketResource(this.socket);
 * }
 * ```
 */
export function webSocketResource<In, Out = In>(
  socket: InjectedWebSocket<In, Out>,
  options: { injector?: Injector } = {},
): ResourceRef<In | undefined> {
  const create = () => {
    // `true` while the app wants the connection: undefined makes the resource idle.
    const params = () => (socket.connected() ? true : undefined);
    const ref = resource<In | undefined, true | undefined>({
      params,
      stream: ({ abortSignal, previous }) =>
        new Promise<Signal<ResourceStreamItem<In | undefined>>>((resolve) => {
          let item: WritableSignal<ResourceStreamItem<In | undefined>> | undefined;
          // Status before this load: 'idle' for the first load after connect(), what the resource showed for a reload.
          const reload = previous.status !== 'idle';
          const emit = (next: ResourceStreamItem<In | undefined>) => {
            if (item) item.set(next);
            else {
              item = signal(next);
              resolve(item);
            }
          };
          // A reload (a reconnection) is resolved by the socket opening again, with the latest message since connect().
          const reopened: Observable<ResourceStreamItem<In | undefined>> = socket.subject.state$.pipe(
            filter((state) => state.status === 'open' && reload && untracked(socket.latest) !== undefined),
            map(() => ({ value: untracked(socket.latest) })),
          );
          const failed = socket.subject.state$.pipe(
            filter(isFailure),
            map((state) => ({ error: failureOf(state) })),
          );
          const messages = socket.messages$.pipe(map((value): ResourceStreamItem<In | undefined> => ({ value })));
          // A message that arrived before the loader ran (effects run with change detection) is not lost.
          const seen = untracked(socket.latest);
          if (seen !== undefined && !reload) emit({ value: seen });
          const subscription = merge(messages, reopened, failed).subscribe(emit);
          abortSignal.addEventListener('abort', () => subscription.unsubscribe(), { once: true });
        }),
    });
    // Reconnecting (or connecting again after a failure) reads as reloading: the loader runs again and resolves when
    // the socket is open again. reload() does nothing while idle or loading.
    const watch = socket.subject.state$
      .pipe(filter((state) => state.status === 'reconnecting' || state.status === 'connecting'))
      .subscribe(() => ref.reload());
    inject(DestroyRef).onDestroy(() => watch.unsubscribe());
    return ref;
  };
  if (options.injector) return runInInjectionContext(options.injector, create);
  assertInInjectionContext(webSocketResource);
  return create();
}

type Closed = Extract<ConnectionState, { status: 'closed' }>;

/** Whether the connection ended for good because it failed (not because the app closed it). */
function isFailure(state: ConnectionState): state is Closed {
  return (
    state.status === 'closed' &&
    (state.reason === 'error' || state.reason === 'max-attempts' || state.reason === 'policy')
  );
}

function failureOf(state: Closed): Error {
  if (state.error instanceof Error) return state.error;
  if (state.lastClose) return new WebSocketCloseError(state.lastClose);
  return new Error(`The connection closed (${state.reason}).`);
}
