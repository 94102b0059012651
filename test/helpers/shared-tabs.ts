// Tabs sharing one connection in tests: a fake browser whose tabs each have sharedWebSocket()'s constructor over one
// server's fake sockets, and reconnection's time in virtual time beside the tabs' tasks.
import { sharedWebSocket, type WebSocketConstructorLike } from 'rx-websocket';
import { type FakeWebSocketFactory, fakeWebSocket } from 'rx-websocket/testing';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { type FakeBrowser, type FakeTab, fakeBrowser, settle } from './fake-tabs.js';

/**
 * Reconnection's time, in virtual time: the tabs' messages and locks are tasks (see settle()), the backoff is not.
 * `advance(ms)` settles, moves the clock on, runs what is due, and settles again.
 *
 * @returns the scheduler to give reconnect(), and `advance`.
 */
export function virtualTime(): { scheduler: VirtualTimeScheduler; advance: (ms: number) => Promise<void> } {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Number.POSITIVE_INFINITY);
  return {
    scheduler,
    advance: async (ms) => {
      await settle();
      scheduler.maxFrames = scheduler.now() + ms;
      scheduler.flush();
      await settle();
    },
  };
}

/**
 * A browser with `count` tabs, each with its shared constructor, over one server's fake sockets.
 *
 * @param count - how many tabs.
 * @returns the browser, the server's sockets and the tabs.
 */
export function sharedTabs(count: number): {
  browser: FakeBrowser;
  server: FakeWebSocketFactory;
  tabs: Array<FakeTab & { WebSocket: WebSocketConstructorLike }>;
} {
  const browser = fakeBrowser();
  const server = fakeWebSocket();
  return {
    browser,
    server,
    tabs: Array.from({ length: count }, (_, i) => {
      const tab = browser.tab(`tab${i}`);
      const WebSocket = sharedWebSocket({
        locks: tab.locks,
        BroadcastChannel: tab.BroadcastChannel,
        WebSocket: server.WebSocket,
      }) as WebSocketConstructorLike;
      return Object.assign(tab, { WebSocket });
    }),
  };
}
