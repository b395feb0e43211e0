import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './lib/build/chromium';
import { firefoxSkipped } from './lib/build/firefox';
import { e2ePort } from './tests/fixtures/e2e-env';

const baseURL = `http://localhost:${e2ePort}`;

export default defineConfig({
  // One browser at a time: a 2-core machine runs the server, PGlite and Chromium.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    headless: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'chromium',
      testDir: 'tests/e2e',
      use: { browserName: 'chromium', launchOptions: { executablePath: findChromium(), args: chromiumArgs } },
    },
    // Firefox through puppeteer-core over WebDriver BiDi, not a Playwright browser (tests/fixtures/firefox.ts,
    // docs/architecture.md "Firefox"). KAIROS_SKIP_FIREFOX=1 leaves it out; `npm test` then says so.
    ...(firefoxSkipped() ? [] : [{ name: 'firefox', testDir: 'tests/firefox' }]),
  ],
  webServer: {
    command: 'npx tsx --conditions=react-server tests/fixtures/e2e-server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
