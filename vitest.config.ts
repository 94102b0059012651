import { fileURLToPath } from 'node:url';
import { playwright } from '@vitest/browser-playwright';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';
import { subjectServerIdle, subjectServerReceived } from './test/browser/subject-server.js';
import { CHROMIUM_FLAGS, CHROMIUM_PATH } from './test/helpers/chromium.js';

const ci = Boolean(process.env.CI);
const browserTests = CHROMIUM_PATH !== undefined || ci;
if (!browserTests) {
  console.warn(
    `\n${'!'.repeat(78)}\n!! Browser tests SKIPPED: no Chromium found (CHROMIUM_PATH, CHROME_PATH, Playwright's browsers,\n` +
      `!! /usr/bin/chromium, chromium-browser, google-chrome). Install one (Debian: apt-get install -y chromium)\n` +
      `!! or set CHROMIUM_PATH. Under CI=true they run and fail.\n${'!'.repeat(78)}\n`,
  );
}

const alias = {
  'rx-websocket/angular': fileURLToPath(new URL('./src/angular/index.ts', import.meta.url)),
  'rx-websocket/testing': fileURLToPath(new URL('./src/testing/index.ts', import.meta.url)),
  'rx-websocket': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
};

const projects: TestProjectInlineConfiguration[] = [
  {
    extends: true,
    test: {
      name: 'node',
      environment: 'node',
      include: ['test/{unit,mock-socket,integration,examples,package,e2e,property,readme}/**/*.test.ts'],
      globalSetup: ['test/helpers/build-if-missing.ts'],
      typecheck: { enabled: true, include: ['test/types/**/*.test-d.ts'], tsconfig: './tsconfig.json' },
    },
  },
  {
    extends: true,
    test: {
      // Node's own global WebSocket (undici 6): Node 20 has it behind this flag, Node 22 without.
      name: 'node-global',
      environment: 'node',
      include: ['test/node-global/**/*.test.ts'],
      pool: 'forks',
      execArgv: ['--experimental-websocket', '--no-warnings=ExperimentalWarning'],
    },
  },
];
if (browserTests) {
  projects.push({
    extends: true,
    test: {
      name: 'browser',
      include: ['test/browser/**/*.test.ts'],
      globalSetup: ['test/browser/global-setup.ts'],
      browser: {
        enabled: true,
        headless: true,
        screenshotFailures: false,
        provider: playwright({
          launchOptions: {
            executablePath: CHROMIUM_PATH ?? '/usr/bin/chromium',
            args: CHROMIUM_FLAGS,
          },
        }),
        instances: [{ browser: 'chromium' }],
        commands: { subjectServerReceived, subjectServerIdle },
      },
    },
  });
}

export default defineConfig({
  resolve: { alias },
  // Pre-bundled before the browser tests start: found mid-run, Vite would reload the page under them.
  optimizeDeps: {
    include: [
      '@angular/compiler',
      '@angular/core',
      '@angular/core/testing',
      '@angular/platform-browser/testing',
      'rxjs',
    ],
  },
  test: { projects, testTimeout: 15_000, hookTimeout: 15_000 },
});
