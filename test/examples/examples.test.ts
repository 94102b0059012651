// Every program in examples/ runs to completion on its own (each starts its own local server).
import { execFile, execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(example: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', `examples/${example}`],
      { timeout: 30_000, env: { ...process.env, PORT: '' } },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr }),
    );
  });
}

describe('examples', () => {
  it('start.ts (npm start) shows every Observable and exits by itself', async () => {
    const { code, stdout, stderr } = await run('start.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    for (const line of [
      'readyState$ CONNECTING',
      'send() while CONNECTING threw InvalidStateError',
      "open$       subprotocol 'demo.v1'",
      "message$    text 'queued before open'",
      'data$       binary [1, 2, 3]',
      'close(1001) threw InvalidAccessError',
      "close$      code 1000, reason 'demo done', wasClean true",
      'message$    completed (clean close)',
      'fromWebSocket() received ["tick 1","tick 2","tick 3"]',
      'failed twice: code 1006',
      'Done.',
    ]) {
      expect(stdout).toContain(line);
    }
  });

  it('testing-your-app.ts tests a pipeline, a reconnect and a drain in virtual time', async () => {
    const { code, stdout, stderr } = await run('testing-your-app.ts');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('1. the pipeline narrows');
    expect(stdout).toContain('2. reconnects after 1000 virtual ms');
    expect(stdout).toContain('3. whenDrained waits');
    expect(stdout).toContain('Done.');
  });

  it('rx-websocket.ts queues before open, rejects close(1001) and closes cleanly', async () => {
    const { code, stdout } = await run('rx-websocket.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('received hello\nreceived world');
    expect(stdout).toContain('InvalidAccessError - still open: true');
    expect(stdout).toContain('closed 1000 bye true');
  });

  it('from-websocket.ts streams three ticks and closes on unsubscribe', async () => {
    const { code, stdout } = await run('from-websocket.ts');
    expect(code).toBe(0);
    expect(stdout).toContain("received [ 'tick 1', 'tick 2', 'tick 3' ]");
  });

  it('typed-messages.ts narrows MDN chat messages and skips the broken frame', async () => {
    const { code, stdout } = await run('typed-messages.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('skipped MessageParseError');
    expect(stdout).toContain('online: ada, grace\nada: hello, world');
  });

  it('reconnect.ts shows the states and delivers what was sent during the outage once, after hello', async () => {
    const { code, stdout } = await run('reconnect.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('state: reconnecting, attempt 1');
    expect(stdout).toContain('state: reconnecting, attempt 1');
    expect(stdout.indexOf('next() while reconnecting')).toBeGreaterThan(stdout.indexOf('state: reconnecting'));
    expect(stdout).toContain(
      "server received 'hello (sent first on every connection)'\nserver received 'during the outage 1'\nserver received 'during the outage 2'",
    );
    expect(stdout.match(/during the outage 1'/g)).toHaveLength(1);
  });

  it('stream-file.ts streams 64 MB with a bounded buffer and prints progress', async () => {
    const { code, stdout } = await run('stream-file.ts');
    expect(code).toBe(0);
    expect(stdout).toContain('sent 64 MB');
    expect(stdout).toContain('done: the server received 64 MB');
    const heaps = [...stdout.matchAll(/heap (\d+) MB/g)].map((m) => Number(m[1]));
    expect(Math.max(...heaps)).toBeLessThan(64);
  });

  it('migrate-from-rxjs.ts runs rxjs/webSocket code with only the import changed', async () => {
    const { code, stdout } = await run('migrate-from-rxjs.ts');
    expect(code).toBe(0);
    for (const line of ['connected', 'echo: queued before the connection', 'ACME: 42', 'closed with 1005']) {
      expect(stdout).toContain(line);
    }
  });

  it('the Angular chat (examples/angular) type-checks against @angular/core (the e2e test builds it with ng build)', () => {
    let output = '';
    try {
      execFileSync(
        process.execPath,
        ['node_modules/typescript/bin/tsc', '-p', 'examples/angular/tsconfig.json', '--noEmit'],
        {
          encoding: 'utf8',
        },
      );
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 60_000);
});
