import type { ResourceRef, Signal } from '@angular/core';
import type { ConnectionState, WebSocketSubject } from 'rx-websocket';
import { injectWebSocket, provideWebSocket, webSocketResource } from 'rx-websocket/angular';
import * as v from 'valibot';
import { describe, expectTypeOf, it } from 'vitest';
import { z } from 'zod';

const Message = z.discriminatedUnion('type', [
  z.object({ type: z.literal('message'), name: z.string(), text: z.string() }),
  z.object({ type: z.literal('userlist'), users: z.array(z.string()) }),
]);
type Message = z.infer<typeof Message>;

describe('rx-websocket/angular types', () => {
  it('carries the schema’s type into the subject and every signal, without type arguments', () => {
    const socket = injectWebSocket({ url: 'wss://example.test', schema: Message });
    expectTypeOf(socket.subject).toEqualTypeOf<WebSocketSubject<Message, Message>>();
    expectTypeOf(socket.latest).toEqualTypeOf<Signal<Message | undefined>>();
    expectTypeOf(socket.state).toEqualTypeOf<Signal<ConnectionState>>();
    expectTypeOf(socket.latestOfType('userlist')).toEqualTypeOf<
      Signal<{ type: 'userlist'; users: string[] } | undefined>
    >();
    expectTypeOf(socket.latestOfType('message')).toEqualTypeOf<
      Signal<{ type: 'message'; name: string; text: string } | undefined>
    >();
    // @ts-expect-error: not a type the schema produces
    socket.latestOfType('nope');
    expectTypeOf(webSocketResource(socket)).toEqualTypeOf<ResourceRef<Message | undefined>>();
  });

  it('infers from any Standard Schema (valibot) and takes message types as type arguments', () => {
    const Price = v.object({ type: v.literal('price'), value: v.number() });
    const prices = injectWebSocket({ url: 'wss://example.test', schema: Price });
    expectTypeOf(prices.latest).toEqualTypeOf<Signal<{ type: 'price'; value: number } | undefined>>();

    type In = { type: 'pong' };
    type Out = { type: 'ping'; at: number };
    const typed = injectWebSocket<In, Out>({ url: 'wss://example.test' });
    typed.send({ type: 'ping', at: 1 });
    // @ts-expect-error: outgoing messages have the Out type
    typed.send({ type: 'pong' });
    expectTypeOf(typed.latest).toEqualTypeOf<Signal<In | undefined>>();
  });

  it('provideWebSocket takes the same keys as webSocket()', () => {
    provideWebSocket({ url: 'wss://example.test', schema: Message, pendingUntilFirstMessage: { timeout: 5000 } });
    // @ts-expect-error: heartbeat is an option of reconnect(), not a top-level key
    provideWebSocket({ url: 'wss://example.test', heartbeat: {} });
  });
});
