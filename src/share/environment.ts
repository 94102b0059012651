/** What a tab group needs of `navigator.locks`: an exclusive lock, held while the callback's promise is pending. */
export interface LockManagerLike {
  /**
   * Asks for the exclusive lock `name`; `callback` runs once it is granted, and the lock is held until its promise
   * settles (or the tab goes away).
   * @param name - the lock.
   * @param options - `signal` withdraws a request not yet granted.
   * @param callback - runs with the lock.
   * @returns what `callback`'s promise resolves to.
   */
  request(
    name: string,
    options: { signal?: AbortSignal },
    callback: (lock: unknown) => Promise<unknown>,
  ): Promise<unknown>;
}

/** What a tab group needs of a `BroadcastChannel`. */
export interface BroadcastChannelLike {
  /** Told of each message, as a `MessageEvent` (typed loosely, so that the DOM's and Node's channels both fit). */
  onmessage: ((event: never) => void) | null;
  /**
   * Sends a structured-cloneable message to every other channel of the same name in the origin.
   * @param message - the message.
   */
  postMessage(message: unknown): void;
  /** Stops listening and sending. */
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
  const scope = globalThis as unknown as {
    navigator?: { locks?: LockManagerLike };
    BroadcastChannel?: BroadcastChannelConstructor;
  };
  const locks = scope.navigator?.locks;
  const Channel = scope.BroadcastChannel;
  if (typeof locks?.request !== 'function' || typeof Channel !== 'function') return undefined;
  return { locks, BroadcastChannel: Channel };
}
