// The shared engine suite (tests/fixtures/engine-cases.ts) against the worker
// engine: DuckDB-WASM in a web worker in Chromium, driven through the typed
// client, on a page carrying the app's Content Security Policy.
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { engineCases } from '../fixtures/engine-cases';
import { type HarnessServer, startHarnessServer } from '../fixtures/harness-server';
import { parquetFixture } from '../fixtures/parquet-fixture';

let server: HarnessServer;
let page: Page;
const parquet = [...parquetFixture()];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async ({ browser }) => {
  server = await startHarnessServer(path.resolve('tests/fixtures/engine-harness.ts'));
  page = await browser.newPage();
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.goto(server.url);
  await expect(page.locator('body[data-ready="true"]')).toBeAttached();
  expect(violations).toEqual([]);
});

test.afterAll(async () => {
  await page?.close();
  await server?.close();
});

for (const engineCase of engineCases) {
  test(`worker engine: ${engineCase.name}`, async () => {
    const outcome = await page.evaluate(
      ([name, bytes]) =>
        (window as unknown as { kairosHarness: { run(n: string, b: number[]): Promise<string> } }).kairosHarness.run(
          name,
          bytes,
        ),
      [engineCase.name, parquet] as const,
    );
    expect(outcome).toBe('ok');
  });
}
