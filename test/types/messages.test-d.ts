import type { StandardSchemaV1 as OfficialStandardSchemaV1 } from '@standard-schema/spec';
import { json, match, ofType, ofTypeBy, type StandardSchemaV1, type WebSocketSubject, webSocket } from 'rx-websocket';
import { type Observable, of } from 'rxjs';
import { describe, expectTypeOf, it } from 'vitest';
import {
  arktypeServerMessage,
  type ServerMessage,
  valibotServerMessage,
  zodServerMessage,
} from '../helpers/chat-schemas.js';

declare const data$: Observable<unknown>;
declare const messages$: Observable<ServerMessage>;

describe('json(schema)', () => {
  it('emits the output type of a zod, valibot or arktype schema', () => {
    expectTypeOf(data$.pipe(json(zodServerMessage))).toEqualTypeOf<Observable<ServerMessage>>();
    expectTypeOf(data$.pipe(json(valibotServerMessage))).toEqualTypeOf<Observable<ServerMessage>>();
    const ark = data$.pipe(json(arktypeServerMessage));
    expectTypeOf(ark).toExtend<Observable<ServerMessage>>();
  });

  it('emits unknown without a schema, or the type given', () => {
    expectTypeOf(data$.pipe(json())).toEqualTypeOf<Observable<unknown>>();
    expectTypeOf(data$.pipe(json<{ a: number }>())).toEqualTypeOf<Observable<{ a: number }>>();
  });

  it('vendors a Standard Schema type that the official one fits both ways', () => {
    expectTypeOf<OfficialStandardSchemaV1<unknown, number>>().toExtend<StandardSchemaV1<unknown, number>>();
    expectTypeOf<StandardSchemaV1<unknown, number>>().toExtend<OfficialStandardSchemaV1<unknown, number>>();
  });
});

describe('ofType', () => {
  it('narrows to one member', () => {
    const narrowed = messages$.pipe(ofType('message'));
    expectTypeOf(narrowed).toEqualTypeOf<Observable<Extract<ServerMessage, { type: 'message' }>>>();
  });

  it('narrows to several members', () => {
    const narrowed = messages$.pipe(ofType('id', 'userlist'));
    expectTypeOf(narrowed).toEqualTypeOf<Observable<Extract<ServerMessage, { type: 'id' | 'userlist' }>>>();
  });

  it('rejects a type that is not in the union', () => {
    // @ts-expect-error 'nope' is not a message type
    messages$.pipe(ofType('nope'));
  });

  it('narrows by another key with ofTypeBy', () => {
    const events = of({ kind: 'a' as const, x: 1 }, { kind: 'b' as const, y: '' });
    expectTypeOf(events.pipe(ofTypeBy('kind')('b'))).toEqualTypeOf<Observable<{ kind: 'b'; y: string }>>();
  });
});

describe('match', () => {
  it('gives each handler its member and emits the handlers results', () => {
    const out = messages$.pipe(
      match({
        message: (m) => {
          expectTypeOf(m.text).toBeString();
          return m.text.length;
        },
        userlist: (u) => u.users.length,
      }),
    );
    expectTypeOf(out).toEqualTypeOf<Observable<number>>();
  });
});

describe('webSocket() generics', () => {
  type ClientMessage = { type: 'message'; text: string };

  it('take message types, In and Out apart', () => {
    const subject = webSocket<ServerMessage, ClientMessage>({ url: 'ws://x', schema: zodServerMessage });
    expectTypeOf(subject).toEqualTypeOf<WebSocketSubject<ServerMessage, ClientMessage>>();
    expectTypeOf(subject.next).parameter(0).toEqualTypeOf<ClientMessage>();
    // @ts-expect-error a server message is not a client message
    subject.next({ type: 'userlist', users: [] });
  });

  it('infer the message type from the schema when none is given', () => {
    for (const schema of [zodServerMessage, valibotServerMessage, arktypeServerMessage]) {
      const subject = webSocket({ url: 'ws://x', schema });
      expectTypeOf(subject).toEqualTypeOf<WebSocketSubject<ServerMessage, ServerMessage>>();
    }
  });

  it('reject message types that the schema does not produce', () => {
    // @ts-expect-error the schema gives ServerMessage, not { other: true }
    webSocket<{ other: true }>({ url: 'ws://x', schema: zodServerMessage });
  });
});
