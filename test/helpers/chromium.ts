// Where the browser tests find Chromium: a developer's own browser first, Debian's package last. Playwright's
// download is used only when it is already installed (it cannot be fetched here). Run as a script
// (`npx tsx test/helpers/chromium.ts`), it prints the path it finds, or exits 1: `.ci/run` installs Debian's
// chromium then.
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

/** What {@link findChromium} looks at, injected so that the order can be tested. */
export interface ChromiumLookup {
  env: Readonly<Record<string, string | undefined>>;
  exists: (path: string) => boolean;
  /** Where Playwright's own Chromium would be; `undefined` when playwright-core cannot say. */
  playwrightPath: string | undefined;
}

/** Executable names searched on `PATH`, in order, after the absolute Debian path. */
const ON_PATH = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/**
 * The first Chromium that exists: `CHROMIUM_PATH`, `CHROME_PATH`, Playwright's installed browser,
 * `/usr/bin/chromium`, then `chromium`, `chromium-browser`, `google-chrome` on `PATH`.
 *
 * @returns its path, or `undefined` when there is none.
 */
export function findChromium(lookup: ChromiumLookup = defaultLookup()): string | undefined {
  const { env, exists } = lookup;
  const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
  const candidates = [
    env.CHROMIUM_PATH,
    env.CHROME_PATH,
    lookup.playwrightPath,
    '/usr/bin/chromium',
    ...ON_PATH.flatMap((name) => dirs.map((dir) => join(dir, name))),
  ];
  return candidates.find((path): path is string => Boolean(path) && exists(path as string));
}

function defaultLookup(): ChromiumLookup {
  let playwrightPath: string | undefined;
  try {
    playwrightPath = chromium.executablePath();
  } catch {
    playwrightPath = undefined; // no registry entry for this platform
  }
  return { env: process.env, exists: existsSync, playwrightPath };
}

/** The Chromium every browser test launches, or `undefined` (the tests then skip, or fail under CI). */
export const CHROMIUM_PATH: string | undefined = findChromium();

/** Flags that work on these machines (no sandbox as root, no background networking on a closed network). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (CHROMIUM_PATH === undefined) process.exit(1);
  console.log(CHROMIUM_PATH);
}
