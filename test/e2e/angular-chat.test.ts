// End-to-end: the Angular chat (examples/angular), built with Angular's own build tooling (`ng build`: AOT, the
// browser bundle and the server bundle), served and rendered on the server by the chat server, and driven in real
// headless Chromium beside the vanilla client.
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from '../helpers/chromium.js';

const executablePath = CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = CHROMIUM_PATH !== undefined;
if (!available && !process.env.CI) {
  console.warn('\n!! Angular e2e SKIPPED: no Chromium found (apt-get install -y chromium). Under CI=true it fails.\n');
}

/** The chat server as `npm start` runs it, in its own process, so that killing it is a real crash. */
interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly log: readonly string[];
  kill(): Promise<void>;
}

async function startServer(build: string, port: number, log: string[]): Promise<ServerProcess> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'examples/chat/server.ts'], {
    env: { ...process.env, PORT: String(port), ANGULAR_BUILD: build },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the chat server did not start: ${log.join(' | ')}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`the chat server exited with ${code}: ${log.join(' | ')}`)));
    createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      log.push(line);
      const found = /open (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line)?.[1];
      if (found) {
        clearTimeout(timer);
        resolve(found);
      }
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    log,
    kill: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}

describe.skipIf(!available && !process.env.CI)('the Angular chat', () => {
  let build: string;
  const log: string[] = [];
  let server: ServerProcess;
  let browser: Browser;
  const consoleErrors: string[] = [];
  let ng: Page;
  let vanilla: Page;

  beforeAll(async () => {
    build = mkdtempSync(join(tmpdir(), 'rx-websocket-angular-'));
    // Angular's CLI and its application builder, as `npm run chat:angular` runs them (analytics and the disk cache
    // are off in angular.json).
    await promisify(execFile)(
      process.execPath,
      [join(process.cwd(), 'node_modules/@angular/cli/bin/ng.js'), 'build', '--output-path', build],
      { cwd: 'examples/angular', env: { ...process.env, NG_CLI_ANALYTICS: 'false' }, maxBuffer: 16 * 1024 * 1024 },
    );
    server = await startServer(build, 0, log);
    browser = await chromium.launch({ executablePath, args: CHROMIUM_FLAGS });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await server?.kill();
    if (build) rmSync(build, { recursive: true, force: true });
  });

  const connections = () => log.filter((line) => / connected$/.test(line)).length;
  const open = async (path: string) => {
    const page = await browser.newPage({ viewport: { width: 900, height: 600 } });
    page.on('console', (message) => {
      // Chromium logs each refused connection attempt while the server is down: that is the test, not a fault.
      if (message.type() === 'error' && !/^WebSocket connection to .* failed/.test(message.text())) {
        consoleErrors.push(message.text());
      }
    });
    page.on('pageerror', (error) => consoleErrors.push(error.message));
    // Keeps the first #state element the HTML parser makes: hydration reuses it, a client-side re-render replaces it.
    await page.addInitScript(() => {
      const observer = new MutationObserver(() => {
        const state = document.getElementById('state');
        if (state) {
          (window as { parsedState?: Element }).parsedState = state;
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    });
    await page.goto(`${server.url}${path}`);
    return page;
  };
  const joinChat = async (page: Page, name: string) => {
    await page.fill('#name', name);
    await page.click('#login button');
    await page.locator('#state[data-status="open"]').waitFor();
  };
  const say = async (page: Page, text: string) => {
    await page.fill('#text', text);
    await page.click('#compose button');
  };
  const sees = (page: Page, text: string) => page.locator('#messages li', { hasText: text }).first().waitFor();

  it('is rendered on the server with its initial state, and the render opens no socket', async () => {
    const response = await fetch(`${server.url}angular/`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('ng-server-context="ssr"');
    expect(html).toMatch(/<app-chat[^>]* ngh="\d+"/); // hydration's annotations
    expect(html).toMatch(/<span[^>]* id="state" class="badge" data-status="idle">not joined<\/span>/);
    expect(html).toMatch(/<form[^>]* id="login"/);
    expect(html).not.toMatch(/<form[^>]* id="compose"/);
    // The render took the page's URL, so a socket opened by it would have reached this very server.
    expect(connections()).toBe(0);
  }, 30_000);

  it('hydrates in Chromium and connects only when the user joins', async () => {
    ng = await open('angular/');
    await ng.locator('#state', { hasText: 'not joined' }).waitFor();
    // Hydrated, not re-rendered: the badge is still the element the server sent, and Angular has dropped the
    // hydration annotations it consumed.
    await ng.waitForFunction(() => document.querySelector('app-chat')?.getAttribute('ngh') === null);
    expect(
      await ng.evaluate(() => document.getElementById('state') === (window as { parsedState?: Element }).parsedState),
    ).toBe(true);
    expect(connections()).toBe(0);
    await joinChat(ng, 'angular');
    await expect.poll(connections).toBe(1);
    expect(await ng.locator('#login').count()).toBe(0);
    expect(await ng.locator('#compose').isVisible()).toBe(true);
    await ng.locator('#users li', { hasText: 'angular (you)' }).waitFor();
  }, 60_000);

  it('chats both ways with the vanilla client', async () => {
    vanilla = await open('');
    await joinChat(vanilla, 'vanilla');
    await ng.locator('#users li', { hasText: 'vanilla' }).waitFor();
    await vanilla.locator('#users li', { hasText: 'angular' }).waitFor();
    await say(ng, 'hello from Angular');
    await sees(vanilla, 'hello from Angular');
    expect(await vanilla.locator('#messages li .who').last().textContent()).toBe('angular');
    await say(vanilla, 'hello from the vanilla page');
    await sees(ng, 'hello from the vanilla page');
    expect(await ng.locator('#messages li .who').last().textContent()).toBe('vanilla');
  }, 60_000);

  it('shows reconnecting while the server is down, then delivers what was typed meanwhile exactly once', async () => {
    const port = server.port;
    await server.kill();
    await ng.locator('#state[data-status="reconnecting"]', { hasText: /^reconnecting in \d+ s$/ }).waitFor();
    await say(ng, 'typed while the server was down');
    expect(await ng.locator('#messages li', { hasText: 'typed while the server was down' }).count()).toBe(0);
    server = await startServer(build, port, log);
    await ng.locator('#state[data-status="open"]').waitFor({ timeout: 30_000 });
    await vanilla.locator('#state[data-status="open"]').waitFor({ timeout: 30_000 });
    // The server broadcasts each message to everyone connected, the sender included: the Angular page seeing its own
    // message proves that it arrived after the restart (the vanilla page may reconnect after that broadcast).
    await sees(ng, 'typed while the server was down');
    // The name went first (the open observer), so the queued message carries it.
    expect(await ng.locator('#messages li', { hasText: 'typed while the server was down' }).textContent()).toContain(
      'angular',
    );
    await say(vanilla, 'after the restart');
    await sees(ng, 'after the restart');
    await say(ng, 'and back');
    await sees(vanilla, 'and back');
    expect(await ng.locator('#messages li', { hasText: 'typed while the server was down' }).count()).toBe(1);
    mkdirSync('test-results', { recursive: true });
    await ng.screenshot({ path: 'test-results/angular-chat.png' });
  }, 90_000);

  it('logged no error in either page, and the server ignored no message', () => {
    expect(consoleErrors).toEqual([]);
    expect(log.filter((line) => line.startsWith('ignored') || line.startsWith('could not render'))).toEqual([]);
  });
});
