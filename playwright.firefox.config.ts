// The Firefox end-to-end suite (tests/firefox/): Playwright's runner, the same app server as the
// Chromium suite, and Firefox driven by puppeteer-core over WebDriver BiDi (tests/fixtures/firefox.ts).
// Playwright's own Firefox is a patched build that must be downloaded; a release Firefox speaks BiDi.
import { defineConfig } from '@playwright/test';
import { findFirefox } from './lib/build/firefox';
import { e2eBaseURL, e2eWebServer } from './tests/fixtures/e2e-web-server';

// Fails here, before the server starts, with what to install.
findFirefox();

export default defineConfig({
  testDir: 'tests/firefox',
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/firefox',
  reporter: [['list'], ['json', { outputFile: 'test-results/firefox.json' }]],
  // No Playwright browser: the specs use the `firefox` fixture; `request` talks to the app.
  use: { baseURL: e2eBaseURL },
  webServer: e2eWebServer,
});
