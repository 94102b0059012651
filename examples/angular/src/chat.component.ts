// MDN's chat as an Angular component on rx-websocket/angular: zoneless, signals for the connection state, the
// user list and the messages, the socket opened when the user joins (not at injection), and nothing opened while
// the page renders on the server.
import { DatePipe, DOCUMENT } from '@angular/common';
import {
  afterRenderEffect,
  ChangeDetectionStrategy,
  Component,
  computed,
  type ElementRef,
  effect,
  inject,
  signal,
  viewChild,
} from '@angular/core';
import { toObservable, toSignal } from '@angular/core/rxjs-interop';
import { bufferedAmount$, ofType } from 'rx-websocket';
import { injectWebSocket } from 'rx-websocket/angular';
import { map, of, scan, switchMap } from 'rxjs';
import { type ClientMessage, ServerMessage } from '../../chat/protocol.js';

/** What the message list shows: chat messages, and the notice that our name was taken. */
type Line = Extract<ServerMessage, { type: 'message' | 'rejectusername' }>;

/** How many lines the page keeps. */
const MAX_LINES = 500;

/** The chat's WebSocket URL, beside the page: `ws://host/chat` for `http://host/angular/`. */
function chatUrl(document: Document): string {
  const url = new URL('/chat', document.location.href);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.href;
}

@Component({
  selector: 'app-chat',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  styles: ':host { display: contents; }',
  template: `
    <header>
      <h1>rx-websocket chat <small>(Angular)</small></h1>
      <span id="buffered" title="bytes waiting in the socket's buffer">buffered {{ buffered() }}</span>
      <span id="state" class="badge" [attr.data-status]="chat.connected() ? chat.state().status : 'idle'">{{ status() }}</span>
    </header>
    <main>
      <ul id="messages" #messages aria-live="polite">
        @for (line of lines(); track $index) {
          <li>
            @if (line.type === 'message') {
              <span class="when">{{ line.date | date: 'mediumTime' }}</span><span class="who">{{ line.name }}</span>{{ line.text }}
            } @else {
              <span class="notice">Your name was taken: you are {{ line.name }}.</span>
            }
          </li>
        }
      </ul>
      <aside>
        <h2>Online</h2>
        <ul id="users">
          @for (user of users(); track user) {
            <li>{{ user === name() ? user + ' (you)' : user }}</li>
          }
        </ul>
      </aside>
    </main>
    @if (!joined()) {
      <form id="login" (submit)="join(nameInput.value); $event.preventDefault()">
        <input id="name" #nameInput placeholder="Your name" maxlength="40" autocomplete="nickname" required />
        <button type="submit">Join</button>
      </form>
    } @else {
      <form id="compose" (submit)="say(textInput.value); textInput.value = ''; $event.preventDefault()">
        <input id="text" #textInput placeholder="Say something" maxlength="2000" autocomplete="off" required />
        <button type="submit">Send</button>
      </form>
    }
  `,
})
export class ChatComponent {
  /** The name asked for; the server may hand out another one (`rejectusername`). */
  readonly #asked = signal('');
  /**
   * The chat's socket. Nothing connects until `join()`: the badge reads "not joined" until then, and a server render
   * opens nothing. `reconnect` and `queue` come from `provideWebSocket()` in app.config.ts.
   */
  protected readonly chat = injectWebSocket<ServerMessage, ClientMessage>({
    url: chatUrl(inject(DOCUMENT)),
    schema: ServerMessage,
    // On every (re)connection, before what was queued meanwhile: introduce ourselves, so that the server knows our
    // name when the messages typed while offline arrive.
    openObserver: {
      next: (event) => {
        const hello: ClientMessage = { type: 'username', id: this.#id(), name: this.name(), date: Date.now() };
        event.target.send(JSON.stringify(hello));
      },
    },
  });
  /** The id the server gave this connection (a new one on every connection). */
  readonly #id = computed(() => this.chat.latestOfType('id')()?.id ?? 0);
  protected readonly joined = computed(() => this.#asked() !== '');
  /** Our name: the one the server handed out when ours was taken, else the one asked for. */
  protected readonly name = computed(() => this.chat.latestOfType('rejectusername')()?.name ?? this.#asked());
  protected readonly users = computed(() => this.chat.latestOfType('userlist')()?.users ?? []);
  protected readonly lines = toSignal(
    this.chat.messages$.pipe(
      ofType('message', 'rejectusername'),
      scan((lines: Line[], line) => [...lines.slice(1 - MAX_LINES), line], []),
    ),
    { initialValue: [] },
  );
  /** The open socket's `bufferedAmount` (polled while open only), as "0 B" or "12 KB". */
  protected readonly buffered = toSignal(
    toObservable(this.chat.state).pipe(
      switchMap((state) => (state.status === 'open' ? bufferedAmount$(state.socket) : of(0))),
      map((bytes) => (bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(0)} KB`)),
    ),
    { initialValue: '0 B' },
  );
  /** The clock of the reconnection countdown: ticks only while a retry is due, so a server render stays stable. */
  readonly #now = signal(Date.now());
  protected readonly status = computed(() => {
    const state = this.chat.state();
    if (!this.chat.connected()) return 'not joined';
    if (state.status !== 'reconnecting') return state.status;
    if (state.offline) return 'offline';
    return `reconnecting in ${Math.max(0, Math.ceil((state.retryAt - this.#now()) / 1000))} s`;
  });
  private readonly messageList = viewChild.required<ElementRef<HTMLElement>>('messages');

  constructor() {
    effect((onCleanup) => {
      const state = this.chat.state();
      if (state.status !== 'reconnecting' || state.offline) return;
      const timer = setInterval(() => this.#now.set(Date.now()), 250);
      onCleanup(() => clearInterval(timer));
    });
    // Keep the newest message in view.
    afterRenderEffect(() => {
      this.lines();
      const list = this.messageList().nativeElement;
      list.scrollTop = list.scrollHeight;
    });
  }

  protected join(name: string): void {
    if (!name.trim()) return;
    this.#asked.set(name.trim());
    this.chat.connect();
  }

  protected say(text: string): void {
    if (!text.trim()) return;
    // Sent now, or queued while reconnecting and delivered once the connection is back.
    this.chat.send({ type: 'message', id: this.#id(), text: text.trim(), date: Date.now() });
  }
}
