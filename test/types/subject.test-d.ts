import {
  bufferedAmount$,
  type ConnectedSocket,
  type ConnectionState,
  type RxWebSocket,
  reconnect,
  requests,
  type WebSocketSubject,
  type WebSocketSubjectConfig,
  webSocket,
} from 'rx-websocket';
import type { Observable } from 'rxjs';
import type { WebSocketSubjectConfig as RxjsConfig, WebSocketSubject as RxjsSubject } from 'rxjs/webSocket';
import { describe, expectTypeOf, it } from 'vitest';

describe('webSocket()', () => {
  it('takes every rxjs config as it is', () => {
    expectTypeOf<RxjsConfig<{ a: number }>>().toExtend<WebSocketSubjectConfig<{ a: number }>>();
  });

  it('has one type parameter like rxjs, or separate In and Out', () => {
    const same = webSocket<{ a: number }>('ws://x');
    expectTypeOf(same).toEqualTypeOf<WebSocketSubject<{ a: number }, { a: number }>>();
    const split = webSocket<{ kind: 'in' }, { kind: 'out' }>('ws://x');
    expectTypeOf(split.next).parameter(0).toEqualTypeOf<{ kind: 'out' }>();
    expectTypeOf(split.pipe()).toEqualTypeOf<Observable<{ kind: 'in' }>>();
    // @ts-expect-error an incoming message is not an outgoing one
    split.next({ kind: 'in' });
  });

  it('offers what code written for rxjs calls', () => {
    const subject = webSocket<{ a: number }>('ws://x');
    // rxjs types the control messages as any: so does this, through a type parameter.
    subject.multiplex(
      () => ({ subscribe: 'A' }),
      () => ({ unsubscribe: 'A' }),
      (m) => m.a > 0,
    );
    expectTypeOf(subject.multiplex).toExtend<RxjsSubject<{ a: number }>['multiplex']>();
    expectTypeOf(subject.unsubscribe).toBeFunction();
    expectTypeOf(subject.complete).toBeFunction();
    expectTypeOf(subject.error).toBeFunction();
    expectTypeOf(subject).toExtend<Observable<{ a: number }>>();
  });

  it("gives its socket as a ConnectedSocket, also as openObserver's event target, which byte counting takes", () => {
    const subject = webSocket<string>({
      url: 'ws://x',
      reconnect: reconnect(),
      openObserver: { next: (event) => expectTypeOf(event.target.send).toEqualTypeOf<ConnectedSocket['send']>() },
      // rxjs's observer type still fits: it takes any Event.
      closeObserver: { next: (event: Event) => event.type },
    });
    expectTypeOf(subject.socket).toEqualTypeOf<ConnectedSocket | undefined>();
    const state = subject.state;
    if (state.status === 'open') bufferedAmount$(state.socket);
    expectTypeOf<ConnectionState>().toExtend<{ status: string }>();
    // An RxWebSocket is one too (a pipeline's sockets go to the same functions).
    expectTypeOf<RxWebSocket>().toExtend<ConnectedSocket>();
    // @ts-expect-error the subject's socket has no Observables: its events are the subject's
    subject.socket?.data$;
  });

  it("still compiles rxjs code that casts openObserver's event target to WebSocket", () => {
    webSocket<string>({
      url: 'ws://x',
      openObserver: { next: (event) => (event.target as WebSocket).send('AUTH token') },
    });
    webSocket<string>({ url: 'ws://x', openObserver: { next: (event: Event) => event.target as WebSocket } });
    // A runtime's own socket is still no ConnectedSocket: byte counting needs one the library made.
    // @ts-expect-error the browser's WebSocket
    bufferedAmount$(new WebSocket('ws://x'));
  });

  it('takes undefined for every option it does not need, as an app passes a conditional one', () => {
    const online = Math.random() > 0.5;
    const subject = webSocket<string>({
      url: 'ws://x',
      reconnect: online ? reconnect() : undefined,
      protocol: undefined,
      WebSocketCtor: undefined,
      queue: undefined,
      schema: undefined,
      requests: undefined,
      closeObserver: undefined,
    });
    expectTypeOf(subject).toEqualTypeOf<WebSocketSubject<string, string>>();
  });

  it('types request() by the subject: a reply factory keeps its literals, the reply is In', () => {
    type Request = { op: 'get'; ref: string | number } | { op: 'put'; ref: string | number; value: number };
    type Reply = { id?: string | number; ref?: string | number; ok: boolean };
    const subject = webSocket<Reply, Request>({ url: 'ws://x', requests: requests({ timeout: 5000 }) });
    expectTypeOf(subject.request((id) => ({ op: 'get', ref: id }))).toEqualTypeOf<Observable<Reply>>();
    subject.request({ op: 'put', ref: 1, value: 2 }, { match: (reply, id) => reply.ref === id, onDisconnect: 'retry' });
    // @ts-expect-error an op the union does not have
    subject.request({ op: 'delete', ref: 1 });
    // @ts-expect-error queue takes what sendQueue() returns, not its options
    webSocket<Reply, Request>({ url: 'ws://x', queue: { maxMessages: 5 } });
    // @ts-expect-error requests takes what requests() returns, not its options
    webSocket<Reply, Request>({ url: 'ws://x', requests: { timeout: 5000 } });
  });
});
