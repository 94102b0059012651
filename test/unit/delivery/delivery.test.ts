// delivery() on webSocket() over the fake socket, in virtual time: ids, acknowledgements, resends in order after a
// reconnection, ack timeout, ttl, outbox overflow; positions, duplicates, gaps and the resume message.
import {
  type DeliveryFailedError,
  type DeliveryGap,
  type DeliveryReceipt,
  delivery,
  fromWebSocket,
  reconnect,
  webSocket,
} from 'rx-websocket';
import { fakeWebSocket } from 'rx-websocket/testing';
import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { describe, expect, it } from 'vitest';

type ServerMessage = { type: 'ack'; id: string } | { type: 'message'; seq: number; text: string };
type ClientMessage = { type: 'message'; text: string; id?: string } | { type: 'resume'; after: number };

function setup(
  options: Parameters<typeof delivery<ServerMessage, ClientMessage>>[0] = {},
  onOpen?: (reliable: ReturnType<typeof delivery<ServerMessage, ClientMessage>>) => void,
) {
  const fake = fakeWebSocket();
  const scheduler = new VirtualTimeScheduler(VirtualAction, Number.POSITIVE_INFINITY);
  let ids = 0;
  const reliable = delivery<ServerMessage, ClientMessage>({
    ack: (message) => (message.type === 'ack' ? message.id : undefined),
    id: () => `m${++ids}`,
    ...options,
  });
  const subject = webSocket<ServerMessage, ClientMessage>({
    url: 'ws://test',
    WebSocket: fake.WebSocket,
    scheduler,
    reconnect: reconnect({ initialDelay: 100, jitter: 0, environment: null, scheduler }),
    delivery: reliable,
    ...(onOpen ? { openObserver: { next: () => onOpen(reliable) } } : {}),
  });
  const received: ServerMessage[] = [];
  subject.subscribe({ next: (message) => received.push(message), error: () => {} });
  /** Moves virtual time on by `ms` and runs what is due. */
  const advance = (ms: number) => {
    const target = scheduler.now() + ms;
    scheduler.maxFrames = target;
    scheduler.flush();
    scheduler.frame = target; // flush() stops at the last action it ran: the clock goes on to the target
  };
  const sent = (index = fake.sockets.length - 1): Array<Record<string, unknown>> =>
    (fake.sockets[index]?.sent ?? []).map((frame) => JSON.parse(String(frame)) as Record<string, unknown>);
  const track = (receipts: ReturnType<typeof reliable.send>) => {
    const seen: Array<DeliveryReceipt | { error: string }> = [];
    receipts.subscribe({
      next: (receipt) => seen.push(receipt),
      error: (error: DeliveryFailedError) => seen.push({ error: error.reason }),
    });
    return seen;
  };
  return { fake, scheduler, reliable, subject, received, advance, sent, track };
}

