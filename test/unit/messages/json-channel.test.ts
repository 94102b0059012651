import { type InvalidMessageError, jsonChannel, ofType, RxWebSocket, SerializationError } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { valid, zodServerMessage } from '../../helpers/chat-schemas.js';

type ClientMessage =
  | { type: 'message'; text: string; id: number; date: number }
  | { type: 'username'; name: string; id: number; date: number };

function setup() {
  const fake = fakeWebSocket();
  const socket = new RxWebSocket('ws://chat.test', [], { WebSocket: fake.WebSocket });
  return { socket, fake: fake.last };
}

describe('jsonChannel', () => {
  it('receives validated messages and reports invalid ones on invalid$', async () => {
    const { socket, fake } = setup();
    const chat = jsonChannel<typeof zodServerMessage, ClientMessage>(socket, zodServerMessage);
    const received = lastValueFrom(chat.messages$.pipe(toArray()));
    const invalid = lastValueFrom(chat.invalid$.pipe(toArray()));
    fake.open();
    fake.receive(JSON.stringify(valid[0]));
    fake.receive('{broken');
    fake.receive(JSON.stringify(valid[3]));
    fake.serverClose();
    expect(await received).toEqual([valid[0], valid[3]]);
    expect((await invalid).map((e: InvalidMessageError) => e.name)).toEqual(['MessageParseError']);
  });

  it('validates each message once however many subscribers', () => {
    const { socket, fake } = setup();
    const validate = vi.spyOn(zodServerMessage['~standard'], 'validate');
    const chat = jsonChannel(socket, zodServerMessage);
    const a: unknown[] = [];
    const b: unknown[] = [];
    chat.messages$.subscribe((m) => a.push(m));
    chat.messages$.pipe(ofType('id')).subscribe((m) => b.push(m.id));
    fake.open();
    fake.receive(JSON.stringify(valid[0]));
    expect(validate).toHaveBeenCalledTimes(1);
    expect([a, b]).toEqual([[valid[0]], [7]]);
    validate.mockRestore();
  });

  it('sends Out messages as JSON, queues them before open with next()', () => {
    const { socket, fake } = setup();
    const chat = jsonChannel<typeof zodServerMessage, ClientMessage>(socket, zodServerMessage);
    chat.next({ type: 'username', name: 'ada', id: 7, date: 1 });
    fake.open();
    chat.send({ type: 'message', text: 'hi', id: 7, date: 2 });
    expect(fake.sent).toEqual([
      '{"type":"username","name":"ada","id":7,"date":1}',
      '{"type":"message","text":"hi","id":7,"date":2}',
    ]);
  });

  it('throws SerializationError at the call and sends or queues nothing', () => {
    const { socket, fake } = setup();
    const chat = jsonChannel<unknown, { id: bigint }>(socket);
    expect(() => chat.next({ id: 1n })).toThrow(SerializationError);
    fake.open();
    expect(() => chat.send({ id: 1n })).toThrow(SerializationError);
    expect(fake.sent).toEqual([]);
  });
});
