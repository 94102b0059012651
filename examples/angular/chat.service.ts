// The chat as an Angular service built on rx-websocket: injectable, torn down with its injector
// (DestroyRef), state and messages as signals through toSignal.
import { computed, DestroyRef, Injectable, InjectionToken, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { type ConnectionState, ofType, type RxWebSocket, reconnect, webSocket } from 'rx-websocket';
import { map, scan } from 'rxjs';
import { type ClientMessage, ServerMessage } from '../chat/protocol.js';

/** The chat server's WebSocket URL, provided by the app. */
export const CHAT_URL = new InjectionToken<string>('CHAT_URL', {
  providedIn: 'root',
  factory: () => `${location.origin.replace(/^http/, 'ws')}/chat`,
});

type ChatLine = Extract<ServerMessage, { type: 'message' }>;

@Injectable({ providedIn: 'root' })
export class ChatService {
  readonly #name = signal('');
  #clientId = 0;

  readonly #chat = webSocket<ServerMessage, ClientMessage>({
    url: inject(CHAT_URL),
    schema: ServerMessage,
    reconnect: reconnect({ maxDelay: 10_000 }),
    // On every (re)connection, before queued messages: introduce ourselves.
    openObserver: {
      next: (event) => {
        if (!this.#name()) return;
        const hello: ClientMessage = { type: 'username', id: this.#clientId, name: this.#name(), date: Date.now() };
        (event.target as RxWebSocket).send(JSON.stringify(hello));
      },
    },
  });

  /** The connection state, for a badge. */
  readonly state = toSignal(this.#chat.state$, { initialValue: this.#chat.state as ConnectionState });
  /** Every chat message so far. */
  readonly messages = toSignal(
    this.#chat.pipe(
      ofType('message'),
      scan((all: ChatLine[], message) => [...all, message], []),
    ),
    { initialValue: [] },
  );
  /** Who is online. */
  readonly users = toSignal(
    this.#chat.pipe(
      ofType('userlist'),
      map((list) => list.users),
    ),
    { initialValue: [] },
  );
  /** The name the server gave us (it differs from the one asked for when that one was taken). */
  readonly name = this.#name.asReadonly();
  readonly online = computed(() => this.state().status === 'open');

  constructor() {
    this.#chat.pipe(ofType('id', 'rejectusername')).subscribe((message) => {
      if (message.type === 'id') this.#clientId = message.id;
      else this.#name.set(message.name);
    });
    // toSignal unsubscribes with the injector; make sure the socket goes too.
    inject(DestroyRef).onDestroy(() => this.#chat.unsubscribe());
  }

  join(name: string): void {
    this.#name.set(name);
    this.#chat.next({ type: 'username', id: this.#clientId, name, date: Date.now() });
  }

  send(text: string): void {
    // Sent now, or queued while reconnecting.
    this.#chat.next({ type: 'message', id: this.#clientId, text, date: Date.now() });
  }
}
