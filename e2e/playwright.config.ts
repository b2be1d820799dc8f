import { defineConfig } from '@playwright/test';

// Debian's Chromium drives the real renderer against a real engine (podyard serve).
// Playwright's own browser download is never used.
const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export default defineConfig({
  testDir: '.',
  timeout: 120_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  workers: 1,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: {
    viewport: { width: 1400, height: 860 },
    launchOptions: { executablePath: process.env.PODYARD_CHROMIUM ?? '/usr/bin/chromium', args: chromiumArgs },
  },
  projects: [
    { name: 'browser', testMatch: /.*\.browser\.spec\.ts/ },
    { name: 'electron', testMatch: /.*\.electron\.spec\.ts/ },
  ],
});
