/** What holding to the end of a turn of the event loop needs of the runtime's timers. */
export interface Immediates {
  setImmediate(callback: () => void): unknown;
  clearImmediate(handle: unknown): void;
}

/**
 * Node's own timers, not the globals: fake timers replace the globals, and jsdom test environments remove them. Read
 * when needed (no import: bundles of this file for other platforms must still build); the globals where Node is too
 * old to hand out its modules, and nothing where neither exists. Deno and Bun hand out Node's modules too.
 *
 * @returns the timers, or undefined where the runtime has none.
 */
export function immediates(): Immediates | undefined {
  const node = globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } } & Partial<Immediates>;
  const timers = (node.process?.getBuiltinModule?.('node:timers') ?? node) as Partial<Immediates>;
  return typeof timers.setImmediate === 'function' ? (timers as Immediates) : undefined;
}
