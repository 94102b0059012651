// The README's spec block, verbatim below the setup import (test/readme/readme.test.ts checks that it is).
import './angular-setup.js';
// chat.spec.ts
import { provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectWebSocket, provideWebSocket } from 'rx-websocket/angular';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';

type Message = { type: 'chat'; text: string } | { type: 'users'; names: string[] };

describe('the chat socket', () => {
  it('sends once open, and shows what arrives', () => {
    const fake = fakeWebSocket();
    TestBed.configureTestingModule({
      providers: [
        provideZonelessChangeDetection(),
        provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket }),
      ],
    });
    const chat = TestBed.runInInjectionContext(() => injectWebSocket<Message>());
    const lastChat = chat.latestOfType('chat'); // a signal that follows from this call on
    chat.send({ type: 'chat', text: 'hello' }); // opens the connection; queued until open
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"type":"chat","text":"hello"}']);
    fake.last.receive('{"type":"chat","text":"hi"}');
    expect(lastChat()?.text).toBe('hi');
  });
});
