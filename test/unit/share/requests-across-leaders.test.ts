// request() on a socket shared across tabs when the leader's tab goes away: what a tab sent that the leader never
// confirmed comes back to its queue. A request's copy of it is taken back with the request: 'fail' aborts and sends
// nothing more, 'retry' sends it once on the next connection, and a cancelled one is not sent. Three fake tabs.
import { reconnect, requests, webSocket } from 'rx-websocket';
import { expect, it } from 'vitest';
import { settle } from '../../helpers/fake-tabs.js';
import { sharedTabs, virtualTime } from '../../helpers/shared-tabs.js';

const URL = 'ws://example.test/chat';
type Message = { id?: string | number; ask?: string; answer?: string };

async function setup(onDisconnect: 'fail' | 'retry') {
  const { server, tabs: all } = sharedTabs(3);
  const { scheduler, advance } = virtualTime();
  const subjects = all.map((tab) =>
    webSocket<Message>({
      url: URL,
      WebSocket: tab.WebSocket,
      scheduler,
      reconnect: reconnect({ initialDelay: 1000, maxDelay: 1000, scheduler }),
      requests: requests({ onDisconnect, timeout: Number.POSITIVE_INFINITY }),
    }),
  );
  for (const s of subjects) s.subscribe();
  await settle();
  server.last.open();
  await settle();
  all[0]?.close(); // the leader's tab goes away
  server.last.serverClose(1006, '', false);
  return { server, subjects, advance };
}

const asks = (frames: readonly unknown[]) => frames.map(String).filter((f) => f.includes('"ask"'));

it("'retry': a request sent during a hand-over (never confirmed by the leader) goes on the next connection once", async () => {
  const { server, subjects, advance } = await setup('retry');
  const errors: unknown[] = [];
  subjects[2]?.request({ ask: 'x' }, { id: 'r' }).subscribe({ error: (e) => errors.push(e) });
  await settle();
  await advance(1000);
  server.last.open();
  await settle();
  expect(server.sockets).toHaveLength(2);
  expect(asks(server.last.sent)).toHaveLength(1);
  expect(errors).toEqual([]);
});

it("'fail': a request aborted with the dropped connection is not sent on the next one", async () => {
  const { server, subjects, advance } = await setup('fail');
  const errors: unknown[] = [];
  subjects[2]?.request({ ask: 'x' }, { id: 'f' }).subscribe({ error: (e) => errors.push(e) });
  await settle();
  await advance(1000);
  server.last.open();
  await settle();
  expect(errors).toHaveLength(1);
  expect(errors[0]).toMatchObject({ name: 'RequestAbortedError' });
  expect(asks(server.last.sent)).toEqual([]);
});

it('a request cancelled after the hand-over is not sent', async () => {
  const { server, subjects, advance } = await setup('retry');
  const sub = subjects[2]?.request({ ask: 'x' }, { id: 'c' }).subscribe({ error: () => {} });
  await settle();
  sub?.unsubscribe();
  await advance(1000);
  server.last.open();
  await settle();
  expect(asks(server.last.sent)).toEqual([]);
});
