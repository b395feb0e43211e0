import { defineConfig } from '@playwright/test';
import { chromiumArgs, findChromium } from './lib/build/chromium';
import { e2ePort } from './tests/fixtures/e2e-env';

const baseURL = `http://localhost:${e2ePort}`;

export default defineConfig({
  testDir: 'tests/e2e',
  // One browser at a time: a 2-core machine runs the server, PGlite and Chromium.
  workers: 1,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  outputDir: 'test-results/e2e',
  reporter: [['list'], ['json', { outputFile: 'test-results/e2e.json' }]],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { executablePath: findChromium(), args: chromiumArgs },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: 'npx tsx --conditions=react-server tests/fixtures/e2e-server.ts',
    url: `${baseURL}/api/health`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
