// Server-side rendering with Angular's own platform-server (JIT, on Node): a component that injects a WebSocket and
// shows its state renders the initial state, opens no socket, and does not keep the render waiting, even with a
// resource and the PendingTasks hold configured.
import '@angular/compiler';
import { Component, provideZonelessChangeDetection } from '@angular/core';
import { type BootstrapContext, bootstrapApplication } from '@angular/platform-browser';
import { provideServerRendering, renderApplication } from '@angular/platform-server';
import { injectWebSocket, provideWebSocket, webSocketResource } from 'rx-websocket/angular';
import { fakeWebSocket } from 'rx-websocket/testing';
import { describe, expect, it } from 'vitest';

const render = (root: Parameters<typeof bootstrapApplication>[0], providers: Parameters<typeof provideWebSocket>[0]) =>
  renderApplication(
    (context: BootstrapContext) =>
      bootstrapApplication(
        root,
        { providers: [provideZonelessChangeDetection(), provideServerRendering(), provideWebSocket(providers)] },
        context,
      ),
    { document: '<html><head></head><body><app-root></app-root></body></html>', url: '/' },
  );

describe('rx-websocket/angular under server-side rendering', () => {
  it('renders the initial state, opens no socket, and finishes the render', async () => {
    const fake = fakeWebSocket();
    const Chat = Component({
      selector: 'app-root',
      template: `<p id="state">{{ chat.state().status }}</p><p id="latest">{{ latest.status() }}</p>`,
    })(
      class {
        readonly chat = injectWebSocket<{ type: 'message'; text: string }>();
        readonly latest = webSocketResource(this.chat);
        constructor() {
          this.chat.connect(); // as a component that connects at once would: nothing happens on the server
          this.chat.send({ type: 'message', text: 'from the server render' });
        }
      },
    );
    const bootstrap = (context: BootstrapContext) =>
      bootstrapApplication(
        Chat,
        {
          providers: [
            provideZonelessChangeDetection(),
            provideServerRendering(),
            provideWebSocket({ url: 'ws://chat.test/', WebSocket: fake.WebSocket, pendingUntilFirstMessage: true }),
          ],
        },
        context,
      );
    const html = await renderApplication(bootstrap, {
      document: '<html><head></head><body><app-root></app-root></body></html>',
      url: '/',
    });
    expect(html).toContain('<p id="state">closed</p>');
    expect(html).toContain('<p id="latest">idle</p>');
    expect(fake.sockets).toHaveLength(0);
  });

  it('needs no WebSocket implementation on the server (Node 20 has no global one)', async () => {
    expect((globalThis as { WebSocket?: unknown }).WebSocket).toBeUndefined();
    const Chat = Component({ selector: 'app-root', template: `<p id="state">{{ chat.state().status }}</p>` })(
      class {
        readonly chat = injectWebSocket<string>({ url: 'ws://chat.test/' });
      },
    );
    expect(await render(Chat, {})).toContain('<p id="state">closed</p>');
  });

  it('opens no socket even when the app subscribes to the subject itself', async () => {
    const fake = fakeWebSocket();
    const Chat = Component({ selector: 'app-root', template: `<p id="state">{{ chat.state().status }}</p>` })(
      class {
        readonly chat = injectWebSocket<string>();
        constructor() {
          this.chat.subject.subscribe(); // torn down with the app, through DestroyRef
        }
      },
    );
    const html = await render(Chat, { url: 'ws://chat.test/', WebSocket: fake.WebSocket });
    expect(html).toContain('<p id="state">connecting</p>');
    expect(fake.sockets).toHaveLength(0);
  });
});
