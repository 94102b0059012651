// App-wide configuration: zoneless change detection, hydration of the server-rendered page, and what every socket
// of the app shares (reconnection with backoff, a bounded queue for what is typed while offline).
import { type ApplicationConfig, provideZonelessChangeDetection } from '@angular/core';
import { provideClientHydration, withEventReplay } from '@angular/platform-browser';
import { reconnect, sendQueue } from 'rx-websocket';
import { provideWebSocket } from 'rx-websocket/angular';

export const appConfig: ApplicationConfig = {
  providers: [
    provideZonelessChangeDetection(),
    provideClientHydration(withEventReplay()),
    provideWebSocket({
      reconnect: reconnect({ initialDelay: 1000, maxDelay: 8000 }),
      queue: sendQueue({ maxMessages: 200, overflow: 'drop-oldest' }),
    }),
  ],
};
