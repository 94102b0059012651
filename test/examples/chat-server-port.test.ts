// `npm start` on a real machine: the chat server's port taken by another program, and other failures to start.
// The ports are never fixed: a port is occupied by listening on port 0 here, then asked for.
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startChatServer } from '../../examples/chat/server.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Another program on a port of 127.0.0.1: a bare TCP listener, closed after the test. */
async function occupyPort(): Promise<number> {
  const blocker: Server = createServer((socket) => socket.destroy());
  await new Promise<void>((resolve, reject) => {
    blocker.once('error', reject);
    blocker.listen(0, '127.0.0.1', () => resolve());
  });
  cleanups.push(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const address = blocker.address();
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** The chat's first message (its `id`), proving the WebSocket is served there. */
function chatHello(url: string): Promise<Record<string, unknown>> {
  const socket = new WebSocket(url);
  return new Promise<Record<string, unknown>>((resolve, reject) => {
    socket.once('message', (data) => resolve(JSON.parse(String(data))));
    socket.once('error', reject);
  }).finally(() => socket.terminate());
}

interface MainProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` in stdout; rejects if the process ends first, or after 60 s. */
  until(pattern: RegExp): Promise<RegExpMatchArray>;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** examples/chat/server.ts run as `npm start` runs it (tsx), with PORT set; killed after the test if still running. */
function startMain(port: string): MainProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', 'examples/chat/server.ts'], {
    cwd: root,
    env: { ...process.env, PORT: port },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let ended = false;
  const changed = new Set<() => void>();
  const notify = () => {
    for (const check of [...changed]) check();
  };
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    notify();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // 'close', not 'exit': by then stdout and stderr have been read to the end.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('close', (code, signal) => {
      ended = true;
      resolve({ code, signal });
      notify();
    }),
  );
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    exited,
    until: (pattern) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const timer = setTimeout(() => done(new Error(`no ${pattern} within 60 s; stdout: ${stdout}`)), 60_000);
        const done = (error?: Error, match?: RegExpMatchArray) => {
          clearTimeout(timer);
          changed.delete(check);
          if (match) resolve(match);
          else reject(error);
        };
        const check = () => {
          const match = stdout.match(pattern);
          if (match) done(undefined, match);
          else if (ended) {
            done(new Error(`exited (${child.exitCode ?? child.signalCode}) without ${pattern}; stderr: ${stderr}`));
          }
        };
        changed.add(check);
        check();
      }),
  };
}

describe('startChatServer with a port another program holds', () => {
  it('listens on a free port instead when asked to (freePortIfTaken), and serves the page and the chat there', async () => {
    const taken = await occupyPort();
    const server = await startChatServer({ port: taken, freePortIfTaken: true, log: () => {} });
    cleanups.push(() => server.close());
    expect(server.port).not.toBe(taken);
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    expect((await fetch(server.url)).status).toBe(200);
    expect(await chatHello(server.chatUrl)).toMatchObject({ type: 'id' });
  });

  it('otherwise rejects with EADDRINUSE (no uncaught exception from the WebSocketServer)', async () => {
    const taken = await occupyPort();
    await expect(startChatServer({ port: taken, log: () => {} })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });
});

describe('npm start (examples/chat/server.ts)', () => {
  it('with its PORT taken, prints the free port it really serves on, serves there, and stops on SIGTERM', async () => {
    const taken = await occupyPort();
    const main = startMain(String(taken));
    await main.until(/Ctrl-C stops the server/); // the last line of the banner
    const [, url = '', port = ''] = main.stdout().match(/open (http:\/\/127\.0\.0\.1:(\d+)\/) in a browser/) ?? [];
    expect(Number(port)).not.toBe(taken);
    expect(main.stdout()).toContain(`Port ${taken} is taken; using ${port}.`);
    expect(main.stdout()).toContain(`npm run chat:cli -- ws://127.0.0.1:${port}/chat yourname`);

    const page = await fetch(url);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('<script type="module" src="/app.js">');
    expect(await chatHello(`ws://127.0.0.1:${port}/chat`)).toMatchObject({ type: 'id' });

    main.child.kill('SIGTERM');
    expect(await main.exited).toEqual({ code: 0, signal: null });
    expect(main.stderr()).toBe('');
    // Nothing is left serving on that port.
    await expect(fetch(url)).rejects.toThrow();
  }, 90_000);

  it.each([
    ['70000', /^rx-websocket chat: cannot serve on 127\.0\.0\.1:70000: .*65536.*\n$/],
    ['abc', /^rx-websocket chat: PORT must be a port number, not "abc"\.\n$/],
  ])(
    'with PORT=%s, says why on one line of stderr and exits with 1',
    async (port, message) => {
      const main = startMain(port);
      expect(await main.exited).toEqual({ code: 1, signal: null });
      expect(main.stderr()).toMatch(message);
      expect(main.stdout()).toBe('');
    },
    90_000,
  );
});
