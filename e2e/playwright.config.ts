import { defineConfig } from '@playwright/test';

// Debian's Chromium, never a downloaded browser. Run `npm run build` first: the tests start the built server.
export default defineConfig({
  testDir: '.',
  testMatch: '**/*.spec.ts',
  // The gate's machine is shared and runs two servers and two browsers on two cores: a long
  // journey that takes 20 s alone can take three times as long there.
  timeout: process.env.CI ? 120_000 : 60_000,
  // Likewise an answer that shows within a second alone can take several there.
  expect: { timeout: process.env.CI ? 10_000 : 5_000 },
  globalSetup: './global-setup.ts',
  // Two test files at once, each with a server of its own: much of a browser test is waiting.
  workers: 2,
  // The gate runs on a shared two-core machine: a test that fails once under load gets one more
  // try there, and the report names it flaky (a test that fails twice fails the gate).
  retries: process.env.CI ? 1 : 0,
  reporter: process.env.CI ? [['list'], ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? 'test-results/e2e.json' }]] : 'list',
  use: {
    locale: 'en-GB',
    // The server runs with a self-signed certificate from `lectern cert dev`.
    ignoreHTTPSErrors: true,
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
    trace: 'off',
  },
});
