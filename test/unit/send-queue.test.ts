import { describe, expect, it } from 'vitest';
import { QueueOverflowError } from '../../src/errors/queue-overflow-error.js';
import { resolveQueueOptions } from '../../src/queue/queue-options.js';
import { SendQueue } from '../../src/queue/send-queue.js';

const queue = (options: Parameters<typeof resolveQueueOptions>[0]) =>
  new SendQueue<string>(resolveQueueOptions(options), (s) => s.length);

describe('SendQueue', () => {
  it('keeps items in order', () => {
    const q = queue({});
    for (const item of ['a', 'b', 'c']) q.push(item);
    expect([q.shift(), q.shift(), q.shift(), q.shift()]).toEqual(['a', 'b', 'c', undefined]);
    expect(q.length).toBe(0);
  });

  it("throws QueueOverflowError with the 'error' rule and changes nothing", () => {
    const q = queue({ maxMessages: 2 });
    q.push('a');
    q.push('b');
    expect(() => q.push('c')).toThrow(QueueOverflowError);
    expect(() => q.push('c')).toThrow(expect.objectContaining({ limit: 'maxMessages', max: 2 }));
    expect(q.clear()).toEqual(['a', 'b']);
  });

  it("drops the oldest items with 'drop-oldest' and reports them", () => {
    const q = queue({ maxMessages: 2, overflow: 'drop-oldest' });
    q.push('a');
    q.push('b');
    expect(q.push('c')).toEqual({ queued: true, dropped: ['a'] });
    expect(q.clear()).toEqual(['b', 'c']);
  });

  it("drops the new item with 'drop-newest' and reports it", () => {
    const q = queue({ maxMessages: 1, overflow: 'drop-newest' });
    q.push('a');
    expect(q.push('b')).toEqual({ queued: false, dropped: ['b'] });
    expect(q.clear()).toEqual(['a']);
  });

  it('bounds bytes, evicting as many old items as needed', () => {
    const q = queue({ maxBytes: 5, overflow: 'drop-oldest' });
    q.push('aa');
    q.push('bb');
    expect(q.bytes).toBe(4);
    expect(q.push('ccc')).toEqual({ queued: true, dropped: ['aa'] });
    expect(q.bytes).toBe(5);
    expect(q.push('dddd')).toEqual({ queued: true, dropped: ['bb', 'ccc'] });
    expect(q.bytes).toBe(4);
    expect(() => queue({ maxBytes: 1 }).push('xx')).toThrow(expect.objectContaining({ limit: 'maxBytes' }));
  });

  it('drops an item larger than maxBytes without emptying the queue', () => {
    const q = queue({ maxBytes: 3, overflow: 'drop-oldest' });
    q.push('a');
    expect(q.push('toolong')).toEqual({ queued: false, dropped: ['toolong'] });
    expect(q.clear()).toEqual(['a']);
  });

  it('holds nothing with maxMessages 0', () => {
    expect(queue({ maxMessages: 0, overflow: 'drop-oldest' }).push('a')).toEqual({ queued: false, dropped: ['a'] });
  });
});

describe('resolveQueueOptions', () => {
  it('fills in the defaults', () => {
    expect(resolveQueueOptions(undefined)).toEqual({
      maxMessages: 1000,
      maxBytes: Number.POSITIVE_INFINITY,
      overflow: 'error',
    });
    expect(resolveQueueOptions({ maxMessages: Number.POSITIVE_INFINITY })).toMatchObject({
      maxMessages: Number.POSITIVE_INFINITY,
    });
  });

  it.each([
    [{ maxMessages: -1 }, 'queue.maxMessages'],
    [{ maxMessages: 1.5 }, 'queue.maxMessages'],
    [{ maxMessages: Number.NaN }, 'queue.maxMessages'],
    [{ maxMessages: '10' }, 'queue.maxMessages'],
    [{ maxBytes: -0.5 }, 'queue.maxBytes'],
    [{ maxBytes: Number.NaN }, 'queue.maxBytes'],
    [{ maxBytes: Number.NEGATIVE_INFINITY }, 'queue.maxBytes'],
    [{ overflow: 'drop' }, 'queue.overflow'],
    [null, 'queue'],
    [42, 'queue'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => resolveQueueOptions(options as never)).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option }),
    );
  });
});
