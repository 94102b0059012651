// The README's component spec (a component that connects in its constructor and shows the last message), as one
// check that the zoneless suite and the zone.js suite each run with their own change detection.
import { Component, type EnvironmentProviders } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { injectWebSocket, provideWebSocket } from 'rx-websocket/angular';
import { fakeWebSocket } from 'rx-websocket/testing';
import { expect } from 'vitest';

type Message = { type: 'chat'; text: string };

/**
 * Renders the component with the fake socket, then checks what it shows before and after a message, and that its
 * destruction closes the socket (without a code, as rxjs's subject closes).
 * @param changeDetection - `provideZonelessChangeDetection()` or `provideZoneChangeDetection()`.
 * @param autoDetect - call `fixture.autoDetectChanges()`, which a zone.js fixture needs to render by itself.
 */
export async function checkLastMessageComponent(changeDetection: EnvironmentProviders, autoDetect: boolean) {
  const fake = fakeWebSocket();
  const LastMessage = Component({
    selector: 'app-last',
    template: '<p>{{ chat.latest()?.text ?? "nothing yet" }}</p>',
  })(
    class {
      readonly chat = injectWebSocket<Message>();
      constructor() {
        this.chat.connect();
      }
    },
  );
  TestBed.configureTestingModule({
    providers: [changeDetection, provideWebSocket({ url: 'ws://chat.test/socket', WebSocket: fake.WebSocket })],
  });
  const fixture = TestBed.createComponent(LastMessage);
  if (autoDetect) fixture.autoDetectChanges();
  await fixture.whenStable();
  expect((fixture.nativeElement as HTMLElement).textContent).toContain('nothing yet');
  fake.last.open();
  fake.last.receive('{"type":"chat","text":"hi"}');
  await fixture.whenStable();
  expect((fixture.nativeElement as HTMLElement).textContent).toContain('hi');
  fixture.destroy();
  expect(fake.last.closeCalls).toEqual([{}]);
}
