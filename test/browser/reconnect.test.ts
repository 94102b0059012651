import { filter, firstValueFrom } from 'rxjs';
import { expect, inject, it } from 'vitest';
import { browserEnvironment } from '../../src/index.js';
import { connection } from '../helpers/connection.js';

it('finds the browser environment in a real page', () => {
  const environment = browserEnvironment();
  expect(environment?.isOnline()).toBe(true);
  expect(typeof environment?.isVisible()).toBe('boolean');
});

it('reconnects a native WebSocket after the server drops it, and delivers what was queued meanwhile', async () => {
  const live = connection({ url: inject('wsUrl'), initialDelay: 50 });
  const subscription = live.data$.subscribe();
  const status = (name: string) => firstValueFrom(live.state$.pipe(filter((s) => s.status === name)));
  await status('open');
  live.send('terminate');
  const dropped = await status('reconnecting');
  expect(dropped).toMatchObject({ lastClose: { code: 1006, wasClean: false } });
  expect(live.send('queued while down')).toBe('queued');
  await status('open');
  await firstValueFrom(live.data$.pipe(filter((d) => d === 'queued while down')));
  subscription.unsubscribe();
  expect(live.state).toMatchObject({ status: 'closed', reason: 'unsubscribed' });
});
