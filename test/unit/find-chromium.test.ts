// The browser tests' Chromium lookup: a developer's own browser wins over Debian's package.
import { describe, expect, it } from 'vitest';
import { type ChromiumLookup, findChromium } from '../helpers/chromium.js';

const lookup = (present: string[], env: Record<string, string> = {}, playwrightPath?: string): ChromiumLookup => ({
  env: { PATH: '/opt/bin:/usr/local/bin', ...env },
  exists: (path) => present.includes(path),
  playwrightPath,
});

describe('findChromium', () => {
  const all = [
    '/env/chromium',
    '/env/chrome',
    '/pw/chrome',
    '/usr/bin/chromium',
    '/opt/bin/chromium-browser',
    '/usr/local/bin/google-chrome',
  ];
  const env = { CHROMIUM_PATH: '/env/chromium', CHROME_PATH: '/env/chrome' };

  it('takes the first that exists: CHROMIUM_PATH, CHROME_PATH, Playwright, /usr/bin/chromium, PATH', () => {
    const order = [...all];
    const found: string[] = [];
    while (order.length > 0) {
      const path = findChromium(lookup(order, env, '/pw/chrome'));
      expect(path).toBe(order[0]);
      found.push(order.shift() as string);
    }
    expect(found).toEqual(all);
    expect(findChromium(lookup([], env, '/pw/chrome'))).toBeUndefined();
  });

  it('skips a variable that names a missing file, and searches every PATH entry', () => {
    expect(findChromium(lookup(['/usr/local/bin/google-chrome'], { CHROMIUM_PATH: '/nowhere' }))).toBe(
      '/usr/local/bin/google-chrome',
    );
    expect(findChromium(lookup(['/opt/bin/chromium']))).toBe('/opt/bin/chromium');
  });
});
