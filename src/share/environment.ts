/** What a tab group needs of `navigator.locks`: an exclusive lock, held while the callback's promise is pending. */
export interface LockManagerLike {
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

/** What a tab group needs of a `BroadcastChannel`. */
export interface BroadcastChannelLike {
  onmessage: ((event: { data: unknown }) => void) | null;
  postMessage(message: unknown): void;
  close(): void;
}

/** The `BroadcastChannel` constructor. */
export type BroadcastChannelConstructor = new (name: string) => BroadcastChannelLike;

/** The tab's environment, read when a shared socket is first made (never at import). */
export interface TabEnvironment {
  readonly locks: LockManagerLike;
  readonly BroadcastChannel: BroadcastChannelConstructor;
}

/**
 * The runtime's `navigator.locks` and `BroadcastChannel`, or `undefined` where either is missing (old browsers,
 * Node, insecure contexts: `navigator.locks` needs a secure context, which `localhost` and `127.0.0.1` are).
 */
export function runtimeTabEnvironment(): TabEnvironment | undefined {
  const scope = globalThis as {
    navigator?: { locks?: LockManagerLike };
    BroadcastChannel?: BroadcastChannelConstructor;
  };
  const locks = scope.navigator?.locks;
  const Channel = scope.BroadcastChannel;
  if (typeof locks?.request !== 'function' || typeof Channel !== 'function') return undefined;
  return { locks, BroadcastChannel: Channel };
}
