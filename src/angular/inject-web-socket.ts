import {
  assertInInjectionContext,
  DestroyRef,
  ErrorHandler,
  type Injector,
  inject,
  NgZone,
  PendingTasks,
  PLATFORM_ID,
  runInInjectionContext,
  type Signal,
  signal,
  type WritableSignal,
} from '@angular/core';
import { asyncScheduler, type Observable, Subject, type Subscription } from 'rxjs';
import { InvalidOptionError } from '../errors/invalid-option-error.js';
import type { Narrow } from '../messages/of-type.js';
import { isInputError } from '../reconnect/close-policy.js';
import type { ConnectionState } from '../reconnect/connection-state.js';
import type { WebSocketSubjectConfig } from '../subject/config.js';
import { webSocket } from '../subject/web-socket.js';
import type { WebSocketSubject } from '../subject/web-socket-subject.js';
import { type AngularWebSocketOptions, WEB_SOCKET_CONFIG, type WebSocketConfig } from './config.js';
import { outsideAngularZone } from './outside-angular-zone.js';
import { ServerPlatformWebSocket } from './server-platform-socket.js';

/** The discriminant values of a union of messages: their `type`s. */
type TypeOf<In> = In extends { readonly type: infer T } ? T : never;

/**
 * What {@link injectWebSocket} returns: the subject, signals of its state and messages, and the calls that open and
 * close it. Reading a signal never opens the socket; `connect()` does, and so do `send()` and subscribing to `subject`.
 */
export interface InjectedWebSocket<In, Out = In> {
  /** The `webSocket()` subject (every operator works on it); subscribing to it opens the socket, as usual. */
  readonly subject: WebSocketSubject<In, Out>;
  /** The connection state: `closed` (reason `'idle'`) until `connect()`. */
  readonly state: Signal<ConnectionState>;
  /** The latest message since `connect()` (kept across reconnections, and after `disconnect()`), or `undefined`. */
  readonly latest: Signal<In | undefined>;
  /**
   * Whether the app wants the connection: `connect()` (or `send()`) was called, and neither `disconnect()` nor a clean
   * close came since. It stays `true` after a failure, until `disconnect()`.
   */
  readonly connected: Signal<boolean>;
  /**
   * The messages received while connected, for {@link webSocketResource} and other views that must not hold the
   * socket. It completes when the injection context is destroyed.
   */
  readonly messages$: Observable<In>;
  /**
   * The latest message of one `type`, narrowed to the members of the union that carry it.
   *
   * @param type - the `type` to follow.
   * @returns a signal (the same one for the same type), `undefined` until such a message arrives.
   */
  latestOfType<const T extends TypeOf<In>>(type: T): Signal<Narrow<In, 'type', T> | undefined>;
  /**
   * Opens the connection (on the server: does nothing). It does nothing while a connection is open or being attempted
   * (reconnection included); after a failure, it tries again.
   */
  connect(): void;
  /** Closes the connection (without a code, as `webSocket()`'s teardown: the server sees 1005); `connect()` reopens. */
  disconnect(): void;
  /**
   * Sends a message, opening the connection first if needed (queued until open, as `subject.next()`). On the server
   * it does nothing.
   *
   * @param message - the outgoing message.
   */
  send(message: Out): void;
}

const DEFAULT_PENDING_TIMEOUT = 10_000;

/**
 * Creates a WebSocket for a component or service: the configuration provided with {@link provideWebSocket}, overridden
 * by `config`, torn down with the injection context (`DestroyRef`). Lazy: nothing connects until `connect()`, `send()`
 * or a subscription to `subject`; on the server platform nothing ever connects. Works with or without zone.js: the
 * socket's timers run outside Angular's zone, so they never keep the app unstable.
 *
 * @param config - keys of `webSocket()`'s configuration and {@link AngularWebSocketOptions}; `url` is needed here or in
 * the provided configuration. With `schema`, the messages are typed from it.
 * @param options - `injector`, to call it outside an injection context.
 * @returns the socket's subject, signals and calls.
 * @throws {InvalidOptionError} when no `url` is configured, or for any option `webSocket()` rejects.
 * @example
 * ```ts
 * import { Component } from '@angular/core';
 * import { injectWebSocket } from 'rx-websocket/angular';
 * type Message = { type: 'message'; text: string } | { type: 'users'; names: string[] };
 * @Component({ selector: 'app-chat', template: `{{ chat.state().status }} {{ chat.latestOfType('message')()?.text }}` })
 * export class ChatComponent {
 *   readonly chat = injectWebSocket<Message>({ url: 'wss://example.com/chat' });
 * }
 * ```
 */
export function injectWebSocket<In, Out = In>(
  config: WebSocketConfig<In, Out> = {},
  options: { injector?: Injector } = {},
): InjectedWebSocket<In, Out> {
  const create = () => new AngularWebSocket<In, Out>(config);
  if (options.injector) return runInInjectionContext(options.injector, create);
  assertInInjectionContext(injectWebSocket); // Angular's own error, naming injectWebSocket(), not a token
  return create();
}

/** One injected socket: its subscription while connected, and the signals it feeds. */
class AngularWebSocket<In, Out> implements InjectedWebSocket<In, Out> {
  readonly subject: WebSocketSubject<In, Out>;
  readonly #state: WritableSignal<ConnectionState>;
  readonly #latest = signal<In | undefined>(undefined);
  readonly #connected = signal(false);
  readonly #messages = new Subject<In>();
  readonly #byType = new Map<unknown, WritableSignal<In | undefined>>();
  readonly #onServer = inject(PLATFORM_ID) === 'server';
  readonly #pendingTasks = inject(PendingTasks);
  readonly #errorHandler = inject(ErrorHandler);
  readonly #pending: AngularWebSocketOptions['pendingUntilFirstMessage'];
  readonly #scheduler;
  #subscription: Subscription | undefined;
  #release: (() => void) | undefined;

