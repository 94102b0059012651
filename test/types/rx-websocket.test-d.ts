import { WebSocket as MockWebSocket } from 'mock-socket';
import {
  type BroadcastChannelConstructor,
  type CloseEvent,
  type DroppedMessage,
  fromWebSocket,
  type LockManagerLike,
  type ReadyState,
  RxWebSocket,
  type RxWebSocketOptions,
  sharedWebSocket,
  type WebSocketCloseError,
  type WebSocketConstructorLike,
  type WebSocketData,
  webSocketStream,
} from 'rx-websocket';
import { FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import type { Observable } from 'rxjs';
import { WebSocket as UndiciWebSocket } from 'undici';
import { describe, expectTypeOf, it } from 'vitest';
import { WebSocket as WsWebSocket } from 'ws';

describe('WebSocketConstructorLike', () => {
  it('fits every runtime without a cast', () => {
    expectTypeOf(WsWebSocket).toExtend<WebSocketConstructorLike>();
    expectTypeOf(UndiciWebSocket).toExtend<WebSocketConstructorLike>();
    expectTypeOf(MockWebSocket).toExtend<WebSocketConstructorLike>();
    expectTypeOf(globalThis.WebSocket).toExtend<WebSocketConstructorLike>();
    expectTypeOf(FakeWebSocket).toExtend<WebSocketConstructorLike>();
    expectTypeOf(fakeWebSocket().WebSocket).toExtend<WebSocketConstructorLike>();
    // A double written for rxjs/webSocket: handler properties only, no addEventListener.
    class HandlerOnly {
      readyState = 0;
      onopen: ((event: Event) => void) | null = null;
      onmessage: ((event: MessageEvent) => void) | null = null;
      onerror: ((event: Event) => void) | null = null;
      onclose: ((event: CloseEvent) => void) | null = null;
      constructor(readonly url: string) {}
      send(_data: string): void {}
      close(): void {}
    }
    expectTypeOf(HandlerOnly).toExtend<WebSocketConstructorLike>();
  });

  it('is accepted as the WebSocket option', () => {
    new RxWebSocket('ws://x', [], { WebSocket: WsWebSocket });
    new RxWebSocket('ws://x', 'p', { WebSocket: UndiciWebSocket });
    fromWebSocket({ url: 'ws://x', WebSocket: MockWebSocket });
  });
});

describe('RxWebSocket', () => {
  const socket = new RxWebSocket('ws://x');

  it('types its streams', () => {
    expectTypeOf(socket.open$).toEqualTypeOf<Observable<Event>>();
    expectTypeOf(socket.message$).toEqualTypeOf<Observable<MessageEvent>>();
    expectTypeOf(socket.data$).toEqualTypeOf<Observable<unknown>>();
    expectTypeOf(socket.error$).toEqualTypeOf<Observable<Event>>();
    expectTypeOf(socket.close$).toEqualTypeOf<Observable<CloseEvent>>();
    expectTypeOf(socket.readyState$).toEqualTypeOf<Observable<ReadyState>>();
    expectTypeOf(socket.dropped$).toEqualTypeOf<Observable<DroppedMessage>>();
  });

  it('types listeners by event type', () => {
    socket.addEventListener('close', (event) => {
      expectTypeOf(event).toEqualTypeOf<CloseEvent>();
      expectTypeOf(event.code).toBeNumber();
    });
    socket.addEventListener('message', (event) => expectTypeOf(event).toEqualTypeOf<MessageEvent>());
    socket.onclose = (event) => expectTypeOf(event.wasClean).toBeBoolean();
    socket.addEventListener('custom', (event) => expectTypeOf(event).toEqualTypeOf<Event>());
  });

  it('is an Observer of WebSocketData, so Observables can be piped into it', () => {
    expectTypeOf(socket.next).parameter(0).toEqualTypeOf<WebSocketData>();
    expectTypeOf(socket.readyState).toEqualTypeOf<ReadyState>();
    // @ts-expect-error binaryType is 'blob' | 'arraybuffer'
    socket.binaryType = 'nodebuffer';
    // @ts-expect-error send takes WebSocketData
    socket.send({ type: 'object' });
  });

  it('reads close details from WebSocketCloseError', () => {
    expectTypeOf<WebSocketCloseError['code']>().toBeNumber();
    expectTypeOf<WebSocketCloseError['wasClean']>().toBeBoolean();
  });
});

describe('connect', () => {
  it('returns an Observable of RxWebSocket', () => {
    expectTypeOf(fromWebSocket('ws://x')).toEqualTypeOf<Observable<RxWebSocket>>();
    expectTypeOf(fromWebSocket(new URL('ws://x'))).toEqualTypeOf<Observable<RxWebSocket>>();
    // rxjs's `protocol` and other unknown keys are errors, not keys that URL happens to have.
    // @ts-expect-error: fromWebSocket() takes `protocols`
    fromWebSocket({ url: 'ws://x', protocol: 'chat' });
    // @ts-expect-error: not an option
    fromWebSocket({ url: 'ws://x', host: 'example.com' });
  });
});

describe('sharedWebSocket() and webSocketStream()', () => {
  it("take the browser's own Web Locks and BroadcastChannel, and give the WebSocket option what it takes", () => {
    expectTypeOf(navigator.locks).toExtend<LockManagerLike>();
    expectTypeOf(BroadcastChannel).toExtend<BroadcastChannelConstructor>();
    expectTypeOf(sharedWebSocket({ locks: navigator.locks, BroadcastChannel })).toExtend<
      RxWebSocketOptions['WebSocket']
    >();
    expectTypeOf(webSocketStream()).toExtend<RxWebSocketOptions['WebSocket']>();
  });
});
