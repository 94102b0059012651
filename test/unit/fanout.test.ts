import { lastValueFrom, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { Fanout } from '../../src/internal/fanout.js';

describe('Fanout', () => {
  it('delivers each value to every subscriber, in subscription order', () => {
    const fanout = new Fanout<number>();
    const seen: string[] = [];
    fanout.observable.subscribe((v) => seen.push(`a${v}`));
    fanout.observable.subscribe((v) => seen.push(`b${v}`));
    fanout.next(1);
    expect(seen).toEqual(['a1', 'b1']);
    expect(fanout.observed).toBe(true);
  });

  it('lets subscribers leave and join while a value is delivered', () => {
    const fanout = new Fanout<number>();
    const seen: string[] = [];
    const first = fanout.observable.subscribe((v) => {
      seen.push(`first ${v}`);
      first.unsubscribe();
      fanout.observable.subscribe((w) => seen.push(`late ${w}`));
    });
    fanout.observable.subscribe((v) => seen.push(`second ${v}`));
    fanout.next(1);
    fanout.next(2);
    expect(seen).toEqual(['first 1', 'second 1', 'second 2', 'late 2']);
  });

  it('ends every subscriber, and ends late subscribers at once', async () => {
    const fanout = new Fanout<number>();
    const early = lastValueFrom(fanout.observable.pipe(toArray()));
    fanout.next(1);
    fanout.error(new Error('closed'));
    fanout.complete(); // ignored: already ended
    await expect(early).rejects.toThrow('closed');
    await expect(lastValueFrom(fanout.observable)).rejects.toThrow('closed');
    expect(fanout.observed).toBe(false);
  });

  it('releases a subscriber on unsubscribe', () => {
    const fanout = new Fanout<number>();
    fanout.observable.subscribe().unsubscribe();
    expect(fanout.observed).toBe(false);
  });
});
