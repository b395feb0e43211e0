import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { waitForControl } from '../fixtures/service-worker';

const builtServiceWorker = path.join(process.cwd(), '.next', 'kairos', 'sw.js');

test('the web app manifest makes the store installable', async ({ request }) => {
  const response = await request.get('/manifest.webmanifest');
  expect(response.ok()).toBe(true);
  const manifest = await response.json();
  expect(manifest).toMatchObject({ start_url: '/', display: 'standalone', theme_color: '#4f46e5' });
  const sizes = manifest.icons.map((icon: { sizes: string; purpose: string }) => `${icon.sizes} ${icon.purpose}`);
  expect(sizes).toEqual(expect.arrayContaining(['192x192 any', '512x512 any', '512x512 maskable']));
  for (const icon of manifest.icons) {
    const image = await request.get(icon.src);
    expect(image.headers()['content-type']).toBe('image/png');
  }
});

test('the service worker is served uncached', async ({ request }) => {
  const response = await request.get('/sw.js');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toContain('javascript');
  expect(response.headers()['cache-control']).toContain('no-cache');
});

test('the service worker installs, and a visited page loads offline', async ({ page, context }) => {
  await page.goto('/');
  await waitForControl(page);
  // Visit once more under the worker's control so the page is in its cache.
  await page.goto('/products/trip-lisbon-city-break');
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Trips, games and gear' })).toBeVisible();

  await context.setOffline(true);
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Trips, games and gear' })).toBeVisible();
  await page.goto('/products/trip-lisbon-city-break');
  await expect(page.getByRole('heading', { name: /Lisbon City Break/ })).toBeVisible();

  // A page never opened online gets the precached offline page, not the browser's error.
  await page.goto('/products/trip-porto-weekend');
  await expect(page.getByRole('heading', { name: 'You are offline' })).toBeVisible();
  await context.setOffline(false);
});

test('a waiting service worker update is offered, and taken on Reload', async ({ page }) => {
  await page.goto('/');
  await waitForControl(page);
  const before = readFileSync(builtServiceWorker);
  try {
    // A new build of the worker: same code, new bytes.
    writeFileSync(builtServiceWorker, Buffer.concat([before, Buffer.from(`\n// update ${Date.now()}\n`)]));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    const prompt = page.getByRole('status').filter({ hasText: 'A new version of this site is ready.' });
    await expect(prompt).toBeVisible();
    const reloaded = page.waitForEvent('load');
    await prompt.getByRole('button', { name: 'Reload' }).click();
    await reloaded;
    const waiting = await page.evaluate(async () =>
      Boolean((await navigator.serviceWorker.getRegistration())?.waiting),
    );
    expect(waiting).toBe(false);
  } finally {
    writeFileSync(builtServiceWorker, before);
  }
});
