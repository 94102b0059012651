// Server-side rendering of a zone.js app (Angular's default before v21): zone.js counts every pending timer as work
// the render waits for, so the library's timers must not be counted.
import 'zone.js/node';
import '@angular/compiler';
import { Component, provideZoneChangeDetection } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { reconnect } from 'rx-websocket';
import { injectWebSocket, provideWebSocket, webSocketResource } from 'rx-websocket/angular';
import { describe, expect, it } from 'vitest';

describe('rx-websocket/angular under server-side rendering with zone.js', () => {
  it('finishes the render of a component subscribed to a reconnecting, beating subject, with a resource', async () => {
    const Chat = Component({
      selector: 'app-root',
      template: `<p id="state">{{ chat.state().status }}</p><p id="latest">{{ latest.status() }}</p>`,
    })(
      class {
        readonly chat = injectWebSocket<string>();
        readonly latest = webSocketResource(this.chat);
        constructor() {
          this.chat.subject.subscribe(); // torn down with the app, through DestroyRef
          this.chat.connect();
        }
      },
    );
    const html = await renderApplication(
      (context: BootstrapContext) =>
        bootstrapApplication(
          Chat,
          {
            providers: [
              provideZoneChangeDetection(),
              provideServerRendering(),
              provideWebSocket({
                url: 'ws://chat.test/',
                pendingUntilFirstMessage: true,
                reconnect: reconnect({ heartbeat: { interval: 1000, timeout: 500, ping: 'ping', isPong: () => true } }),
              }),
            ],
          },
          context,
        ),
      { document: '<html><head></head><body><app-root></app-root></body></html>', url: '/' },
    );
    expect(html).toContain('<p id="state">connecting</p>');
    expect(html).toContain('<p id="latest">idle</p>');
  }, 5_000);
});
