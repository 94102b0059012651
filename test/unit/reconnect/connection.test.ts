import {
  type ConnectionDroppedMessage,
  type ConnectionState,
  QueueOverflowError,
  ReconnectStoppedError,
  sendQueue,
} from 'rx-websocket';
import { type FakeWebSocket, fakeWebSocket } from 'rx-websocket/testing';
import type { Subscription } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import {
  type Connection,
  type TestConnectionOptions as ConnectionOptions,
  connection,
} from '../../helpers/connection.js';

/** Runs `body` in virtual time with a connection over fake sockets. */
function virtual(
  options: Omit<ConnectionOptions, 'url' | 'WebSocket'>,
  body: (live: Connection, fake: ReturnType<typeof fakeWebSocket>, scheduler: TestScheduler) => void,
): void {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run(({ flush }) => {
    const fake = fakeWebSocket();
    const live = connection({
      url: 'ws://test',
      WebSocket: fake.WebSocket,
      environment: null,
      jitter: 0,
      initialDelay: 1000,
      ...options,
    });
    body(live, fake, scheduler);
    flush();
  });
}

const statuses = (live: Connection) => {
  const seen: ConnectionState[] = [];
  live.state$.subscribe((s) => seen.push(s));
  return seen;
};

describe('connection()', () => {
  it('does nothing until something subscribes, and reports idle', () => {
    virtual({}, (live, fake) => {
      expect(live.state).toMatchObject({ status: 'closed', reason: 'idle' });
      expect(fake.sockets).toHaveLength(0);
      expect(live.socket).toBeUndefined();
    });
  });

  it('sends the onOpen messages first, then the queue in order, after the state became open', () => {
    let live: Connection | undefined;
    const order: string[] = [];
    virtual(
      {
        onOpen: (socket) => {
          order.push(`state ${live?.state.status}`);
          socket.send('auth');
        },
      },
      (l, fake) => {
        live = l;
        expect(l.send('one')).toBe('queued');
        expect(l.send('two')).toBe('queued');
        l.data$.subscribe();
        fake.last.open();
        expect(order).toEqual(['state open']);
        expect(fake.last.sent).toEqual(['auth', 'one', 'two']);
        expect(l.send('three')).toBe('sent');
        expect(l.socket).toBeDefined();
      },
    );
  });

  it('queues messages sent during an outage and delivers each once, in order, after reconnecting', () => {
    virtual({ initialDelay: 1000 }, (live, fake, scheduler) => {
      const states = statuses(live);
      live.data$.subscribe();
      fake.last.open();
      live.send('before');
      fake.last.serverClose(1006, '', false);
      expect(live.send('during 1')).toBe('queued');
      expect(live.send('during 2')).toBe('queued');
      expect(live.socket).toBeUndefined();
      scheduler.schedule(() => fake.last.open(), 1000);
      scheduler.flush();
      const [first, second] = fake.sockets as [FakeWebSocket, FakeWebSocket];
      expect(first.sent).toEqual(['before']);
      expect(second.sent).toEqual(['during 1', 'during 2']);
      expect(states.map((s) => s.status)).toEqual([
        'closed',
        'connecting',
        'open',
        'reconnecting',
        'connecting',
        'open',
      ]);
    });
  });

  it('keeps what a drop in the middle of the flush did not send for the next connection', () => {
    let opens = 0;
    let drop = () => {};
    virtual(
      {
        initialDelay: 10,
        onOpen: () => {
          opens++;
          if (opens === 1) drop(); // the link drops before the first flush can send anything
        },
        shouldReconnect: () => true,
      },
      (live, fake, scheduler) => {
        drop = () => fake.last.serverClose(1006, '', false);
        live.send('a');
        live.send('b');
        live.data$.subscribe();
        fake.last.open();
        scheduler.schedule(() => fake.last.open(), 10);
        scheduler.flush();
        const [first, second] = fake.sockets as [FakeWebSocket, FakeWebSocket];
        expect(first.sent).toEqual([]);
        expect(second.sent).toEqual(['a', 'b']);
      },
    );
  });

  it.each([
    ['drop-oldest', ['b', 'c'], 'queued', ['a']],
    ['drop-newest', ['a', 'b'], 'dropped', ['c']],
  ] as const)('applies %s when the queue is full and reports it', (overflow, sent, third, dropped) => {
    virtual({ queue: sendQueue({ maxMessages: 2, overflow }) }, (live, fake) => {
      const reports: ConnectionDroppedMessage[] = [];
      live.dropped$.subscribe((d) => reports.push(d));
      live.send('a');
      live.send('b');
      expect(live.send('c')).toBe(third);
      live.data$.subscribe();
      fake.last.open();
      expect(fake.last.sent).toEqual(sent);
      expect(reports).toEqual(dropped.map((data) => ({ data, reason: 'overflow' })));
    });
  });

  it("throws QueueOverflowError under 'error' and keeps the queue", () => {
    virtual({ queue: sendQueue({ maxMessages: 1 }) }, (live, fake) => {
      live.send('a');
      expect(() => live.send('b')).toThrow(QueueOverflowError);
      live.data$.subscribe();
      fake.last.open();
      expect(fake.last.sent).toEqual(['a']);
    });
  });

  it('drops messages older than queue.ttl when flushing, as expired', () => {
    virtual({ queue: sendQueue({ ttl: 5000 }) }, (live, fake, scheduler) => {
      const reports: ConnectionDroppedMessage[] = [];
      live.dropped$.subscribe((d) => reports.push(d));
      live.send('old');
      scheduler.schedule(() => live.send('fresh'), 4000);
      scheduler.schedule(() => live.data$.subscribe(), 6000);
      scheduler.schedule(() => fake.last.open(), 6000);
      scheduler.flush();
      expect(fake.last.sent).toEqual(['fresh']);
      expect(reports).toEqual([{ data: 'old', reason: 'expired' }]);
    });
  });

  it('delivers data from every socket in turn, and closes without a code when the last subscriber leaves', () => {
    virtual({ initialDelay: 100 }, (live, fake, scheduler) => {
      const received: unknown[] = [];
      const a = live.data$.subscribe((d) => received.push(d));
      const b: Subscription = live.data$.subscribe();
      fake.last.open();
      fake.last.receive('one');
      fake.last.serverClose(1012, 'restart', true);
      scheduler.schedule(() => {
        fake.last.open();
        fake.last.receive('two');
        a.unsubscribe();
        expect(fake.last.closeCalls).toEqual([]);
        b.unsubscribe();
      }, 100);
      scheduler.flush();
      expect(received).toEqual(['one', 'two']);
      expect(fake.sockets).toHaveLength(2);
      expect(fake.last.closeCalls).toEqual([{}]); // as rxjs's subject closes: the server sees 1005
      expect(live.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
    });
  });

  it('gives a late subscriber the socket that is open now, and its messages', () => {
    virtual({}, (live, fake) => {
      live.data$.subscribe();
      fake.last.open();
      const sockets: unknown[] = [];
      const data: unknown[] = [];
      live.sockets$.subscribe((s) => sockets.push(s));
      live.data$.subscribe((d) => data.push(d));
      fake.last.receive('late but heard');
      expect(sockets).toHaveLength(1);
      expect(data).toEqual(['late but heard']);
      expect(fake.sockets).toHaveLength(1);
    });
  });

  it('reconnects when subscribed again after everyone left, keeping the queue', () => {
    virtual({}, (live, fake) => {
      live.data$.subscribe().unsubscribe();
      live.send('kept');
      live.data$.subscribe();
      fake.last.open();
      expect(fake.sockets).toHaveLength(2);
      expect(fake.last.sent).toEqual(['kept']);
    });
  });

  it("returns the same state$, data$, dropped$ and sockets$ on every read (Angular's async pipe resubscribes otherwise)", () => {
    virtual({}, (live, fake) => {
      expect(live.sockets$).toBe(live.sockets$);
      expect(live.data$).toBe(live.data$);
      expect(live.state$).toBe(live.state$);
      expect(live.dropped$).toBe(live.dropped$);
      // What the async pipe does on each check: it reads the property, and resubscribes only on a new instance.
      let current = live.data$;
      let subscription = current.subscribe();
      fake.last.open();
      for (let check = 0; check < 3; check++) {
        if (live.data$ !== current) {
          subscription.unsubscribe();
          current = live.data$;
          subscription = current.subscribe();
        }
      }
      expect([fake.sockets.length, fake.last.closeCalls]).toEqual([1, []]);
      subscription.unsubscribe();
    });
  });

  it('ends data$ with ReconnectStoppedError after maxAttempts', () => {
    virtual({ maxAttempts: 1, initialDelay: 10 }, (live, fake, scheduler) => {
      let error: unknown;
      live.data$.subscribe({ error: (e) => (error = e) });
      fake.last.fail();
      scheduler.schedule(() => fake.last.fail(), 10);
      scheduler.flush();
      expect(error).toBeInstanceOf(ReconnectStoppedError);
      expect(live.state).toMatchObject({ status: 'closed', reason: 'max-attempts' });
    });
  });

  it('rejects invalid options at the call', () => {
    const fake = fakeWebSocket();
    const base = { url: 'ws://x', WebSocket: fake.WebSocket };
    expect(() => connection({ ...base, queue: { ttl: 1000 } as never })).toThrow(
      expect.objectContaining({ option: 'queue' }),
    );
    expect(() => connection({ ...base, onOpen: 'hello' as never })).toThrow(
      expect.objectContaining({ option: 'onOpen' }),
    );
    expect(() => connection({ ...base, maxAttempts: -1 })).toThrow(expect.objectContaining({ option: 'maxAttempts' }));
  });
});
