// webSocket({ reconnect: reconnect({ heartbeat }) }): the heartbeat's pongs are its own. They keep the connection
// alive and never reach the subject's subscribers or invalid$, whichever deserializer decodes the messages.
import { reconnect, webSocket } from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';

const heartbeat = { interval: 100, timeout: 50, ping: 'ping', isPong: (data: unknown) => data === 'pong' };

describe.each([
  ['the default JSON deserializer', {}],
  ['a custom deserializer', { deserializer: (event: MessageEvent) => JSON.parse(String(event.data)) as unknown }],
])('heartbeat pongs with %s', (_name, decode) => {
  it('are not messages and not invalid, and they keep the connection open', () => {
    const fake = fakeWebSocket();
    const scheduler = new TestScheduler(() => {});
    const subject = webSocket<unknown>({
      url: 'ws://test',
      WebSocket: fake.WebSocket,
      scheduler,
      reconnect: reconnect({ heartbeat, environment: null }),
      ...decode,
    });
    const received: unknown[] = [];
    const invalid: unknown[] = [];
    subject.invalid$.subscribe((error) => invalid.push(error));
    subject.subscribe((message) => received.push(message));
    fake.last.open();
    for (let t = 100; t <= 500; t += 100) {
      scheduler.schedule(() => {
        expect(fake.last.sent.at(-1)).toBe('ping');
        fake.last.receive('pong');
        fake.last.receive('{"n":1}');
      }, t + 10);
    }
    scheduler.maxFrames = 550;
    scheduler.flush();
    expect(fake.sockets).toHaveLength(1); // no pong was missed
    expect(subject.state.status).toBe('open');
    expect(received).toEqual([{ n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }, { n: 1 }]);
    expect(invalid).toEqual([]);
    subject.unsubscribe();
  });
});
