// FakeWebSocket is a socket for any code written against the standard, not only for rx-websocket: code that sets the
// on* handler properties (rxjs's own webSocket does) sees the same events as code that adds listeners.
import { fakeWebSocket } from 'rx-websocket/testing';
import { webSocket as rxjsWebSocket } from 'rxjs/webSocket';
import { describe, expect, it } from 'vitest';

describe('FakeWebSocket handler properties', () => {
  it('calls onopen, onmessage, onerror and onclose after the listeners, with the same events', () => {
    const fake = fakeWebSocket();
    const socket = new fake.WebSocket('ws://test');
    const seen: string[] = [];
    for (const type of ['open', 'message', 'error', 'close']) {
      socket.addEventListener(type, (event) => seen.push(`listener ${(event as { type: string }).type}`));
    }
    socket.onopen = (event) => seen.push(`onopen ${(event as { type: string }).type}`);
    socket.onmessage = (event) => seen.push(`onmessage ${(event as { data: string }).data}`);
    socket.onerror = () => seen.push('onerror');
    socket.onclose = (event) => seen.push(`onclose ${(event as { code: number }).code}`);
    fake.last.open();
    fake.last.receive('hi');
    fake.last.fail();
    expect(seen).toEqual([
      'listener open',
      'onopen open',
      'listener message',
      'onmessage hi',
      'listener error',
      'onerror',
      'listener close',
      'onclose 1006',
    ]);
  });

  it("drives rxjs's own webSocket subject: open, send, receive, clean close", () => {
    const fake = fakeWebSocket();
    const subject = rxjsWebSocket<{ n: number }>({ url: 'ws://test', WebSocketCtor: fake.WebSocket as never });
    const received: unknown[] = [];
    let completed = false;
    subject.subscribe({ next: (m) => received.push(m), complete: () => (completed = true) });
    subject.next({ n: 1 });
    fake.last.open();
    expect(fake.last.sent).toEqual(['{"n":1}']);
    fake.last.receive('{"n":2}');
    fake.last.serverClose(1000);
    expect(received).toEqual([{ n: 2 }]);
    expect(completed).toBe(true);
  });
});
