import type { EnvironmentChange, ReconnectEnvironment } from 'rx-websocket';

/** A scriptable online/visibility environment that counts its listeners. */
export class FakeEnvironment implements ReconnectEnvironment {
  online = true;
  visible = true;
  readonly #listeners = new Set<(change: EnvironmentChange) => void>();

  isOnline(): boolean {
    return this.online;
  }

  isVisible(): boolean {
    return this.visible;
  }

  listen(listener: (change: EnvironmentChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  get listeners(): number {
    return this.#listeners.size;
  }

  emit(change: EnvironmentChange): void {
    if (change === 'online' || change === 'offline') this.online = change === 'online';
    else this.visible = change === 'visible';
    for (const listener of [...this.#listeners]) listener(change);
  }
}