describe('delivery(): outbound', () => {
  it('sends with an id, reports sent, then acknowledged once the server acknowledges that id', () => {
    const { fake, reliable, sent, track } = setup();
    fake.last.open();
    const receipts = track(reliable.send({ type: 'message', text: 'hi' }));
    expect(sent()).toEqual([{ type: 'message', text: 'hi', id: 'm1' }]);
    expect(receipts).toEqual([{ status: 'sent', id: 'm1', attempt: 1 }]);
    expect(reliable.pending).toBe(1);
    fake.last.receive(JSON.stringify({ type: 'ack', id: 'm1' }));
    expect(receipts.at(-1)).toEqual({ status: 'acknowledged', id: 'm1', attempt: 1 });
    expect(reliable.pending).toBe(0);
  });

  it('sends every unacknowledged message again, in order and with the same ids, after a reconnection', () => {
    const { fake, reliable, sent, advance, track } = setup();
    fake.last.open();
    const first = track(reliable.send({ type: 'message', text: 'one' }));
    track(reliable.send({ type: 'message', text: 'two' }));
    fake.last.receive(JSON.stringify({ type: 'ack', id: 'm2' })); // acknowledged out of order: only m1 waits
    fake.last.serverClose(1006, '', false);
    const during = track(reliable.send({ type: 'message', text: 'three' })); // while reconnecting: waits
    expect(during).toEqual([]);
    advance(100);
    expect(fake.sockets).toHaveLength(2);
    fake.last.open();
    expect(sent().map((m) => m.id)).toEqual(['m1', 'm3']);
    expect(first.at(-1)).toEqual({ status: 'sent', id: 'm1', attempt: 2 });
    fake.last.receive(JSON.stringify({ type: 'ack', id: 'm1' }));
    fake.last.receive(JSON.stringify({ type: 'ack', id: 'm1' })); // a duplicate acknowledgement changes nothing
    expect(first.filter((r) => 'status' in r && r.status === 'acknowledged')).toHaveLength(1);
  });

  it('fails a message with timeout when no acknowledgement comes within ackTimeout of a send', () => {
    const { fake, reliable, advance, track } = setup({ ackTimeout: 1000 });
    fake.last.open();
    const receipts = track(reliable.send({ type: 'message', text: 'hi' }));
    advance(999);
    expect(receipts).toHaveLength(1);
    advance(1);
    expect(receipts.at(-1)).toEqual({ error: 'timeout' });
    expect(reliable.pending).toBe(0);
  });

  it('waits for an acknowledgement on one connection: a drop stops the wait, and the resend starts it again', () => {
    const { fake, reliable, advance, track } = setup({ ackTimeout: 1000 });
    fake.last.open();
    const receipts = track(reliable.send({ type: 'message', text: 'hi' }));
    fake.last.serverClose(1006, '', false); // reconnection waits 100 ms, then the socket takes 5 s to open
    advance(100);
    advance(5000);
    expect(receipts).toEqual([{ status: 'sent', id: 'm1', attempt: 1 }]); // not failed while there was no connection
    fake.last.open();
    expect(receipts.at(-1)).toEqual({ status: 'sent', id: 'm1', attempt: 2 });
    advance(1000);
    expect(receipts.at(-1)).toEqual({ error: 'timeout' });
  });

  it('fails a message with expired when it waited longer than ttl, and does not send it', () => {
    const { fake, reliable, advance, sent, track } = setup({ ttl: 500 });
    const receipts = track(reliable.send({ type: 'message', text: 'late' })); // connecting: waits
    advance(600);
    fake.last.open();
    expect(sent()).toEqual([]);
    expect(receipts).toEqual([{ error: 'expired' }]);
  });

  it('bounds the outbox: error fails the new message, drop-oldest the oldest, both with overflow', () => {
    const strict = setup({ outbox: { maxMessages: 2 } });
    const kept = [1, 2].map((n) => strict.track(strict.reliable.send({ type: 'message', text: `${n}` })));
    const refused = strict.track(strict.reliable.send({ type: 'message', text: '3' }));
    expect(refused).toEqual([{ error: 'overflow' }]);
    expect(kept.map((r) => r.length)).toEqual([0, 0]);

    const lenient = setup({ outbox: { maxMessages: 2, overflow: 'drop-oldest' } });
    const oldest = lenient.track(lenient.reliable.send({ type: 'message', text: '1' }));
    lenient.reliable.send({ type: 'message', text: '2' });
    lenient.reliable.send({ type: 'message', text: '3' });
    expect(oldest).toEqual([{ error: 'overflow' }]);
    lenient.fake.last.open();
    expect(lenient.sent().map((m) => m.text)).toEqual(['2', '3']);
  });

  it('fails what is pending with closed when the subject is unsubscribed', () => {
    const { fake, reliable, subject, track } = setup();
    fake.last.open();
    const receipts = track(reliable.send({ type: 'message', text: 'hi' }));
    subject.unsubscribe();
    expect(receipts.at(-1)).toEqual({ error: 'closed' });
  });

  it('checks its options and its use', () => {
    expect(() => delivery({ ackTimeout: 0 })).toThrow(expect.objectContaining({ name: 'InvalidOptionError' }));
    expect(() => delivery({ outbox: { maxMessages: 0 } })).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError' }),
    );
    expect(() => delivery({ ack: 'id' as never })).toThrow(expect.objectContaining({ name: 'InvalidOptionError' }));
    expect(() => delivery().send({})).toThrow(/webSocket\(\{ delivery \}\)/);
    const reliable = delivery();
    webSocket({ url: 'ws://test', WebSocket: fakeWebSocket().WebSocket, delivery: reliable });
    // The default stamp puts the id in an object: anything else could not carry it.
    for (const message of ['text', 42, null, [1]]) {
      expect(() => reliable.send(message)).toThrow(/an object \(to carry the id\), or a stamp option/);
    }
    expect(reliable.pending).toBe(0);
    expect(() => webSocket({ url: 'ws://test', WebSocket: fakeWebSocket().WebSocket, delivery: reliable })).toThrow(
      /one delivery\(\) per webSocket\(\)/,
    );
  });
});

