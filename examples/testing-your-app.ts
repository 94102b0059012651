// Testing an app's message pipeline without a server: rx-websocket/testing's fake socket under RxJS's
// TestScheduler. Every step is synchronous and every wait is virtual time, so the test is exact and instant.
// Run: node --import tsx examples/testing-your-app.ts
import assert from 'node:assert/strict';
import {
  ofType,
  RequestAbortedError,
  RequestTimeoutError,
  reconnect,
  requests,
  sendQueue,
  type WebSocketSubject,
  webSocket,
  whenDrained,
} from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { TestScheduler } from 'rxjs/testing';
import * as v from 'valibot';

// The app under test: a chat feed that keeps only valid chat messages.
const Message = v.variant('type', [
  v.object({ type: v.literal('message'), name: v.string(), text: v.string() }),
  v.object({ type: v.literal('userlist'), users: v.array(v.string()) }),
]);
type Message = v.InferOutput<typeof Message>;
function chatFeed(chat: WebSocketSubject<Message>) {
  return chat.pipe(ofType('message'));
}

const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));

// 1. Messages in, narrowed messages out; the broken frame is skipped and reported, not fatal.
scheduler.run(({ expectObservable }) => {
  const fake = fakeWebSocket();
  const chat = webSocket({ url: 'ws://test/chat', WebSocket: fake.WebSocket, schema: Message, onInvalid: 'skip' });
  scheduler.schedule(() => {
    fake.last.open();
    fake.last.receive('{"type":"userlist","users":["ada"]}');
    fake.last.receive('{"type":"message","name":"ada","text":"hi"}');
  }, 1);
  scheduler.schedule(() => fake.last.receive('{"broken'), 2);
  scheduler.schedule(() => fake.last.receive('{"type":"message","name":"grace","text":"hello"}'), 3);
  expectObservable(chatFeed(chat), '^ 5ms !').toBe('-a-b', {
    a: { type: 'message', name: 'ada', text: 'hi' },
    b: { type: 'message', name: 'grace', text: 'hello' },
  });
});
console.log('1. the pipeline narrows messages and skips the broken frame');

// 2. Reconnection in virtual time: after an abnormal close the next attempt comes after the backoff
// (jitter off here), and what was sent meanwhile goes out first on the new socket. A reconnecting
// connection always has a next timer, so flush up to a horizon (maxFrames), never "until nothing is left".
{
  const clock = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  const fake = fakeWebSocket();
  const chat = webSocket<string, string>({
    url: 'ws://test/chat',
    WebSocket: fake.WebSocket,
    scheduler: clock,
    reconnect: reconnect({ initialDelay: 1000, jitter: 0, environment: null }),
    serializer: (text) => text,
    deserializer: (event) => String(event.data),
  });
  chat.subscribe();
  fake.last.open();
  fake.last.serverClose(1006, '', false);
  assert.equal(chat.state.status, 'reconnecting');
  chat.next('sent during the outage'); // queued
  clock.maxFrames = 999;
  clock.flush();
  assert.equal(fake.sockets.length, 1); // not yet at 999 ms
  clock.maxFrames = 1000;
  clock.flush();
  assert.equal(fake.sockets.length, 2); // the second attempt, at 1000 ms
  fake.last.open();
  assert.deepEqual(fake.last.sent, ['sent during the outage']);
  chat.unsubscribe();
}
console.log('2. reconnects after 1000 virtual ms and sends the queued message once');

// 3. Backpressure: the fake's bufferedAmount is settable, which mock-socket cannot do.
scheduler.run(() => {
  const fake = fakeWebSocket();
  const chat = webSocket({ url: 'ws://test/chat', WebSocket: fake.WebSocket });
  chat.subscribe();
  fake.last.open();
  const socket = chat.socket;
  assert.ok(socket);
  fake.last.bufferedAmount = 1 << 20;
  scheduler.schedule(() => {
    fake.last.bufferedAmount = 0;
  }, 50);
  // whenDrained polls on the scheduler (every 10 ms here) and emits once the buffer is empty.
  let drainedAt = -1;
  whenDrained(socket, 0, { scheduler, minInterval: 10, maxInterval: 10 }).subscribe(() => {
    drainedAt = scheduler.now();
  });
  scheduler.schedule(() => {
    assert.ok(drainedAt >= 50 && drainedAt <= 60, `drained at ${drainedAt} ms`);
    chat.unsubscribe();
  }, 100);
});
console.log('3. whenDrained waits for the buffer to drain, in virtual time');
// 4. Request/response and the send queue: request() opens the connection itself, its timeout runs from the call on
// the scheduler, and a request the full queue drops fails at once instead of waiting for its timeout.
{
  type Reply = { id?: string | number; price?: number };
  type Ask = { type: 'price'; symbol: string };
  const clock = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  clock.run(({ expectObservable, flush }) => {
    const fake = fakeWebSocket();
    const prices = webSocket<Reply, Ask>({
      url: 'ws://test/prices',
      WebSocket: fake.WebSocket,
      requests: requests({ timeout: 1000 }),
      queue: sendQueue({ maxMessages: 2, overflow: 'drop-oldest' }),
    });
    const drops: string[] = [];
    prices.dropped$.subscribe(({ data, reason }) => drops.push(`${reason}: ${String(data)}`)); // data: the frame
    const dropped: unknown[] = [];
    prices.request({ type: 'price', symbol: 'A' }).subscribe({ error: (e) => dropped.push(e) }); // id 1, dropped
    const answered = prices.request({ type: 'price', symbol: 'B' }); // id 2
    const silent = prices.request({ type: 'price', symbol: 'C' }); // id 3
    expectObservable(answered).toBe('5ms (r|)', { r: { id: 2, price: 10 } });
    expectObservable(silent).toBe('1000ms #', undefined, new RequestTimeoutError(3, 1000));
    clock.schedule(() => {
      fake.last.open(); // sends 2 and 3, in order
      fake.last.receive('{"id":2,"price":10}');
    }, 5);
    flush();
    assert.equal(drops[0], 'overflow: {"type":"price","symbol":"A","id":1}');
    assert.ok(dropped[0] instanceof RequestAbortedError);
    assert.deepEqual(fake.last.sent, ['{"type":"price","symbol":"B","id":2}', '{"type":"price","symbol":"C","id":3}']);
  });
}
console.log('4. a reply, a timeout and a dropped request, in virtual time');
console.log('Done.');
