// rx-websocket/angular in a zone.js app (Angular's default before v21), in headless Chromium against a real `ws`
// server. zone.js counts every pending timer as work the app waits for: the socket's timers (connection timeout,
// backoff, heartbeat, the pending hold's bound) must not keep the app unstable, and what they start (a new socket,
// its messages) must still run inside Angular's zone, where change detection sees it.
import 'zone.js';
import '@angular/compiler';
import { ApplicationRef, Component, NgZone, provideZoneChangeDetection } from '@angular/core';
import { getTestBed, TestBed } from '@angular/core/testing';
import { BrowserTestingModule, platformBrowserTesting } from '@angular/platform-browser/testing';
import { reconnect } from 'rx-websocket';
import { injectWebSocket } from 'rx-websocket/angular';
import { filter, firstValueFrom } from 'rxjs';
import { afterEach, expect, inject, it } from 'vitest';
import { checkLastMessageComponent } from './last-message-spec.js';

getTestBed().initTestEnvironment(BrowserTestingModule, platformBrowserTesting(), {
  teardown: { destroyAfterEach: true },
});

afterEach(() => TestBed.resetTestingModule());

it('keeps a zone.js app stable while the socket waits, beats and backs off; reconnected messages run in the zone', async () => {
  TestBed.configureTestingModule({ providers: [provideZoneChangeDetection()] });
  const zone = TestBed.inject(NgZone);
  const socket = TestBed.runInInjectionContext(() =>
    injectWebSocket<string>({
      url: inject('wsUrl'),
      serializer: (text) => text,
      deserializer: (event) => String(event.data),
      pendingUntilFirstMessage: { timeout: 60_000 },
      reconnect: reconnect({
        initialDelay: 50,
        heartbeat: { interval: 60_000, timeout: 30_000, ping: 'ping', isPong: (data) => data === 'ping' },
      }),
    }),
  );
  const status = (name: string) => firstValueFrom(socket.subject.state$.pipe(filter((s) => s.status === name)));
  const inZone: boolean[] = [];
  socket.messages$.subscribe(() => inZone.push(NgZone.isInAngularZone()));

  zone.run(() => socket.connect()); // as a component's code calls it, inside the zone
  expect(zone.hasPendingMacrotasks).toBe(false); // the connection timeout and the pending hold's bound
  await status('open');
  expect(zone.hasPendingMacrotasks).toBe(false); // the heartbeat
  zone.run(() => socket.send('before'));
  await firstValueFrom(socket.messages$);

  zone.run(() => socket.send('terminate')); // the server drops the connection: a backoff, then a new socket
  await status('reconnecting');
  expect(zone.hasPendingMacrotasks).toBe(false); // the backoff
  await status('open');
  zone.run(() => socket.send('after'));
  await firstValueFrom(socket.messages$.pipe(filter((message) => message === 'after')));
  expect(inZone).toEqual([true, true]); // the new socket was made by a timer, and its messages still run in the zone
  await TestBed.inject(ApplicationRef).whenStable();
  socket.disconnect();
});

it("runs the README's component spec in a zone.js app, given provideZoneChangeDetection() and autoDetectChanges()", () =>
  checkLastMessageComponent(provideZoneChangeDetection(), true));

it('renders a plain field set in a messages$ subscription, as zone.js apps write, from a real server', async () => {
  const Echo = Component({ selector: 'app-echo', template: '<p>{{ last }}</p>' })(
    class {
      readonly chat = injectWebSocket<string>({
        url: inject('wsUrl'),
        serializer: (text) => text,
        deserializer: (event) => String(event.data),
      });
      last = 'nothing yet';
      constructor() {
        this.chat.messages$.subscribe((message) => {
          this.last = message; // no signal: zone.js's change detection must see it
        });
        this.chat.connect();
      }
    },
  );
  TestBed.configureTestingModule({ providers: [provideZoneChangeDetection()] });
  const fixture = TestBed.createComponent(Echo);
  fixture.autoDetectChanges();
  const element = fixture.nativeElement as HTMLElement;
  expect(element.textContent).toBe('nothing yet');
  const { chat } = fixture.componentInstance as { chat: ReturnType<typeof injectWebSocket<string>> };
  TestBed.inject(NgZone).run(() => chat.send('from the server'));
  await firstValueFrom(chat.messages$);
  await fixture.whenStable();
  expect(element.textContent).toBe('from the server');
});
