// A socket that fires `error` while it reports CLOSED, and never fires `close`: mock-socket's `server.simulate('error')`
// does, and so do doubles written after it. rxjs/webSocket errors its subscribers at the error, so a test written for
// it waits for that: every entry point ends as the standard's 1006 close would end it, on every shape of socket. A
// close the socket does fire in the same call keeps its own code.
import { WebSocket as MockSocketWebSocket, Server } from 'mock-socket';
import {
  fromWebSocket,
  RxWebSocket,
  sharedWebSocket,
  WebSocketCloseError,
  type WebSocketConstructorLike,
  webSocket,
} from 'rx-websocket';
import { filter, firstValueFrom, lastValueFrom, type Observable, tap, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { fakeBrowser, settle as settleTabs } from '../helpers/fake-tabs.js';

/** A shape of socket: how to open the one just made, and how to fail it with or without its own close. */
interface Shape {
  readonly url: string;
  readonly WebSocket: WebSocketConstructorLike;
  /** Opens the socket just made (resolves once it has). */
  open(): Promise<void>;
  /** Fires `error` while reporting CLOSED; with `close`, fires that close in the same call. */
  fail(close?: { code: number; reason: string }): void;
}

/** An `EventTarget` double, as FakeWebSockets written after mock-socket are. */
function eventTargetShape(): Shape {
  let last: EventTargetDouble | undefined;
  class EventTargetDouble extends EventTarget {
    readyState = 0;
    constructor(readonly url: string) {
      super();
      last = this;
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
    }
  }
  return {
    url: 'ws://error-without-close.test/',
    WebSocket: EventTargetDouble as unknown as WebSocketConstructorLike,
    open: async () => {
      const socket = last as EventTargetDouble;
      socket.readyState = 1;
      socket.dispatchEvent(new Event('open'));
    },
    fail: (close) => {
      const socket = last as EventTargetDouble;
      socket.readyState = 3;
      socket.dispatchEvent(new Event('error'));
      if (close) socket.dispatchEvent(Object.assign(new Event('close'), { ...close, wasClean: false }));
    },
  };
}

/** A double with only `on*` handler properties, called with plain objects, as doubles for rxjs/webSocket are. */
function handlerShape(): Shape {
  let last: HandlerDouble | undefined;
  class HandlerDouble {
    readyState = 0;
    onopen: ((event: unknown) => void) | null = null;
    onerror: ((event: unknown) => void) | null = null;
    onclose: ((event: unknown) => void) | null = null;
    onmessage: ((event: unknown) => void) | null = null;
    constructor(readonly url: string) {
      last = this;
    }
    send(): void {}
    close(): void {
      this.readyState = 3;
    }
  }
  return {
    url: 'ws://error-without-close.test/',
    WebSocket: HandlerDouble as unknown as WebSocketConstructorLike,
    open: async () => {
      const socket = last as HandlerDouble;
      socket.readyState = 1;
      socket.onopen?.({});
    },
    fail: (close) => {
      const socket = last as HandlerDouble;
      socket.readyState = 3;
      socket.onerror?.({});
      if (close) socket.onclose?.({ ...close, wasClean: false });
    },
  };
}

let servers: Server[] = [];
afterEach(() => {
  for (const server of servers) server.stop();
  servers = [];
});
let port = 5000;

/** mock-socket itself, whose `simulate('error')` closes its sockets without a close event. */
function mockSocketShape(): Shape {
  const url = `ws://error-without-close.test:${port++}/`;
  const server = new Server(url);
  servers.push(server);
  let last: MockSocketWebSocket | undefined;
  class Tracked extends MockSocketWebSocket {
    constructor(...args: ConstructorParameters<typeof MockSocketWebSocket>) {
      super(...args);
      last = this;
    }
  }
  return {
    url,
    WebSocket: Tracked as unknown as WebSocketConstructorLike,
    // mock-socket opens on a timer of its own: resolved by the open listener added after the library's, or at once
    // when it has opened already.
    open: () =>
      new Promise<void>((resolve) => {
        const socket = last as MockSocketWebSocket;
        if (socket.readyState === 1) resolve();
        else socket.addEventListener('open', () => resolve());
      }),
    fail: (close) => {
      if (close) throw new Error('mock-socket has no error followed by a close');
      server.simulate('error');
    },
  };
}

const doubles: Array<[string, () => Shape]> = [
  ['an EventTarget double', eventTargetShape],
  ['an on*-only double', handlerShape],
];

/** The events and close codes an Observable saw, once it has ended. */
function settle<T>(observable: Observable<T>): Promise<{ values: T[]; error?: unknown }> {
  return lastValueFrom(observable.pipe(toArray())).then(
    (values) => ({ values }),
    (error: unknown) => ({ values: [], error }),
  );
}

describe.each([['mock-socket', mockSocketShape], ...doubles])('an error without a close, on %s', (_, makeShape) => {
  it('RxWebSocket fires error, then the 1006 close, and ends its streams', async () => {
    const shape = makeShape();
    const socket = new RxWebSocket(shape.url, [], { WebSocket: shape.WebSocket });
    const events: string[] = [];
    socket.addEventListener('error', () => events.push(`error ${socket.readyState}`));
    socket.addEventListener('close', (event) => events.push(`close ${event.code} ${event.wasClean}`));
    const data = settle(socket.data$);
    const opened = firstValueFrom(socket.open$);
    await shape.open();
    await opened;
    shape.fail();
    expect((await data).error).toBeInstanceOf(WebSocketCloseError);
    expect(events).toEqual(['error 3', 'close 1006 false']);
    expect(socket.readyState).toBe(3);
  });

  it('webSocket() errors its subscribers with the error event, as rxjs does, then tells closeObserver of the 1006 close once', async () => {
    const shape = makeShape();
    const closes: number[] = [];
    const subject = webSocket({
      url: shape.url,
      WebSocketCtor: shape.WebSocket,
      closeObserver: { next: (event) => closes.push(event.code) },
    });
    const messages = settle(subject);
    await shape.open();
    expect(subject.state.status).toBe('open');
    shape.fail();
    const { error } = await messages;
    // What the runtime fired (an error Event, or the `{}` the on*-only double passes), as rxjs's subject errors with
    // it, not the close that follows; state$ has the close, with the typed error.
    expect(error).not.toHaveProperty('code');
    expect((error as { type?: string }).type ?? 'error').toBe('error');
    await firstValueFrom(subject.state$.pipe(filter((state) => state.status === 'closed')));
    expect(closes).toEqual([1006]);
    expect(subject.state).toMatchObject({ status: 'closed', error: { name: 'WebSocketCloseError', code: 1006 } });
  });

  it("sharedWebSocket(): the leader's real socket ends every tab's with the 1006 close", async () => {
    const shape = makeShape();
    const browser = fakeBrowser();
    const tabs = ['leader', 'follower'].map((name) => {
      const tab = browser.tab(name);
      const options = { locks: tab.locks, BroadcastChannel: tab.BroadcastChannel, WebSocket: shape.WebSocket };
      return sharedWebSocket(options) as WebSocketConstructorLike;
    });
    let opened = 0;
    const ends = tabs.map((WebSocket) =>
      settle(fromWebSocket({ url: shape.url, WebSocket }).pipe(tap(() => opened++))),
    );
    await settleTabs(); // the lock is granted and the leader makes the one real socket
    await shape.open();
    await settleTabs();
    expect(opened).toBe(2);
    shape.fail();
    for (const { error } of await Promise.all(ends)) {
      expect(error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
    }
  });

  it('fromWebSocket() errors with the 1006 close', async () => {
    const shape = makeShape();
    const sockets = settle(fromWebSocket({ url: shape.url, WebSocket: shape.WebSocket }));
    await shape.open();
    shape.fail();
    expect((await sockets).error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });
});

describe.each(doubles)('an error and its own close, on %s', (_, makeShape) => {
  it("keeps the socket's own close when it fires one in the same call", async () => {
    const shape = makeShape();
    const socket = new RxWebSocket(shape.url, [], { WebSocket: shape.WebSocket });
    const closes = settle(socket.close$);
    const opened = firstValueFrom(socket.open$);
    await shape.open();
    await opened;
    shape.fail({ code: 4001, reason: 'gone' });
    expect((await closes).values.map(({ code, reason }) => [code, reason])).toEqual([[4001, 'gone']]);
    // The close the transport would have made is ignored: one close event, the socket's.
    await Promise.resolve();
    expect(socket.readyState).toBe(3);
  });
});
