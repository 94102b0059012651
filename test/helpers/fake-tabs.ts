// Several browser tabs of one origin in one process: a Web Locks manager (exclusive locks, granted in request order,
// released when the holder's promise settles or its tab closes) and BroadcastChannels (delivered to every other open
// channel of the same name, in order, as a task), shared by tabs that can each be closed as a browser closes a tab.
import type { BroadcastChannelConstructor, BroadcastChannelLike, LockManagerLike } from 'rx-websocket';

interface Request {
  readonly tab: FakeTab;
  readonly grant: () => void;
}

export interface FakeTab {
  readonly name: string;
  readonly locks: LockManagerLike;
  readonly BroadcastChannel: BroadcastChannelConstructor;
  /** The tab goes away: its locks are released, its waits dropped, its channels closed. */
  close(): void;
  readonly closed: boolean;
}

export interface FakeBrowser {
  tab(name: string): FakeTab;
  /** Who holds each lock now, by lock name (tab names). */
  holders(): Record<string, string>;
  /** Lock requests not granted yet, of tabs still open. */
  waiting(): number;
  /** Channels open in tabs still open. */
  openChannels(): number;
  /** Messages posted on every channel, in order (for reading a failing test). */
  readonly posted: unknown[];
}

/**
 * Runs 20 rounds of queued tasks (channel deliveries, lock grants): more than any chain of them in these tests needs,
 * so that afterwards nothing is pending. A chain longer than that would fail a test the same way on every run.
 */
export const settle = async (): Promise<void> => {
  for (let i = 0; i < 20; i++) await new Promise<void>((resolve) => setImmediate(resolve));
};

export function fakeBrowser(): FakeBrowser {
  const held = new Map<string, { tab: FakeTab; release: () => void }>();
  const queues = new Map<string, Request[]>();
  type Channel = BroadcastChannelLike & { onmessage: ((event: { data: unknown }) => void) | null };
  const channels = new Set<{ tab: FakeTab; name: string; channel: Channel }>();
  const posted: unknown[] = [];
  const tabs: FakeTab[] = [];

  const grantNext = (lock: string) => {
    if (held.has(lock)) return;
    const next = queues.get(lock)?.shift();
    next?.grant();
  };

  const makeTab = (name: string): FakeTab => {
    let closed = false;
    const tab: FakeTab = {
      name,
      get closed() {
        return closed;
      },
      close() {
        closed = true;
        for (const holder of [...held.values()]) if (holder.tab === tab) holder.release();
        for (const [lock, queue] of queues) {
          queues.set(
            lock,
            queue.filter((request) => request.tab !== tab),
          );
        }
        for (const entry of [...channels]) if (entry.tab === tab) channels.delete(entry);
      },
      locks: {
        request(lock, options, callback) {
          return new Promise((resolve, reject) => {
            const signal = options.signal;
            if (signal?.aborted) {
              reject(new DOMException('aborted', 'AbortError'));
              return;
            }
            const request: Request = {
              tab,
              grant: () => {
                signal?.removeEventListener('abort', onAbort);
                let released = false;
                const release = () => {
                  if (released) return;
                  released = true;
                  if (held.get(lock)?.release === release) held.delete(lock);
                  setImmediate(() => grantNext(lock));
                };
                held.set(lock, { tab, release });
                Promise.resolve()
                  .then(() => callback({ name: lock }))
                  .then(
                    (value) => {
                      release();
                      resolve(value);
                    },
                    (error: unknown) => {
                      release();
                      reject(error);
                    },
                  );
              },
            };
            const onAbort = () => {
              const queue = queues.get(lock) ?? [];
              const index = queue.indexOf(request);
              if (index >= 0) {
                queue.splice(index, 1);
                reject(new DOMException('aborted', 'AbortError'));
              }
            };
            signal?.addEventListener('abort', onAbort);
            if (closed) return; // a closed tab's requests are never granted
            const queue = queues.get(lock) ?? [];
            queues.set(lock, queue);
            queue.push(request);
            setImmediate(() => grantNext(lock));
          });
        },
      },
      BroadcastChannel: class implements BroadcastChannelLike {
        onmessage: ((event: { data: unknown }) => void) | null = null;
        readonly #entry: { tab: FakeTab; name: string; channel: Channel };
        constructor(channelName: string) {
          this.#entry = { tab, name: channelName, channel: this };
          channels.add(this.#entry);
        }
        postMessage(message: unknown): void {
          // A closed tab runs nothing in a browser; here its objects live on, and what they post goes nowhere.
          if (closed) return;
          if (!channels.has(this.#entry)) throw new DOMException('channel is closed', 'InvalidStateError');
          const copy = structuredClone(message);
          posted.push(copy);
          for (const entry of channels) {
            if (entry === this.#entry || entry.name !== this.#entry.name) continue;
            setImmediate(() => {
              if (channels.has(entry)) entry.channel.onmessage?.({ data: copy });
            });
          }
        }
        close(): void {
          channels.delete(this.#entry);
        }
      },
    };
    tabs.push(tab);
    return tab;
  };

  return {
    tab: makeTab,
    holders: () => Object.fromEntries([...held].map(([lock, { tab }]) => [lock, tab.name])),
    waiting: () => [...queues.values()].reduce((count, queue) => count + queue.length, 0),
    openChannels: () => channels.size,
    posted,
  };
}
