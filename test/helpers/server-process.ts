import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const script = fileURLToPath(new URL('../fixtures/ws-server-process.mjs', import.meta.url));

/** A ws server in a child process (test/fixtures/ws-server-process.mjs), killable and restartable. */
export interface ServerProcess {
  readonly port: number;
  readonly url: string;
  /** Text messages received, in order, by every process started on this port. */
  readonly messages: string[];
  /** Connections accepted, by every process on this port. */
  readonly connections: number[];
  /** Resolves when `predicate` holds, checked on every line the server prints; rejects after `timeout` ms. */
  until(predicate: () => boolean, timeout?: number): Promise<void>;
  /** Kills the process (SIGKILL: no close frames) and resolves once it is gone. */
  kill(): Promise<void>;
  /** Starts a new process on the same port. */
  restart(): Promise<void>;
}

export async function startServerProcess(mode: 'echo' | 'flap' = 'echo', port = 0): Promise<ServerProcess> {
  const messages: string[] = [];
  const connections: number[] = [];
  const waiters = new Set<() => void>();
  let child: ChildProcess | undefined;
  const check = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const launch = (onPort: number) =>
    new Promise<number>((resolve, reject) => {
      const process_ = spawn(process.execPath, [script, String(onPort), mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      child = process_;
      createInterface({ input: process_.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const event = JSON.parse(line) as { listening?: number; connection?: number; message?: string; error?: string };
        if (event.listening !== undefined) resolve(event.listening);
        if (event.error !== undefined) reject(new Error(`server process: ${event.error}`));
        if (event.connection !== undefined) connections.push(Date.now());
        if (event.message !== undefined) messages.push(event.message);
        check();
      });
      process_.once('exit', (code) => reject(new Error(`server process exited with ${code}`)));
    });

  const actualPort = await launch(port);
  return {
    port: actualPort,
    url: `ws://127.0.0.1:${actualPort}`,
    messages,
    connections,
    until: (predicate, timeout = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`condition not met within ${timeout} ms`));
        }, timeout);
        const waiter = () => {
          if (!predicate()) return;
          clearTimeout(timer);
          waiters.delete(waiter);
          resolve();
        };
        waiters.add(waiter);
        waiter();
      }),
    kill: () =>
      new Promise<void>((resolve) => {
        const current = child;
        if (!current || current.exitCode !== null || current.signalCode !== null) return resolve();
        current.once('exit', () => resolve());
        current.kill('SIGKILL');
      }),
    restart: async () => {
      await launch(actualPort);
    },
  };
}
