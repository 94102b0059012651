// webSocket() across a real server restart: the server process is killed (no close frame) and started
// again on the same port; the subject re-subscribes its topics before flushing what was queued.
import { filter, firstValueFrom } from 'rxjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { reconnect, type WebSocketConstructorLike, webSocket } from '../../src/index.js';
import { type ServerProcess, startServerProcess } from '../helpers/server-process.js';

type Message = { type: string; topic?: string };
let child: ServerProcess;
beforeAll(async () => {
  child = await startServerProcess();
});
afterAll(() => child.kill());

it('re-sends the topic subscription first, then the messages queued during the outage, each once', async () => {
  const subject = webSocket<Message>({
    url: child.url,
    WebSocketCtor: WebSocket as WebSocketConstructorLike,
    reconnect: reconnect({ initialDelay: 50, maxDelay: 200 }),
  });
  const status = (name: string) => firstValueFrom(subject.state$.pipe(filter((s) => s.status === name)));
  const topic = subject
    .multiplex(
      () => ({ type: 'sub', topic: 'prices' }),
      () => ({ type: 'unsub', topic: 'prices' }),
      (m) => m.topic === 'prices',
    )
    .subscribe({ error: () => {} });
  await status('open');
  const subscribe = '{"type":"sub","topic":"prices"}';
  await child.until(() => child.messages.includes(subscribe));
  await child.kill();
  await status('reconnecting');
  const mark = child.messages.length;
  subject.next({ type: 'queued 1' });
  subject.next({ type: 'queued 2' });
  await child.restart();
  await child.until(() => child.messages.includes('{"type":"queued 2"}'));
  expect(child.messages.slice(mark)).toEqual([subscribe, '{"type":"queued 1"}', '{"type":"queued 2"}']);
  topic.unsubscribe();
  await child.until(() => child.messages.at(-1) === '{"type":"unsub","topic":"prices"}');
  expect(subject.state.status).toBe('closed');
});