describe('delivery(): inbound', () => {
  const message = (seq: number) => JSON.stringify({ type: 'message', seq, text: `#${seq}` });

  /** The layer with positions and a resume message, and the gaps it reports. */
  function positioned() {
    const layer = setup({
      position: (m) => (m.type === 'message' ? m.seq : undefined),
      resume: (last) => ({ type: 'resume', after: last ?? 0 }),
    });
    const gaps: DeliveryGap[] = [];
    layer.reliable.gaps$.subscribe((gap) => gaps.push(gap));
    return { ...layer, gaps };
  }

  it('drops what it saw already after a reconnection, asks to resume after the last position, and reports gaps', () => {
    const { fake, reliable, received, advance, sent, gaps } = positioned();
    fake.last.open();
    expect(sent()).toEqual([]); // the first connection: no resume message
    for (const seq of [1, 2, 3]) fake.last.receive(message(seq));
    fake.last.serverClose(1006, '', false);
    advance(100);
    fake.last.open();
    expect(sent()).toEqual([{ type: 'resume', after: 3 }]);
    for (const seq of [2, 3, 4, 7]) fake.last.receive(message(seq)); // backfill overlapping, then live with a gap
    const seqs = () => received.map((m) => (m.type === 'message' ? m.seq : 0));
    expect(seqs()).toEqual([1, 2, 3, 4]); // 7 waits for 5 and 6
    expect(gaps).toEqual([]);
    advance(4999);
    expect(seqs()).toEqual([1, 2, 3, 4]);
    advance(1);
    expect(seqs()).toEqual([1, 2, 3, 4, 7]);
    expect(gaps).toEqual([{ expected: 5, received: 7 }]);
    expect(reliable.position).toBe(7);
  });

  it('joins live messages that come before the backfill in order, without a gap or a loss', () => {
    const { fake, received, advance, sent, gaps } = positioned();
    fake.last.open();
    for (const seq of [1, 2]) fake.last.receive(message(seq));
    fake.last.serverClose(1006, '', false);
    advance(100);
    fake.last.open();
    expect(sent()).toEqual([{ type: 'resume', after: 2 }]);
    for (const seq of [9, 10]) fake.last.receive(message(seq)); // live, before the server has read the resume
    for (const seq of [3, 4, 5, 6, 7, 8, 9]) fake.last.receive(message(seq)); // the backfill, overlapping the live
    fake.last.receive(message(11));
    expect(received.map((m) => (m.type === 'message' ? m.seq : 0))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    advance(10_000);
    expect(gaps).toEqual([]);
  });
});

describe('delivery(): a gap across a disconnection', () => {
  const message = (seq: number) => JSON.stringify({ type: 'message', seq, text: `#${seq}` });

  it('waits for the next connection to fill a gap: an outage longer than gapTimeout skips nothing', () => {
    const layer = setup({
      position: (m) => (m.type === 'message' ? m.seq : undefined),
      resume: (last) => ({ type: 'resume', after: last ?? 0 }),
    });
    const { fake, received, advance, sent } = layer;
    const gaps: DeliveryGap[] = [];
    layer.reliable.gaps$.subscribe((gap) => gaps.push(gap));
    fake.last.open();
    fake.last.receive(message(1));
    fake.last.receive(message(3)); // 2 is missing: 3 waits for it
    fake.last.serverClose(1006, '', false);
    advance(100); // the second attempt starts, and hangs: an outage of 8 s, longer than gapTimeout (5 s)
    advance(8000);
    expect(gaps).toEqual([]);
    fake.last.open();
    expect(sent()).toEqual([{ type: 'resume', after: 1 }]); // asks for 2 again
    fake.last.receive(message(2));
    expect(received.map((m) => (m.type === 'message' ? m.seq : 0))).toEqual([1, 2, 3]);
    expect(gaps).toEqual([]);
  });

  it('gives a new connection the whole gapTimeout to fill a gap, then reports it', () => {
    const layer = setup({
      position: (m) => (m.type === 'message' ? m.seq : undefined),
      resume: (last) => ({ type: 'resume', after: last ?? 0 }),
    });
    const { fake, received, advance } = layer;
    const gaps: DeliveryGap[] = [];
    layer.reliable.gaps$.subscribe((gap) => gaps.push(gap));
    fake.last.open();
    fake.last.receive(message(1));
    fake.last.receive(message(3));
    advance(4000);
    fake.last.serverClose(1006, '', false);
    advance(100);
    advance(3000);
    fake.last.open();
    advance(4999);
    expect(gaps).toEqual([]);
    advance(1);
    expect(gaps).toEqual([{ expected: 2, received: 3 }]);
    expect(received.map((m) => (m.type === 'message' ? m.seq : 0))).toEqual([1, 3]);
  });
});

describe('delivery().messages(): the layer over a pipeline of sockets', () => {
  it('resends what is unacknowledged on each socket, asks to resume, and gives the messages in position order', () => {
    const fake = fakeWebSocket();
    const scheduler = new VirtualTimeScheduler(VirtualAction, Number.POSITIVE_INFINITY);
    let ids = 0;
    const reliable = delivery<ServerMessage, ClientMessage>({
      ack: (message) => (message.type === 'ack' ? message.id : undefined),
      position: (message) => (message.type === 'message' ? message.seq : undefined),
      resume: (last) => ({ type: 'resume', after: last ?? 0 }),
      id: () => `p${++ids}`,
    });
    const sockets = fromWebSocket({ url: 'ws://test', WebSocket: fake.WebSocket }).pipe(
      reconnect({ initialDelay: 100, jitter: 0, environment: null, scheduler }),
    );
    const seen: number[] = [];
    const subscription = reliable
      .messages(sockets, { scheduler })
      .subscribe((message) => seen.push(message.type === 'message' ? message.seq : 0));
    const receipts: string[] = [];
    reliable.send({ type: 'message', text: 'one' }).subscribe({
      next: (receipt) => receipts.push(`${receipt.status} ${receipt.attempt}`),
      error: (error: DeliveryFailedError) => receipts.push(error.reason),
    });
    fake.last.open();
    expect(fake.last.sent.map(String)).toEqual(['{"type":"message","text":"one","id":"p1"}']);
    fake.last.receive(JSON.stringify({ type: 'message', seq: 1, text: 'a' }));
    fake.last.receive('pong'); // not JSON: skipped
    fake.last.serverClose(1006, '', false);
    scheduler.maxFrames = 100;
    scheduler.flush();
    fake.last.open();
    expect(fake.last.sent.map(String)).toEqual([
      '{"type":"resume","after":1}',
      '{"type":"message","text":"one","id":"p1"}',
    ]);
    fake.last.receive(JSON.stringify({ type: 'message', seq: 3, text: 'c' })); // live, before the backfill
    fake.last.receive(JSON.stringify({ type: 'message', seq: 2, text: 'b' }));
    fake.last.receive(JSON.stringify({ type: 'ack', id: 'p1' }));
    expect(seen).toEqual([1, 2, 3, 0]);
    expect(receipts).toEqual(['sent 1', 'sent 2', 'acknowledged 2']);

    reliable
      .send({ type: 'message', text: 'two' })
      .subscribe({ error: (error: DeliveryFailedError) => receipts.push(error.reason) });
    subscription.unsubscribe();
    expect(receipts.at(-1)).toBe('closed');
    expect(fake.last.closeCalls.map((call) => call.code)).toEqual([1000]);
  });
});

describe('delivery(): sending from openObserver', () => {
  it('a message sent while the socket opens goes out once, after the resume message and what waited, in order', () => {
    let hellos = 0;
    const { fake, reliable, advance, sent } = setup(
      { resume: (last) => ({ type: 'resume', after: last ?? 0 }) },
      (layer) => layer.send({ type: 'message', text: `hello${++hellos}` }),
    );
    const frames = (index: number) =>
      sent(index).map((m) => (m.type === 'resume' ? `resume(${m.after})` : `${m.text}#${m.id}`));
    fake.last.open();
    reliable.send({ type: 'message', text: 'data1' });
    reliable.send({ type: 'message', text: 'data2' });
    expect(frames(0)).toEqual(['hello1#m1', 'data1#m2', 'data2#m3']);
    fake.last.serverClose(1006, '', false);
    advance(100);
    fake.last.open();
    expect(frames(1)).toEqual(['resume(0)', 'hello1#m1', 'data1#m2', 'data2#m3', 'hello2#m4']);
  });
});