  constructor(local: WebSocketConfig<In, Out>) {
    const provided = inject(WEB_SOCKET_CONFIG, { optional: true }) as WebSocketConfig<In, Out> | null;
    const { pendingUntilFirstMessage, WebSocket, WebSocketCtor, ...subjectConfig } = { ...provided, ...local };
    if (subjectConfig.url === undefined) {
      throw new InvalidOptionError(
        'url',
        undefined,
        'a URL, given to injectWebSocket({ url }) or to provideWebSocket({ url })',
      );
    }
    const pending = pendingUntilFirstMessage;
    if (pending !== undefined && typeof pending !== 'boolean') {
      if (typeof pending !== 'object' || pending === null) {
        throw new InvalidOptionError('pendingUntilFirstMessage', pending, 'true, false or { timeout: milliseconds }');
      }
      const { timeout } = pending;
      if (!(typeof timeout === 'number' && timeout > 0)) {
        throw new InvalidOptionError(
          'pendingUntilFirstMessage.timeout',
          timeout,
          'a positive number of milliseconds (Infinity holds until the first message)',
        );
      }
    }
    this.#pending = pending;
    // No timer of the socket's keeps a zone.js app (or its server render) from becoming stable.
    this.#scheduler = outsideAngularZone(inject(NgZone), subjectConfig.scheduler ?? asyncScheduler);
    // On the server nothing connects, whatever the app does with the subject, and no WebSocket implementation is needed.
    const socketType = this.#onServer ? { WebSocket: ServerPlatformWebSocket } : { WebSocket, WebSocketCtor };
    this.subject = webSocket<In, Out>({
      ...subjectConfig,
      ...socketType,
      scheduler: this.#scheduler,
    } as WebSocketSubjectConfig<In, Out>);
    this.messages$ = this.#messages.asObservable();
    this.#state = signal(this.subject.state);
    // The state is watched from the start (watching opens nothing), so the signal is right before connect().
    const watch = this.subject.state$.subscribe((state) => this.#state.set(state));
    inject(DestroyRef).onDestroy(() => {
      watch.unsubscribe();
      this.#stopPending();
      this.#subscription?.unsubscribe();
      this.subject.unsubscribe();
      this.#messages.complete();
    });
  }

  readonly messages$: Observable<In>;

  get state(): Signal<ConnectionState> {
    return this.#state.asReadonly(); // Angular keeps one read-only view per signal: the same one on every read
  }

  get latest(): Signal<In | undefined> {
    return this.#latest.asReadonly();
  }

  get connected(): Signal<boolean> {
    return this.#connected.asReadonly();
  }

  latestOfType<const T extends TypeOf<In>>(type: T): Signal<Narrow<In, 'type', T> | undefined> {
    let typed = this.#byType.get(type);
    if (!typed) {
      typed = signal<In | undefined>(undefined);
      this.#byType.set(type, typed);
    }
    return typed.asReadonly() as Signal<Narrow<In, 'type', T> | undefined>;
  }

  connect(): void {
    if (this.#onServer || this.#subscription) return;
    this.#connected.set(true);
    // A new connection's messages start afresh: nothing of the last one reads as this one's.
    this.#latest.set(undefined);
    for (const typed of this.#byType.values()) typed.set(undefined);
    this.#holdPending();
    this.#subscription = this.subject.subscribe({
      next: (message) => this.#received(message),
      error: (error: unknown) => {
        // Bad configuration (an invalid URL, a ws: URL from an https page) is a bug to fix, not a network failure:
        // Angular's ErrorHandler logs it, beside state().error.
        if (isInputError(error)) this.#errorHandler.handleError(error);
        this.#ended(true);
      },
      complete: () => this.#ended(false),
    });
  }

  disconnect(): void {
    const subscription = this.#subscription;
    this.#subscription = undefined;
    this.#stopPending();
    this.#connected.set(false);
    subscription?.unsubscribe();
  }

  send(message: Out): void {
    // On the server nothing will ever send it: queueing would only fill the queue (and throw once it is full).
    if (this.#onServer) return;
    this.connect();
    this.subject.next(message);
  }

  #received(message: In): void {
    this.#stopPending();
    this.#latest.set(message);
    const type = (message as { type?: unknown } | null)?.type;
    this.#byType.get(type)?.set(message);
    this.#messages.next(message);
  }

  /**
   * The subject ended: a later connect() opens a new socket. A failure leaves `connected` as the app set it (the app
   * still wants the connection, and a resource reads the failure as its error); a clean close clears it.
   */
  #ended(failed: boolean): void {
    this.#subscription = undefined;
    this.#stopPending();
    if (!failed) this.#connected.set(false);
  }

  #holdPending(): void {
    const pending = this.#pending;
    if (!pending) return;
    const done = this.#pendingTasks.add();
    const timeout = typeof pending === 'object' ? pending.timeout : DEFAULT_PENDING_TIMEOUT;
    // No timer for an endless hold: setTimeout would take Infinity as 0.
    const timer =
      timeout === Number.POSITIVE_INFINITY ? undefined : this.#scheduler.schedule(() => this.#stopPending(), timeout);
    this.#release = () => {
      timer?.unsubscribe();
      done();
    };
  }

  #stopPending(): void {
    const release = this.#release;
    this.#release = undefined;
    release?.();
  }
}
