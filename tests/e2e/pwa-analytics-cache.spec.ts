// The analytics engine's files (/duckdb/*) are not precached (a store visitor never
// downloads them) but cached by the service worker once used, stale-while-revalidate,
// so the console's engine starts offline too. Without the runtime route the offline
// fetch below fails.
import { expect, test } from '@playwright/test';
import { waitForControl } from '../fixtures/service-worker';

test('the analytics worker script is cached on first use and served offline', async ({ page, context }) => {
  await page.goto('/');
  await waitForControl(page);
  const cached = () =>
    page.evaluate(async () => {
      const cache = await caches.open('kairos-duckdb');
      return (await cache.keys()).map((request) => new URL(request.url).pathname);
    });
  // Installing the service worker did not download the engine.
  expect(await cached()).toEqual([]);

  const status = await page.evaluate(async () => (await fetch('/duckdb/analytics.worker.js')).status);
  expect(status).toBe(200);
  await expect.poll(cached).toContain('/duckdb/analytics.worker.js');

  await context.setOffline(true);
  const offline = await page.evaluate(async () => {
    const response = await fetch('/duckdb/analytics.worker.js');
    return { status: response.status, bytes: (await response.text()).length };
  });
  await context.setOffline(false);
  expect(offline.status).toBe(200);
  expect(offline.bytes).toBeGreaterThan(1000);
});
