// The README's spec block, verbatim below the setup import (test/readme/readme.test.ts checks that it is).
import './angular-setup.js';
// last-message.component.spec.ts
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectWebSocket, provideWebSocket } from 'rx-websocket/angular';
import { fakeWebSocket } from 'rx-websocket/testing';
import { expect, it } from 'vitest';

type Message = { type: 'chat'; text: string };

@Component({ selector: 'app-last', template: '<p>{{ chat.latest()?.text ?? "nothing yet" }}</p>' })
class LastMessageComponent {
  readonly chat = injectWebSocket<Message>();
  constructor() {
    this.chat.connect();
  }
}

it('shows the last message that arrived', async () => {
  const fake = fakeWebSocket();
  TestBed.configureTestingModule({
    providers: [
      provideZonelessChangeDetection(),
      provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket }),
    ],
  });
  const fixture = TestBed.createComponent(LastMessageComponent);
  await fixture.whenStable();
  expect(fixture.nativeElement.textContent).toContain('nothing yet');
  fake.last.open();
  fake.last.receive('{"type":"chat","text":"hi"}');
  await fixture.whenStable();
  expect(fixture.nativeElement.textContent).toContain('hi');
  fixture.destroy(); // closes the socket (without a code); its listeners go once the fake finishes the close
  expect(fake.last.closeCalls).toEqual([{}]);
});
