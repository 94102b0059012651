// End-to-end: the chat app in real headless Chromium (playwright-core with Debian's /usr/bin/chromium)
// and the terminal client, against the chat server on 127.0.0.1.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatServer, startChatServer } from '../../examples/chat/server.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../helpers/chromium.js';

const executablePath = CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = CHROMIUM_PATH !== undefined;
if (!available && !process.env.CI) {
  console.warn('\n!! e2e tests SKIPPED: no Chromium found (apt-get install -y chromium). Under CI=true they fail.\n');
}

describe.skipIf(!available && !process.env.CI)('the chat app', () => {
  let server: ChatServer;
  let browser: Browser;
  const log: string[] = [];
  let ada: Page;
  let grace: Page;

  beforeAll(async () => {
    server = await startChatServer({ port: 0, log: (line) => log.push(line) });
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  const join = async (name: string, viewport = { width: 900, height: 600 }, context?: BrowserContext) => {
    const page = await (context ?? browser).newPage({ viewport });
    await page.goto(server.url);
    // Nothing has failed before joining: a neutral badge, not a red "closed".
    expect(await page.locator('#state').getAttribute('data-status')).toBe('idle');
    expect(await page.locator('#state').textContent()).toBe('not joined');
    await page.fill('#name', name);
    await page.click('#login button');
    await page.locator('#state[data-status="open"]').waitFor();
    expect(await page.locator('#login').isVisible()).toBe(false);
    expect(await page.locator('#compose').isVisible()).toBe(true);
    return page;
  };
  const say = async (page: Page, text: string) => {
    await page.fill('#text', text);
    await page.click('#compose button');
  };
  const sees = (page: Page, text: string) => page.locator('#messages li', { hasText: text }).first().waitFor();

  it('lets two pages join, see each other and exchange messages', async () => {
    ada = await join('ada');
    grace = await join('grace');
    await ada.locator('#users li', { hasText: 'grace' }).waitFor();
    await grace.locator('#users li', { hasText: 'ada' }).waitFor();
    expect(await ada.locator('#users li').allTextContents()).toEqual(['ada (you)', 'grace']);
    await sees(ada, 'grace joined');
    expect(await grace.locator('#messages li.notice', { hasText: 'joined' }).count()).toBe(0); // nobody new to grace
    await say(ada, 'hello grace');
    await sees(grace, 'hello grace');
    expect(await grace.locator('#messages li .who').last().textContent()).toBe('ada');
  }, 60_000);

  it('answers a taken name with rejectusername and a unique variant', async () => {
    const second = await join('ada', { width: 390, height: 700 }); // a phone-sized viewport
    await sees(second, 'Your name was taken: you are ada2');
    await ada.locator('#users li', { hasText: 'ada2' }).waitFor();
    mkdirSync('test-results', { recursive: true });
    await second.screenshot({ path: 'test-results/chat-phone.png' });
    await sees(ada, 'ada2 joined');
    await second.close();
    await ada.locator('#users li', { hasText: 'ada2' }).waitFor({ state: 'detached' });
    await sees(ada, 'ada2 left');
  }, 60_000);

  it('shows reconnecting while the server is down and delivers a message typed meanwhile exactly once', async () => {
    const port = server.port;
    await server.close();
    // While the server is away the attempts keep failing, so each page shows the countdown again and again.
    await ada.locator('#state[data-status="reconnecting"]', { hasText: /^reconnecting in \d+ s$/ }).waitFor();
    await grace.locator('#state[data-status="reconnecting"]', { hasText: /^reconnecting in \d+ s$/ }).waitFor();
    // The user list is the last one the server sent, and says so.
    await ada.locator('#users[data-stale]').waitFor({ state: 'attached' });
    await say(ada, 'typed while the server was down');
    // Shown at once, as pending until the server acknowledges it.
    await ada
      .locator('#messages li[data-delivery="pending"]', { hasText: 'typed while the server was down' })
      .waitFor();
    // "Retry now" (shown only while waiting for the next attempt) starts the attempt at once (reconnect()'s
    // reconnectNow): clicked and read in one turn of the page, so that the badge read right after the click can only
    // have changed because of it. Between attempts the button is hidden, so try again.
    let afterClick = 'hidden';
    for (let tries = 0; afterClick === 'hidden' && tries < 20; tries++) {
      await grace.locator('#retry').waitFor({ state: 'visible', timeout: 30_000 });
      afterClick = await grace.evaluate(() => {
        const button = document.getElementById('retry') as HTMLButtonElement;
        if (button.hidden) return 'hidden';
        button.click();
        return (document.getElementById('state') as HTMLElement).dataset.status ?? '';
      });
    }
    expect(afterClick).toBe('connecting');
    server = await startChatServer({ port, log: (line) => log.push(line) });
    await ada.locator('#state[data-status="open"]').waitFor({ timeout: 30_000 });
    await ada.locator('#users:not([data-stale])', { hasText: 'grace' }).waitFor({ timeout: 30_000 });
    await grace.locator('#state[data-status="open"]').waitFor({ timeout: 30_000 });
    expect(await grace.locator('#retry').isVisible()).toBe(false);
    // The server broadcasts every message to everyone connected, the sender included: ada seeing hers
    // proves it arrived (grace may reconnect after the broadcast: the chat keeps no history).
    await sees(ada, 'typed while the server was down');
    await say(ada, 'after the restart');
    await sees(grace, 'after the restart');
    await sees(ada, 'after the restart');
    expect(await ada.locator('#messages li', { hasText: 'typed while the server was down' }).count()).toBe(1);
    await ada
      .locator('#messages li[data-delivery="delivered"]', { hasText: 'typed while the server was down' })
      .waitFor();
    mkdirSync('test-results', { recursive: true });
    await grace.screenshot({ path: 'test-results/chat.png' });
  }, 90_000);

  it("a page that was away gets what it missed, once, from the server's history (delivery(): resume)", async () => {
    // Offline (so that grace's page waits to reconnect), and her connection dropped by the server's side.
    await grace.context().setOffline(true);
    expect(server.drop('grace')).toBe(1);
    await grace.locator('#state[data-status="reconnecting"]').waitFor({ timeout: 30_000 });
    await say(ada, 'said while grace was away');
    await sees(ada, 'said while grace was away');
    await grace.context().setOffline(false);
    await grace.locator('#state[data-status="open"]').waitFor({ timeout: 30_000 });
    await sees(grace, 'said while grace was away');
    await say(ada, 'and after');
    await sees(grace, 'and after');
    expect(await grace.locator('#messages li', { hasText: 'said while grace was away' }).count()).toBe(1);
  }, 90_000);

  it('gives two tabs of one browser that join with the same name one connection (sharedWebSocket())', async () => {
    const connected = () => log.filter((line) => /^client \d+ connected$/.test(line)).length;
    const before = connected();
    const context = await browser.newContext();
    const first = await join('lin', undefined, context);
    const second = await join('lin', undefined, context);
    expect(connected() - before).toBe(1); // without sharing: 2
    await say(second, 'from the second tab');
    await sees(first, 'from the second tab');
    expect(await first.locator('#messages li .who').last().textContent()).toBe('lin');
    await ada.locator('#users li', { hasText: 'lin' }).waitFor();
    expect(await ada.locator('#users li', { hasText: 'lin' }).count()).toBe(1);
    await context.close();
  }, 60_000);

  it('lets the terminal client and a browser page talk to each other', async () => {
    const cli: ChildProcess = spawn(
      process.execPath,
      ['--import', 'tsx', 'examples/chat/cli.ts', `ws://127.0.0.1:${server.port}/chat`, 'terminal'],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    const lines: string[] = [];
    const waiters: Array<() => void> = [];
    createInterface({ input: cli.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      lines.push(line);
      for (const waiter of waiters.splice(0)) waiter();
    });
    const printed = (text: string) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new Error(`the terminal client never printed ${text}: ${lines.join(' | ')}`)),
          20_000,
        );
        const check = () => {
          if (lines.some((line) => line.includes(text))) {
            clearTimeout(timer);
            resolve();
          } else waiters.push(check);
        };
        check();
      });
    try {
      await printed('* open');
      await ada.locator('#users li', { hasText: 'terminal' }).waitFor();
      cli.stdin?.write('hi from the terminal\n');
      await sees(ada, 'hi from the terminal');
      await say(ada, 'hi terminal');
      await printed('<ada> hi terminal');
    } finally {
      cli.stdin?.end();
      await new Promise((resolve) => (cli.exitCode === null ? cli.once('exit', resolve) : resolve(undefined)));
    }
  }, 60_000);

  it('logged and ignored no message from these well-behaved clients', () => {
    expect(log.filter((line) => line.startsWith('ignored'))).toEqual([]);
  });
});
