import {
  fromWebSocket,
  RxWebSocket,
  reconnect,
  requests,
  sharedWebSocket,
  type WebSocketConstructorLike,
  webSocket,
  webSocketStream,
} from 'rx-websocket';
import { filter, firstValueFrom, Subject, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { fakeBrowser, settle } from '../../helpers/fake-tabs.js';
import { fakeWebSocketStreams } from '../../helpers/fake-web-socket-stream.js';
import { sharedTabs as tabs, virtualTime } from '../../helpers/shared-tabs.js';

const URL = 'ws://example.test/chat';

/**
 * After the first tab (the leader) went away: the backoff passes, the new leader opens exactly one new connection,
 * and the two tabs left show it open.
 */
async function newConnectionAfterHandOver(
  advance: (ms: number) => Promise<void>,
  server: { readonly sockets: readonly unknown[]; readonly last: { open(): void } },
  subjects: readonly { readonly state: { readonly status: string } }[],
): Promise<void> {
  await advance(1000);
  expect(server.sockets).toHaveLength(2);
  server.last.open();
  await settle();
  expect(subjects.slice(1).map((s) => s.state.status)).toEqual(['open', 'open']);
  await settle();
}

describe('sharedWebSocket()', () => {
  it('is undefined where there are no Web Locks or BroadcastChannel (Node), so each tab keeps its own socket', () => {
    expect((globalThis as { navigator?: { locks?: unknown } }).navigator?.locks).toBeUndefined();
    expect(sharedWebSocket()).toBeUndefined();
  });

  it('rejects a name that is not a non-empty string', () => {
    expect(() => sharedWebSocket({ name: '' })).toThrow(expect.objectContaining({ name: 'InvalidOptionError' }));
  });

  it("three tabs make one connection; each gets every message; each one's sends go out in its order", async () => {
    const { server, tabs: all } = tabs(3);
    const sockets = all.map((tab) => new RxWebSocket(URL, [], { WebSocket: tab.WebSocket }));
    await settle();
    expect(server.sockets).toHaveLength(1);
    server.last.open();
    await settle();
    expect(sockets.map((s) => s.readyState)).toEqual([1, 1, 1]);

    const received = sockets.map((s) => firstValueFrom(s.data$.pipe(take(2), toArray())));
    server.last.receive('one');
    server.last.receive('two');
    expect(await Promise.all(received)).toEqual([
      ['one', 'two'],
      ['one', 'two'],
      ['one', 'two'],
    ]);

    for (let i = 0; i < 5; i++) sockets[2]?.send(`c${i}`);
    sockets[1]?.send('b0');
    await settle();
    expect(server.last.sent.filter((m) => String(m).startsWith('c'))).toEqual(['c0', 'c1', 'c2', 'c3', 'c4']);
    expect(server.last.sent).toContain('b0');
  });

  it("shares a webSocketStream() connection: the leader drives the library's own constructors too", async () => {
    // The leader drives its real socket through the `on*` handlers, which webSocketStream()'s sockets once lacked:
    // the tabs then waited in CONNECTING for ever, with no error.
    const browser = fakeBrowser();
    const streams = fakeWebSocketStreams();
    const sockets = ['a', 'b'].map((name) => {
      const tab = browser.tab(name);
      const WebSocket = sharedWebSocket({
        locks: tab.locks,
        BroadcastChannel: tab.BroadcastChannel,
        WebSocket: webSocketStream(streams.WebSocketStream),
      }) as WebSocketConstructorLike;
      return new RxWebSocket(URL, [], { WebSocket });
    });
    await settle();
    expect(streams.all).toHaveLength(1);
    streams.last.accept();
    await settle();
    expect(sockets.map((s) => s.readyState)).toEqual([1, 1]);
    const received = sockets.map((s) => firstValueFrom(s.data$.pipe(take(2), toArray())));
    streams.last.serverSend('one', 'two');
    expect(await Promise.all(received)).toEqual([
      ['one', 'two'],
      ['one', 'two'],
    ]);
    sockets[1]?.send('from b');
    await settle();
    expect(streams.last.written).toContain('from b');
    const closes = sockets.map((s) => firstValueFrom(s.close$));
    streams.last.serverClose(4000, 'bye');
    expect((await Promise.all(closes)).map((e) => [e.code, e.reason])).toEqual([
      [4000, 'bye'],
      [4000, 'bye'],
    ]);
  });

  it('a new socket on the open connection opens, in the leader tab as in a follower (its open event is not lost)', async () => {
    for (const [where, index] of [
      ['the leader tab', 0],
      ['a follower tab', 1],
    ] as const) {
      const { server, tabs: all } = tabs(2);
      for (const tab of all) new RxWebSocket(URL, [], { WebSocket: tab.WebSocket });
      await settle();
      server.last.open();
      await settle();
      const late = new RxWebSocket(URL, [], { WebSocket: all[index]?.WebSocket });
      const opened = firstValueFrom(late.open$);
      await settle();
      expect([where, late.readyState]).toEqual([where, 1]);
      await opened;
      late.send(`from ${where}`);
      await settle();
      expect(server.sockets).toHaveLength(1);
      expect(server.last.sent).toContain(`from ${where}`);
    }
  });

  it("webSocket() in the leader tab: a subscription after complete() opens on the shared connection, as rxjs's", async () => {
    const { server, tabs: all } = tabs(2);
    const subject = webSocket<string>({ url: URL, WebSocket: all[0]?.WebSocket });
    subject.subscribe(); // the first tab to connect leads
    await settle();
    webSocket<string>({ url: URL, WebSocket: all[1]?.WebSocket }).subscribe();
    await settle();
    server.last.open();
    await settle();
    expect(subject.state.status).toBe('open');
    subject.complete();
    subject.subscribe();
    subject.next('again');
    await settle();
    expect(subject.state.status).toBe('open');
    expect(server.sockets).toHaveLength(1);
    expect(server.last.sent).toContain('"again"');
  });

  it('a missed heartbeat pong, in a follower tab or the leader, drops the dead shared connection for every tab, and one new connection opens', async () => {
    for (const missedIn of [1, 0]) {
      const { server, tabs: all } = tabs(2);
      const { scheduler, advance } = virtualTime();
      const subjects = all.map((tab, i) =>
        webSocket<string, string>({
          url: URL,
          WebSocket: tab.WebSocket,
          scheduler,
          serializer: (text) => text,
          deserializer: (event) => String(event.data),
          reconnect: reconnect({
            initialDelay: 100,
            jitter: 0,
            environment: null,
            // Only one tab checks the link: its finding must reach the others.
            ...(i === missedIn
              ? { heartbeat: { interval: 1000, timeout: 500, ping: 'ping', isPong: (d) => d === 'pong' } }
              : {}),
          }),
        }),
      );
      for (const subject of subjects) subject.subscribe();
      await settle();
      server.last.open();
      await settle();
      expect(subjects.map((s) => s.state.status)).toEqual(['open', 'open']);
      // The server no longer answers, and its TCP connection stays up: no close will ever come on its own.
      await advance(1500);
      expect(subjects.map((s) => s.state.status)).toEqual(['reconnecting', 'reconnecting']);
      // Dropped: a browser's socket cannot be terminated, so it is closed (ws's would be terminated).
      expect(server.last.readyState).toBe(2);
      expect(server.last.closeCalls).toEqual([{}]);
      await advance(100);
      expect(server.sockets).toHaveLength(2);
      server.last.open();
      await settle();
      expect(subjects.map((s) => s.state.status)).toEqual(['open', 'open']);
      for (const subject of subjects) subject.unsubscribe();
      await settle();
    }
  });

  it("a tab's reconnectNow re-attaches that tab to the shared connection, which stays open for the others", async () => {
    const { server, tabs: all } = tabs(2);
    const now = new Subject<void>();
    const subjects = all.map((tab, i) =>
      webSocket<string, string>({
        url: URL,
        WebSocket: tab.WebSocket,
        serializer: (text) => text,
        deserializer: (event) => String(event.data),
        reconnect: reconnect({ environment: null, ...(i === 1 ? { reconnectNow: now } : {}) }),
      }),
    );
    const received = subjects.map((subject) => {
      const messages: string[] = [];
      subject.subscribe((message) => messages.push(message));
      return messages;
    });
    await settle();
    server.last.open();
    await settle();
    const states: string[] = [];
    subjects[1]?.state$.subscribe((state) => states.push(state.status));
    now.next();
    await settle();
    expect(states).toEqual(['open', 'connecting', 'open']);
    expect(subjects.map((s) => s.state.status)).toEqual(['open', 'open']);
    expect(server.sockets).toHaveLength(1);
    expect(server.last.closeCalls).toEqual([]);
    server.last.receive('after');
    subjects[1]?.next('from the re-attached tab');
    await settle();
    expect(received).toEqual([['after'], ['after']]);
    expect(server.last.sent).toContain('from the re-attached tab');
    for (const subject of subjects) subject.unsubscribe();
    await settle();
  });

  it('a tab that closes its socket leaves the others on the connection; the last one closes it with 1000', async () => {
    const { server, browser, tabs: all } = tabs(2);
    const [first, second] = all.map((tab) => new RxWebSocket(URL, [], { WebSocket: tab.WebSocket })) as [
      RxWebSocket,
      RxWebSocket,
    ];
    await settle();
    server.last.open();
    await settle();
    second.close(4000, 'bye');
    const close = await firstValueFrom(second.close$);
    expect([close.code, close.reason, close.wasClean]).toEqual([4000, 'bye', true]);
    expect(server.last.closeCalls).toEqual([]);
    const next = firstValueFrom(first.data$);
    server.last.receive('still here');
    expect(await next).toBe('still here');

    first.close(1000);
    await settle();
    expect(server.last.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    server.last.finishClose();
    await firstValueFrom(first.close$);
    await settle();
    // The tabs left the group: every lock released, no request waiting, every channel closed.
    expect(browser.holders()).toEqual({});
    expect(browser.waiting()).toBe(0);
    expect(browser.openChannels()).toBe(0);
  });

  it("the server's close reaches every tab with its code and reason", async () => {
    const { server, tabs: all } = tabs(3);
    const sockets = all.map((tab) => new RxWebSocket(URL, [], { WebSocket: tab.WebSocket }));
    await settle();
    server.last.open();
    await settle();
    const closes = sockets.map((s) => firstValueFrom(s.close$));
    server.last.serverClose(4001, 'maintenance');
    const events = await Promise.all(closes);
    expect(events.map((e) => [e.code, e.reason, e.wasClean])).toEqual([
      [4001, 'maintenance', true],
      [4001, 'maintenance', true],
      [4001, 'maintenance', true],
    ]);
  });

  it('a refused connection fails every tab as the standard socket does: error, then close 1006', async () => {
    const { server, tabs: all } = tabs(2);
    const errors = all.map((tab) =>
      firstValueFrom(fromWebSocket({ url: URL, WebSocket: tab.WebSocket })).catch((error: unknown) => error),
    );
    await settle();
    server.last.fail();
    for (const error of await Promise.all(errors))
      expect(error).toMatchObject({ name: 'WebSocketCloseError', code: 1006 });
  });

  it("when the leader's tab closes, another tab opens exactly one new connection, and every subject reconnects to it and delivers what was sent meanwhile once", async () => {
    const { server, tabs: all } = tabs(3);
    const { scheduler, advance } = virtualTime();
    const subjects = all.map((tab) =>
      webSocket<string, string>({
        url: URL,
        WebSocket: tab.WebSocket,
        serializer: (value) => value,
        deserializer: (event) => String(event.data),
        scheduler,
        reconnect: reconnect({ initialDelay: 1000, maxDelay: 1000, scheduler }),
      }),
    );
    const got: string[][] = subjects.map(() => []);
    for (const [i, subject] of subjects.entries()) subject.subscribe((message) => got[i]?.push(message));
    await settle();
    expect(server.sockets).toHaveLength(1);
    server.last.open();
    await settle();
    expect(subjects.map((s) => s.state.status)).toEqual(['open', 'open', 'open']);

    // tab0 got the lock first: it leads. It goes away, as a tab does, without a word.
    all[0]?.close();
    server.last.serverClose(1006, '', false); // the browser drops its socket with it
    // Sent before tab2 knows: its socket still reads open, but no leader confirms the message, so it goes back to
    // the subject's queue when the new leader's epoch closes that socket, and out on the new connection.
    expect(subjects[2]?.state.status).toBe('open');
    subjects[2]?.next('sent during the hand-over');
    await settle();
    // Every tab left shows the hand-over as reconnecting, the new leader's tab too.
    expect(subjects.slice(1).map((s) => s.state.status)).toEqual(['reconnecting', 'reconnecting']);
    subjects[1]?.next('queued during the hand-over');
    await newConnectionAfterHandOver(advance, server, subjects);
    expect(server.sockets).toHaveLength(2);
    expect(server.last.sent.filter((m) => m === 'sent during the hand-over')).toHaveLength(1);
    expect(server.last.sent.filter((m) => m === 'queued during the hand-over')).toHaveLength(1);
    expect(server.sockets[0]?.sent).not.toContain('sent during the hand-over');
    server.last.receive('after');
    await settle();
    expect(got[1]?.at(-1)).toBe('after');
    expect(got[2]?.at(-1)).toBe('after');
  });

  it('a follower tab that goes away leaves the group: the leader closes the connection when it held the last socket', async () => {
    const { server, browser, tabs: all } = tabs(2);
    const leaderSocket = new RxWebSocket(URL, [], { WebSocket: all[0]?.WebSocket });
    await settle();
    new RxWebSocket(URL, [], { WebSocket: all[1]?.WebSocket });
    await settle();
    server.last.open();
    await settle();
    leaderSocket.close(1000);
    await settle();
    expect(server.last.closeCalls).toEqual([]); // the follower's socket is still on it
    all[1]?.close();
    await settle();
    expect(server.last.closeCalls).toEqual([{ code: 1000, reason: '' }]);
    server.last.finishClose();
    await settle();
    // The leader stepped down and left: nothing held, nothing waiting, no channel open.
    expect([browser.holders(), browser.waiting(), browser.openChannels()]).toEqual([{}, 0, 0]);
  });
});

describe('sharedWebSocket() and multiplex()', () => {
  const subscribe = () => ({ sub: 'prices' });
  const unsubscribe = () => ({ unsub: 'prices' });
  const isPrice = (message: { topic?: string }) => message.topic === 'prices';

  it('three tabs on one topic send one subscribe; the unsubscribe goes when the last holder leaves, whether it unsubscribes or its tab goes away', async () => {
    const { server, tabs: all } = tabs(3);
    const subjects = all.map((tab) =>
      webSocket<{ topic?: string; price?: number }>({ url: URL, WebSocket: tab.WebSocket }),
    );
    const topics = subjects.map((subject) => subject.multiplex(subscribe, unsubscribe, isPrice).subscribe());
    await settle();
    server.last.open();
    await settle();
    const frames = () => server.last.sent.map(String);
    expect(frames()).toEqual(['{"sub":"prices"}']);

    const prices = subjects.map((subject) =>
      firstValueFrom(subject.multiplex(subscribe, unsubscribe, isPrice).pipe(take(1))),
    );
    server.last.receive('{"topic":"prices","price":42}');
    expect((await Promise.all(prices)).map((m) => m.price)).toEqual([42, 42, 42]);
    await settle();
    expect(frames()).toEqual(['{"sub":"prices"}']); // the extra local subscribers shared the topic

    topics[1]?.unsubscribe();
    await settle();
    all[2]?.close(); // a follower's tab goes away with its topic
    await settle();
    expect(frames()).toEqual(['{"sub":"prices"}']);
    topics[0]?.unsubscribe(); // the leader's tab holds the last one
    await settle();
    expect(frames()).toEqual(['{"sub":"prices"}', '{"unsub":"prices"}']);
  });

  it('a new leader gets the topics of every live tab again, once each, before what was queued', async () => {
    const { server, tabs: all } = tabs(3);
    const { scheduler, advance } = virtualTime();
    const subjects = all.map((tab) =>
      webSocket<{ topic?: string }>({
        url: URL,
        WebSocket: tab.WebSocket,
        scheduler,
        reconnect: reconnect({ initialDelay: 1000, maxDelay: 1000, scheduler }),
      }),
    );
    for (const subject of subjects) subject.multiplex(subscribe, unsubscribe, isPrice).subscribe();
    await settle();
    server.last.open();
    await settle();
    all[0]?.close();
    server.last.serverClose(1006, '', false);
    await settle();
    expect(subjects[1]?.state.status).toBe('reconnecting');
    subjects[1]?.next({ topic: 'queued' });
    await newConnectionAfterHandOver(advance, server, subjects);
    expect(server.last.sent.map(String)).toEqual(['{"sub":"prices"}', '{"topic":"queued"}']);
  });
});

describe('sharedWebSocket() and request()', () => {
  type Message = { id?: string | number; answer?: string; news?: string };

  /** A subject in each of `count` tabs, each subscribed and recording what it sees, on one open connection. */
  async function openSubjects(count: number) {
    const { server, tabs: all } = tabs(count);
    const subjects = all.map((tab) => webSocket<Message>({ url: URL, WebSocket: tab.WebSocket, requests: requests() }));
    const seen: Message[][] = subjects.map(() => []);
    for (const [i, subject] of subjects.entries()) subject.subscribe((message) => seen[i]?.push(message));
    await settle();
    server.last.open();
    await settle();
    return { server, subjects, seen };
  }

  it('a reply goes only to the tab that asked; default ids differ from tab to tab; other messages reach every tab', async () => {
    const { server, subjects, seen } = await openSubjects(3);

    const replies = subjects.slice(1).map((subject) => firstValueFrom(subject.request({ ask: 'time' } as Message)));
    await settle();
    const asked = server.last.sent.map((frame) => JSON.parse(String(frame)) as { id: string; ask: string });
    expect(asked).toHaveLength(2);
    expect(asked[0]?.id).not.toBe(asked[1]?.id); // without tab prefixes, both tabs would ask with id 1
    for (const { id } of [...asked].reverse()) server.last.receive(JSON.stringify({ id, answer: `for ${id}` }));
    server.last.receive(JSON.stringify({ news: 'for everyone' }));
    const [first, second] = await Promise.all(replies);
    expect(first?.answer).toBe(`for ${asked[0]?.id}`);
    expect(second?.answer).toBe(`for ${asked[1]?.id}`);
    await settle();
    expect(seen[0]).toEqual([{ news: 'for everyone' }]); // tab0 asked nothing: no reply reached it
    expect(seen[1]?.map((m) => m.answer ?? m.news)).toEqual([`for ${asked[0]?.id}`, 'for everyone']);
    expect(seen[2]?.map((m) => m.answer ?? m.news)).toEqual([`for ${asked[1]?.id}`, 'for everyone']);

    // Once answered, the id is forgotten: a late duplicate reaches every tab, as any message.
    server.last.receive(JSON.stringify({ id: asked[0]?.id, answer: 'late' }));
    await settle();
    expect(seen.map((messages) => messages.at(-1)?.answer)).toEqual(['late', 'late', 'late']);
  });

  it('a request with its own match is not routed: its reply reaches every tab', async () => {
    const { server, subjects, seen } = await openSubjects(2);
    const [, asker] = subjects as [unknown, (typeof subjects)[number]];
    const reply = firstValueFrom(
      asker.request({ ask: 'x' } as Message, { id: 'mine', match: (m) => m.answer === 'x' }),
    );
    await settle();
    server.last.receive(JSON.stringify({ id: 'mine', answer: 'x' }));
    expect((await reply).answer).toBe('x');
    await settle();
    expect(seen.map((messages) => messages.length)).toEqual([1, 1]);
  });
});

describe('sharedWebSocket() without sharing', () => {
  it("opens the socket itself when it is alone, and binary messages follow each tab's binaryType", async () => {
    const { server, tabs: all } = tabs(1);
    const socket = new RxWebSocket(URL, [], { WebSocket: all[0]?.WebSocket });
    await settle();
    server.last.open();
    await settle();
    const blob = firstValueFrom(socket.data$);
    server.last.receive(new Uint8Array([1, 2]).buffer);
    expect(await blob).toBeInstanceOf(Blob);
    socket.binaryType = 'arraybuffer';
    const buffer = firstValueFrom(socket.data$.pipe(filter((d) => d instanceof ArrayBuffer)));
    server.last.receive(new Uint8Array([3]).buffer);
    expect(new Uint8Array((await buffer) as ArrayBuffer)).toEqual(new Uint8Array([3]));
  });
});
