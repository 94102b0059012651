import { match, ofType, ofTypeBy } from 'rx-websocket';
import { from, lastValueFrom, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { type ServerMessage, valid } from '../../helpers/chat-schemas.js';

const messages$ = () => from(valid);

describe('ofType', () => {
  it('lets through one type', async () => {
    expect(await lastValueFrom(messages$().pipe(ofType('userlist'), toArray()))).toEqual([valid[3]]);
  });

  it('lets through several types, in order', async () => {
    expect(await lastValueFrom(messages$().pipe(ofType('id', 'userlist'), toArray()))).toEqual([valid[0], valid[3]]);
  });

  it('reads another discriminant with ofTypeBy', async () => {
    const events = from([{ kind: 'joined', who: 'a' } as const, { kind: 'left', who: 'b' } as const]);
    expect(await lastValueFrom(events.pipe(ofTypeBy('kind')('left'), toArray()))).toEqual([{ kind: 'left', who: 'b' }]);
  });

  it('filters in virtual time without delaying anything', () => {
    new TestScheduler((a, e) => expect(a).toEqual(e)).run(({ cold, expectObservable }) => {
      const source = cold<ServerMessage>('-a-b-c-d|', { a: valid[0], b: valid[1], c: valid[2], d: valid[3] } as never);
      expectObservable(source.pipe(ofType('message', 'rejectusername'))).toBe('---b-c--|', {
        b: valid[1],
        c: valid[2],
      });
    });
  });
});

describe('match', () => {
  it('routes each message to the handler for its type and drops the rest', async () => {
    const lines = await lastValueFrom(
      messages$().pipe(
        match({
          message: (m) => `${m.name}: ${m.text}`,
          userlist: (u) => `online: ${u.users.join(', ')}`,
        }),
        toArray(),
      ),
    );
    expect(lines).toEqual(['ada: hello', 'online: ada, grace']);
  });

  it('passes unhandled messages to otherwise', async () => {
    const types = await lastValueFrom(
      messages$().pipe(
        match({ id: () => 'id' }, (m) => `other ${m.type}`),
        toArray(),
      ),
    );
    expect(types).toEqual(['id', 'other message', 'other rejectusername', 'other userlist']);
  });

  it('never calls Object.prototype members for types like constructor or toString', async () => {
    const odd = from([{ type: 'constructor' }, { type: 'toString' }, { type: '__proto__' }] as Array<{ type: string }>);
    expect(await lastValueFrom(odd.pipe(match({}), toArray()))).toEqual([]);
  });

  it('errors the stream when a handler throws', async () => {
    const failing = messages$().pipe(
      match({
        id: () => {
          throw new Error('handler bug');
        },
      }),
    );
    await expect(lastValueFrom(failing)).rejects.toThrow('handler bug');
  });
});
