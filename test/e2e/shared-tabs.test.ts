// sharedWebSocket() in real headless Chromium: three pages of one origin (http://127.0.0.1, a secure context for
// Web Locks) share one connection to a ws server on 127.0.0.1, port 0, which counts its connections and what it
// receives; closing the leader's page hands the connection over to another page.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../helpers/chromium.js';

const available = CHROMIUM_PATH !== undefined;
if (!available && !process.env.CI) {
  console.warn(
    '\n!! shared-tabs e2e SKIPPED: no Chromium found (apt-get install -y chromium). Under CI=true it fails.\n',
  );
}

/** What a page can do: made by the page script below, driven through page.evaluate(). */
interface PageApi {
  connect(url: string, stream?: boolean): void;
  state(): string;
  received(): string[];
  send(text: string): void;
  subscribeTopic(): void;
  unsubscribeTopic(): void;
}

const PAGE_SCRIPT = `
import { reconnect, sharedWebSocket, webSocket, webSocketStream } from ${JSON.stringify(fileURLToPath(new URL('../../src/index.ts', import.meta.url)))};
let subject;
let topic;
const received = [];
window.page = {
  connect(url, stream) {
    subject = webSocket({
      url,
      WebSocket: sharedWebSocket(stream ? { WebSocket: webSocketStream() } : undefined),
      serializer: (value) => value,
      deserializer: (event) => String(event.data),
      reconnect: reconnect({ initialDelay: 100, maxDelay: 400 }),
    });
    subject.subscribe((message) => received.push(message));
  },
  state: () => subject?.state.status ?? 'none',
  received: () => received,
  send: (text) => subject.next(text),
  subscribeTopic() {
    topic = subject.multiplex(() => 'sub:prices', () => 'unsub:prices', (message) => message.startsWith('price')).subscribe();
  },
  unsubscribeTopic: () => topic.unsubscribe(),
};
`;

describe.skipIf(!available && !process.env.CI)('sharedWebSocket() across real tabs', () => {
  let http: Server;
  let wss: WebSocketServer;
  let browser: Browser;
  let context: BrowserContext;
  let origin = '';
  let wsUrl = '';
  const connections: WebSocket[] = [];
  const received: string[] = [];

  beforeAll(async () => {
    const bundle = await build({
      stdin: { contents: PAGE_SCRIPT, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const script = bundle.outputFiles[0]?.text ?? '';
    http = createServer((request, response) => {
      if (request.url === '/page.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(script);
      } else {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end('<!doctype html><title>tab</title><script src="/page.js"></script>');
      }
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const { port } = http.address() as AddressInfo;
    origin = `http://127.0.0.1:${port}/`;
    wss = new WebSocketServer({ server: http });
    wss.on('connection', (socket) => {
      connections.push(socket);
      socket.on('message', (data) => received.push(data.toString()));
    });
    wsUrl = `ws://127.0.0.1:${port}/feed`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_FLAGS });
    context = await browser.newContext();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    for (const socket of wss?.clients ?? []) socket.terminate();
    wss?.close();
    await new Promise((resolve) => http?.close(resolve));
  });

  const open = async (tabs = context, stream = false): Promise<Page> => {
    const page = await tabs.newPage();
    await page.goto(origin);
    await page.evaluate(([url, stream]) => (window as unknown as { page: PageApi }).page.connect(url, stream), [
      wsUrl,
      stream,
    ] as const);
    await expect.poll(() => state(page), { timeout: 10_000 }).toBe('open');
    return page;
  };
  const state = (page: Page) => page.evaluate(() => (window as unknown as { page: PageApi }).page.state());
  const messages = (page: Page) => page.evaluate(() => (window as unknown as { page: PageApi }).page.received());
  const live = () => connections.filter((socket) => socket.readyState === socket.OPEN);

  it("three pages make one connection; a server message reaches each, and each page's message reaches the server once; closing the leader's page makes exactly one new connection within 2 s, and a message sent meanwhile arrives once", async () => {
    const leader = await open();
    const followers = [await open(), await open()];
    expect(connections).toHaveLength(1);

    for (const socket of live()) socket.send('to everyone');
    for (const page of [leader, ...followers]) await expect.poll(() => messages(page)).toContain('to everyone');
    for (const [i, page] of [leader, ...followers].entries()) {
      await page.evaluate((text) => (window as unknown as { page: PageApi }).page.send(text), `from page ${i}`);
    }
    await expect
      .poll(() => received.filter((text) => text.startsWith('from page')).sort())
      .toEqual(['from page 0', 'from page 1', 'from page 2']);

    const closedAt = Date.now();
    await leader.close();
    // Sent as soon as the leader is gone, before the new connection: queued in that tab, then sent once on it.
    await followers[1]?.evaluate(() => (window as unknown as { page: PageApi }).page.send('during the hand-over'));
    await expect.poll(() => connections.length, { timeout: 2_000, interval: 20 }).toBe(2);
    expect(Date.now() - closedAt).toBeLessThan(2_000);
    for (const page of followers) await expect.poll(() => state(page), { timeout: 10_000 }).toBe('open');
    await expect.poll(() => received.filter((text) => text === 'during the hand-over')).toHaveLength(1);
    expect(connections).toHaveLength(2);
    expect(live()).toHaveLength(1);

    for (const socket of live()) socket.send('after the hand-over');
    for (const page of followers) await expect.poll(() => messages(page)).toContain('after the hand-over');
  }, 60_000);

  it("shares a webSocketStream() connection (Chromium's WebSocketStream inside sharedWebSocket()): one connection, messages both ways", async () => {
    const tabs = await browser.newContext();
    const before = connections.length;
    const pages = [await open(tabs, true), await open(tabs, true)];
    expect(connections.length - before).toBe(1);
    const socket = connections.at(-1) as WebSocket;
    socket.send('streamed to both');
    for (const page of pages) await expect.poll(() => messages(page)).toContain('streamed to both');
    await pages[1]?.evaluate(() => (window as unknown as { page: PageApi }).page.send('streamed from b'));
    await expect.poll(() => received).toContain('streamed from b');
    await tabs.close();
  }, 60_000);

  it('three pages on one topic make one subscribe at the server; the unsubscribe goes only when no page holds the topic, even when the last one is closed', async () => {
    const tabs = await browser.newContext();
    const before = received.length;
    const frames = () => received.slice(before).filter((text) => text.endsWith(':prices'));
    const [leader, second, third] = [await open(tabs), await open(tabs), await open(tabs)] as [Page, Page, Page];
    for (const page of [leader, second, third]) {
      await page.evaluate(() => (window as unknown as { page: PageApi }).page.subscribeTopic());
    }
    await expect.poll(frames).toEqual(['sub:prices']);
    await third.close(); // its tab goes away with its topic
    await leader.evaluate(() => (window as unknown as { page: PageApi }).page.unsubscribeTopic());
    // A frame sent after these would come after them: the page's own message shows they have been handled.
    await leader.evaluate(() => (window as unknown as { page: PageApi }).page.send('marker'));
    await expect.poll(() => received.slice(before)).toContain('marker');
    expect(frames()).toEqual(['sub:prices']);
    await second.close(); // the last holder's tab goes away: the leader unsubscribes for it
    await expect.poll(frames).toEqual(['sub:prices', 'unsub:prices']);
    await tabs.close();
  }, 60_000);
});
