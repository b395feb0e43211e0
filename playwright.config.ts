import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './lib/build/chromium';
import { e2eBaseURL, e2eWebServer } from './tests/fixtures/e2e-web-server';

export default defineConfig({
  testDir: 'tests/e2e',
  // One browser at a time: a 2-core machine runs the server, PGlite and Chromium.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL: e2eBaseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: e2eWebServer,
});
