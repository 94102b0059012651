// Deno fires `open`, and then the messages that came with the handshake, from promise jobs of one turn of its event
// loop; a browser fires each message as a task of its own, after the promise jobs `open` queued. So on Deno, code a
// few `await`s after the open missed a server's greeting (seen under load by the Deno probe). These tests play Deno's
// order with a double whose events are the runtime's own (`isTrusted`), with `Deno` defined, and check that every
// listener gets the standard's order: what the runtime fires in the open's turn waits for the end of that turn.
import { RxWebSocket, type WebSocketConstructorLike, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { firstValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { internals } from '../../src/socket/internals.js';

type Listener = (event: unknown) => void;

/** A script for the double: what the server sends with the handshake, and whether it closes right after. */
interface Greeting {
  readonly messages: readonly string[];
  readonly close?: { code: number; reason: string };
  /** The link fails after the messages: an error event carrying this, then the 1006 close. */
  readonly fail?: Error;
}

/**
 * A socket that fires its events as Deno's does: `open` from a promise job, and each greeting message (and the close)
 * from a promise job after it, all in one turn; events are plain objects marked as the runtime's own.
 */
function denoLike(greeting: Greeting) {
  const sockets: DenoLikeSocket[] = [];
  class DenoLikeSocket {
    readyState = 0;
    readonly protocol = '';
    readonly extensions = '';
    readonly bufferedAmount = 0;
    binaryType = 'blob';
    readonly listeners = new Map<string, Set<Listener>>();
    constructor(readonly url: string) {
      sockets.push(this);
      queueMicrotask(() => this.#handshake());
    }
    addEventListener(type: string, listener: Listener): void {
      const set = this.listeners.get(type) ?? new Set();
      set.add(listener);
      this.listeners.set(type, set);
    }
    removeEventListener(type: string, listener: Listener): void {
      this.listeners.get(type)?.delete(listener);
    }
    send(): void {}
    close(): void {
      if (this.readyState < 2) this.readyState = 2;
    }
    count(type: string): number {
      return this.listeners.get(type)?.size ?? 0;
    }
    fire(type: string, fields: object = {}): void {
      for (const listener of [...(this.listeners.get(type) ?? [])]) listener({ type, isTrusted: true, ...fields });
    }
    async #handshake(): Promise<void> {
      this.readyState = 1;
      this.fire('open');
      for (const data of greeting.messages) {
        await null;
        if (this.readyState === 1) this.fire('message', { data });
      }
      if (greeting.close) {
        await null;
        this.readyState = 3;
        this.fire('close', { ...greeting.close, wasClean: true });
      }
      if (greeting.fail) {
        await null;
        this.readyState = 3;
        this.fire('error', { error: greeting.fail });
        this.fire('close', { code: 1006, reason: '', wasClean: false });
      }
    }
  }
  return { WebSocket: DenoLikeSocket as unknown as WebSocketConstructorLike, sockets };
}

/** Code a few promise jobs after the open, as an async function's `await`s are: still in the open's turn. */
async function afterAwaitingOpen(socket: RxWebSocket): Promise<void> {
  await firstValueFrom(socket.open$);
  await null;
  await null;
}

/** The end of the current turn of the event loop (an immediate queued now runs after the transport's). */
const endOfTurn = () => new Promise((resolve) => setImmediate(resolve));

describe("the first messages on Deno's WebSocket", () => {
  beforeEach(() => {
    vi.stubGlobal('Deno', {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('reach a subscriber that came a few awaits after the open, in order', async () => {
    const { WebSocket } = denoLike({ messages: ['hello', 'second'] });
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    const events: string[] = [];
    await afterAwaitingOpen(socket);
    socket.addEventListener('message', (event) => events.push(`event:${event.data}`));
    const data = firstValueFrom(socket.data$.pipe(take(2), toArray()));
    await endOfTurn();
    expect(events).toEqual(['event:hello', 'event:second']);
    expect(await data).toEqual(['hello', 'second']);
    socket.close();
  });

  it('are missed there without the Deno transport: the order this file is about', async () => {
    vi.unstubAllGlobals();
    const { WebSocket } = denoLike({ messages: ['hello', 'second'] });
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    await afterAwaitingOpen(socket);
    const seen: unknown[] = [];
    socket.data$.subscribe((data) => seen.push(data));
    await endOfTurn();
    expect(seen).toEqual([]);
    socket.close();
  });

  it('keep a close that came in the same turn behind them', async () => {
    const { WebSocket } = denoLike({ messages: ['hello', 'bye'], close: { code: 4000, reason: 'done' } });
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    const order: string[] = [];
    await afterAwaitingOpen(socket);
    expect(socket.readyState).toBe(RxWebSocket.OPEN);
    socket.addEventListener('message', (event) => order.push(`message:${event.data}`));
    const close = firstValueFrom(socket.close$);
    socket.addEventListener('close', (event) => order.push(`close:${event.code}:${event.reason}`));
    await close;
    expect(order).toEqual(['message:hello', 'message:bye', 'close:4000:done']);
    expect(socket.readyState).toBe(RxWebSocket.CLOSED);
  });

  it("keep an error behind them, with the runtime's error event that a webSocket() subject errors with", async () => {
    const cause = new Error('link lost');
    const { WebSocket } = denoLike({ messages: ['"hello"'], fail: cause });
    const subject = webSocket<string>({ url: 'ws://deno.test/', WebSocket });
    const order: string[] = [];
    const ended = new Promise<unknown>((resolve) =>
      subject.subscribe({
        next: (message) => order.push(`message:${message}`),
        error: (error: unknown) => {
          order.push('error');
          resolve(error);
        },
      }),
    );
    expect(await ended).toMatchObject({ type: 'error', error: cause });
    expect(order).toEqual(['message:hello', 'error']);
  });

  it('are dropped, as a browser drops them, once close() was called in the open turn', async () => {
    const { WebSocket } = denoLike({ messages: ['hello'] });
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    const seen: unknown[] = [];
    socket.data$.subscribe({ next: (data) => seen.push(data), error: () => {} });
    await firstValueFrom(socket.open$);
    socket.close();
    await endOfTurn();
    expect(seen).toEqual([]);
  });

  it('go to nobody when nothing listened by the end of the turn; listening stops until something does', async () => {
    const { WebSocket, sockets } = denoLike({ messages: ['hello'] });
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    await firstValueFrom(socket.open$);
    const [runtime] = sockets;
    expect(runtime?.count('message')).toBe(1);
    await endOfTurn();
    expect(runtime?.count('message')).toBe(0);
    const later = firstValueFrom(socket.data$);
    expect(runtime?.count('message')).toBe(1);
    runtime?.fire('message', { data: 'later' });
    expect(await later).toBe('later');
    socket.close();
  });

  it('leave no listener and no immediate behind when the socket goes away in the open turn', async () => {
    const { WebSocket, sockets } = denoLike({ messages: ['hello'] });
    const immediatesBefore = process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length;
    const socket = new RxWebSocket('ws://deno.test/', undefined, { WebSocket });
    const seen: unknown[] = [];
    const subscription = socket.data$.subscribe({ next: (data) => seen.push(data), error: () => {} });
    await firstValueFrom(socket.open$);
    const [runtime] = sockets;
    runtime?.fire('close', { code: 1006, reason: '', wasClean: false });
    subscription.unsubscribe();
    expect(socket.readyState).toBe(RxWebSocket.CLOSED);
    expect([...(runtime?.listeners.values() ?? [])].map((set) => set.size)).toEqual(
      [...(runtime?.listeners.keys() ?? [])].map(() => 0),
    );
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Immediate').length).toBe(immediatesBefore);
    await endOfTurn();
    expect(seen).toEqual([]);
  });

  it("does not hold a script's own events: a FakeWebSocket stays synchronous, with its capabilities", async () => {
    const fakes = fakeWebSocket({ runtime: 'ws' });
    const socket = new RxWebSocket('ws://fake.test/', undefined, { WebSocket: fakes.WebSocket });
    const fake = fakes.last;
    const seen: unknown[] = [];
    socket.data$.subscribe((data) => seen.push(data));
    fake.open();
    fake.receive('now');
    expect(seen).toEqual(['now']);
    const { transport } = socket[internals]();
    transport.pause?.();
    expect(transport.isPaused?.()).toBe(true);
    socket.close();
  });
});
