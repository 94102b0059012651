import { fromWebSocket, type RxWebSocket, WebSocketCloseError } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { type Observable, retry, switchMap, take } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it, vi } from 'vitest';

function collect<T>(source: Observable<T>) {
  const result: { values: T[]; error?: unknown; complete: boolean } = { values: [], complete: false };
  const subscription = source.subscribe({
    next: (v) => result.values.push(v),
    error: (e: unknown) => {
      result.error = e;
    },
    complete: () => {
      result.complete = true;
    },
  });
  return { result, subscription };
}

describe('fromWebSocket()', () => {
  it('is cold: nothing happens until subscribed, and each subscription opens its own socket', () => {
    const fake = fakeWebSocket();
    const sockets$ = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket });
    expect(fake.sockets).toHaveLength(0);
    sockets$.subscribe();
    sockets$.subscribe();
    expect(fake.sockets).toHaveLength(2);
  });

  it('emits the socket once it is OPEN, then completes on a clean close', () => {
    const fake = fakeWebSocket();
    const { result } = collect(fromWebSocket({ url: 'ws://x', protocols: ['p'], WebSocket: fake.WebSocket }));
    expect(result.values).toEqual([]);
    expect(fake.last.protocols).toEqual(['p']);
    fake.last.open();
    expect(result.values).toHaveLength(1);
    expect(result.values[0]?.readyState).toBe(1);
    fake.last.serverClose(4000, 'bye', true);
    expect(result.complete).toBe(true);
    expect(result.error).toBeUndefined();
  });

  it('errors with WebSocketCloseError, with the runtime error as cause, when the socket cannot open', () => {
    const fake = fakeWebSocket();
    const { result } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }));
    fake.last.fail(new Error('getaddrinfo ENOTFOUND x'));
    expect(result.error).toBeInstanceOf(WebSocketCloseError);
    expect(result.error).toMatchObject({ code: 1006, wasClean: false });
    expect((result.error as Error).cause).toEqual(new Error('getaddrinfo ENOTFOUND x'));
  });

  it('errors with WebSocketCloseError on an abnormal close after opening', () => {
    const fake = fakeWebSocket();
    const { result } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }));
    fake.last.open();
    fake.last.serverClose(1006, '', false);
    expect(result.error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });

  it('closes with 1000 when unsubscribed while CONNECTING, and never delivers a late open', () => {
    const fake = fakeWebSocket();
    const { result, subscription } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }));
    subscription.unsubscribe();
    expect(fake.last.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    fake.last.open();
    fake.last.finishClose();
    expect(result.values).toEqual([]);
    expect(fake.last.listenerCount()).toBe(0);
  });

  it('closes with 1000 when unsubscribed while OPEN, and only once', () => {
    const fake = fakeWebSocket();
    const { subscription } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }));
    fake.last.open();
    subscription.unsubscribe();
    subscription.unsubscribe();
    expect(fake.last.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    fake.last.finishClose();
    expect(fake.last.listenerCount()).toBe(0);
  });

  it('does not close a socket that already closed', () => {
    const fake = fakeWebSocket();
    const { subscription } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }));
    fake.last.open();
    fake.last.serverClose(1001, '', true);
    subscription.unsubscribe();
    expect(fake.last.closeCalls).toEqual([]);
  });

  it('errors with the DOMException of bad input, at subscription, opening nothing', () => {
    const fake = fakeWebSocket();
    const { result } = collect(fromWebSocket({ url: 'ftp://x', WebSocket: fake.WebSocket }));
    expect(result.error).toBeInstanceOf(DOMException);
    expect(result.error).toMatchObject({ name: 'SyntaxError' });
    expect(fake.sockets).toHaveLength(0);
  });

  it('takes a URL and uses the global WebSocket', () => {
    const fake = fakeWebSocket();
    vi.stubGlobal('WebSocket', fake.WebSocket);
    try {
      fromWebSocket(new URL('https://example.com/live')).subscribe();
      expect(fake.last.url).toBe('wss://example.com/live');
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('composes with retry: each retry opens exactly one new socket', () => {
    const fake = fakeWebSocket();
    const { result } = collect(fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).pipe(retry(2)));
    fake.last.fail();
    fake.last.fail();
    expect(fake.sockets).toHaveLength(3);
    fake.last.open();
    expect(result.values).toHaveLength(1);
    expect(result.error).toBeUndefined();
  });

  it('switchMap to data$ streams the messages of the open socket', () => {
    const fake = fakeWebSocket();
    const { result } = collect(
      fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).pipe(
        switchMap((socket: RxWebSocket) => socket.data$),
      ),
    );
    fake.last.open();
    fake.last.receive('a');
    fake.last.receive('b');
    fake.last.serverClose();
    expect(result.values).toEqual(['a', 'b']);
    expect(result.complete).toBe(true);
  });
});

describe('fromWebSocket() in virtual time', () => {
  it('emits at the open frame and completes at the close frame', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const fake = fakeWebSocket();
      const sockets = fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket });
      // The server side, scripted on the same clock: open at frame 3, close at frame 6.
      cold('---o--c|').subscribe((event) => (event === 'o' ? fake.last.open() : fake.last.serverClose()));
      expectObservable(sockets.pipe(switchMap(() => ['open']))).toBe('---o--|', { o: 'open' });
    });
  });

  it('retries after each failure and emits when an attempt opens', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const fake = fakeWebSocket();
      cold('-f-f-o').subscribe((event) => (event === 'f' ? fake.last.fail() : fake.last.open()));
      expectObservable(
        fromWebSocket({ url: 'ws://x', WebSocket: fake.WebSocket }).pipe(
          retry(5),
          switchMap(() => [fake.sockets.length]),
          take(1),
        ),
      ).toBe('-----(a|)', { a: 3 });
    });
  });
});
