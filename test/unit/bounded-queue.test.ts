import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { sendQueue } from 'rx-websocket';
import { describe, expect, it } from 'vitest';
import { QueueOverflowError } from '../../src/errors/queue-overflow-error.js';
import { BoundedQueue } from '../../src/queue/bounded-queue.js';
import { Fifo } from '../../src/queue/fifo.js';
import { resolveQueueOptions, type SendQueueOptions } from '../../src/queue/queue-options.js';
import { DefaultStore, makeStore } from '../../src/queue/queue-plugin.js';

const queue = (options: SendQueueOptions) => new BoundedQueue<string>(resolveQueueOptions(options), (s) => s.length);

describe('Fifo', () => {
  it('behaves as an array with push and shift for any sequence, also across its compactions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.constant('shift' as const), fc.constant('clear' as const), fc.integer()), {
          maxLength: 6000,
        }),
        (steps) => {
          const fifo = new Fifo<number>();
          let model: number[] = [];
          for (const step of steps) {
            if (step === 'shift') expect(fifo.shift()).toBe(model.shift());
            else if (step === 'clear') {
              expect(fifo.clear()).toEqual(model);
              model = [];
            } else {
              fifo.push(step);
              model.push(step);
            }
            expect(fifo.length).toBe(model.length);
          }
          expect(fifo.clear()).toEqual(model);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('keeps its order through a long steady state that never empties (compaction at work)', () => {
    const fifo = new Fifo<number>();
    for (let i = 0; i < 900; i++) fifo.push(i);
    for (let i = 900; i < 100_000; i++) {
      fifo.push(i);
      expect(fifo.shift()).toBe(i - 900);
    }
    expect(fifo.length).toBe(900);
    expect(fifo.clear()).toEqual(Array.from({ length: 900 }, (_, k) => 99_100 + k));
  });
});

describe('every store lets a message go once it is taken', () => {
  // gc() for this test only: the flag exposes it to contexts made after it is set.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;

  it.each([
    ['Fifo', () => new Fifo<object>()],
    ['the default store', () => makeStore<object>(undefined, () => 0)],
    ["sendQueue()'s store", () => makeStore<object>(sendQueue({ maxBytes: 1 << 20 }), () => 1)],
  ])('%s, in a steady state that never empties', async (_, make) => {
    const store = make();
    const taken: WeakRef<object>[] = [];
    store.push({ first: true });
    for (let i = 0; i < 3000; i++) {
      const message = { i };
      taken.push(new WeakRef(message));
      store.push(message);
      store.shift();
    }
    // WeakRefs hold their targets until the current job ends.
    await new Promise<void>((resolve) => setImmediate(resolve));
    gc();
    expect(taken.filter((ref) => ref.deref() !== undefined).length).toBeLessThanOrEqual(1); // the one still queued
    expect(store.length).toBe(1);
  });
});

describe('the default store (no queue option)', () => {
  it('keeps 1000 items in order, then throws QueueOverflowError and changes nothing', () => {
    const q = makeStore<number>(undefined, () => 0);
    expect(q).toBeInstanceOf(DefaultStore);
    for (let i = 0; i < 1000; i++) expect(q.push(i)).toEqual({ queued: true, dropped: [] });
    expect(() => q.push(1000)).toThrow(
      expect.objectContaining({ name: 'QueueOverflowError', limit: 'maxMessages', max: 1000 }),
    );
    expect(q.length).toBe(1000);
    expect(q.shift()).toBe(0);
    expect(q.clear()).toHaveLength(999);
    expect([q.length, q.shift()]).toEqual([0, undefined]);
  });

  it('behaves as sendQueue() with its defaults, for any sequence of pushes and shifts', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constant('shift' as const), fc.integer()), { maxLength: 2500 }), (steps) => {
        const plain = makeStore<number>(undefined, () => 0);
        const policy = makeStore<number>(sendQueue(), () => 0);
        for (const step of steps) {
          if (step === 'shift') expect(plain.shift()).toBe(policy.shift());
          else {
            const outcome = (q: typeof plain) => {
              try {
                return q.push(step);
              } catch (error) {
                return (error as Error).name;
              }
            };
            expect(outcome(plain)).toEqual(outcome(policy));
          }
          expect(plain.length).toBe(policy.length);
        }
        expect(plain.clear()).toEqual(policy.clear());
      }),
      { numRuns: 50 },
    );
  });
});

describe('BoundedQueue (sendQueue())', () => {
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
    expect(resolveQueueOptions({})).toEqual({
      maxMessages: 1000,
      maxBytes: Number.POSITIVE_INFINITY,
      overflow: 'error',
      ttl: Number.POSITIVE_INFINITY,
    });
    expect(resolveQueueOptions({ maxMessages: Number.POSITIVE_INFINITY })).toMatchObject({
      maxMessages: Number.POSITIVE_INFINITY,
    });
  });

  it.each([
    [{ maxMessages: -1 }, 'maxMessages'],
    [{ maxMessages: 1.5 }, 'maxMessages'],
    [{ maxMessages: Number.NaN }, 'maxMessages'],
    [{ maxMessages: '10' }, 'maxMessages'],
    [{ maxBytes: -0.5 }, 'maxBytes'],
    [{ maxBytes: Number.NaN }, 'maxBytes'],
    [{ maxBytes: Number.NEGATIVE_INFINITY }, 'maxBytes'],
    [{ overflow: 'drop' }, 'overflow'],
    [null, 'options'],
    [42, 'options'],
    [{ ttl: 0 }, 'ttl'],
  ])('rejects %j naming %s', (options, option) => {
    expect(() => resolveQueueOptions(options as never)).toThrow(
      expect.objectContaining({ name: 'InvalidOptionError', option }),
    );
  });
});
