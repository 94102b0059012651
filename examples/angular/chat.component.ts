// A small standalone component on ChatService: the state badge, the user list, the messages and a form.
import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { interval } from 'rxjs';
import { ChatService } from './chat.service.js';

@Component({
  selector: 'app-chat',
  standalone: true,
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header>
      <strong>rx-websocket chat</strong>
      <span class="badge" [attr.data-status]="chat.state().status">{{ status() }}</span>
    </header>
    @if (!chat.name()) {
      <form (submit)="join(nameInput.value); $event.preventDefault()">
        <input #nameInput placeholder="Your name" required />
        <button>Join</button>
      </form>
    } @else {
      <ul class="users">
        @for (user of chat.users(); track user) {
          <li>{{ user }}</li>
        }
      </ul>
      <ul class="messages">
        @for (line of chat.messages(); track $index) {
          <li><b>{{ line.name }}</b> {{ line.text }}</li>
        }
      </ul>
      <form (submit)="send(textInput); $event.preventDefault()">
        <input #textInput placeholder="Say something" required />
        <button>Send</button>
      </form>
    }
  `,
})
export class ChatComponent {
  protected readonly chat = inject(ChatService);
  /** Re-rendered every second while reconnecting, for the countdown. */
  protected readonly now = signal(Date.now());

  constructor() {
    interval(1000)
      .pipe(takeUntilDestroyed(inject(DestroyRef)))
      .subscribe(() => this.now.set(Date.now()));
  }

  protected status(): string {
    const state = this.chat.state();
    if (state.status !== 'reconnecting') return state.status;
    return state.offline
      ? 'offline'
      : `reconnecting in ${Math.max(0, Math.ceil((state.retryAt - this.now()) / 1000))} s`;
  }

  protected join(name: string): void {
    if (name.trim()) this.chat.join(name.trim());
  }

  protected send(input: HTMLInputElement): void {
    if (!input.value.trim()) return;
    this.chat.send(input.value.trim());
    input.value = '';
  }
}
