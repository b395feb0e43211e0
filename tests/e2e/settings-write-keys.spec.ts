// The console's Settings page: an admin creates a write key (shown once),
// a backend sends with it, the admin revokes it and the backend is refused.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';

// Each test its own client address, so the per-client rate limit of one test does not touch another.
const client = () => ({ 'X-Forwarded-For': `198.51.100.${Math.floor(Math.random() * 250) + 1}` });

test('a write key made in Settings lets a backend send until it is revoked there', async ({ page, request }) => {
  await loginAsAdmin(page.context().request);
  await loginAsAdmin(request);
  await page.goto('/console/settings');
  await expect(page.getByRole('heading', { name: 'Write keys' })).toBeVisible();
  const name = `shop-backend-${Date.now()}`;
  await page.getByLabel('Name').fill(name);
  await page.getByRole('button', { name: 'Create key' }).click();
  const key = (await page.getByLabel('New write key').textContent()) ?? '';
  expect(key).toMatch(/^kairos_wk_[\w-]{32}$/);
  const row = page.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Active');
  await expect(row).toContainText(key.slice(0, 14));
  // The list never carries the key itself, only its first characters.
  await expect(row).not.toContainText(key);
  const { violations } = await new AxeBuilder({ page }).analyze();
  expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);

  const device = `settings-${Date.now()}`;
  const send = (n: number) =>
    request.post('/v1/batch', {
      data: { batch: [{ type: 'track', event: 'Order Completed', anonymousId: device, messageId: `${device}-${n}` }] },
      headers: { Authorization: `Basic ${Buffer.from(`${key}:`).toString('base64')}`, ...client() },
    });
  expect(await (await send(1)).json()).toEqual({ accepted: 1, duplicates: 0, invalid: [] });

  await row.getByRole('button', { name: /Revoke/ }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
  await expect(row).toContainText('Revoked');
  // Injected: the revoked key sent again.
  const refused = await send(2);
  expect(refused.status()).toBe(401);
  expect((await serverEvents(request, device)).map((event) => event.messageId)).toEqual([`${device}-1`]);
});

test('Settings refuses a name a key already has, and write-key routes need a session', async ({ page, request }) => {
  await loginAsAdmin(page.context().request);
  await page.goto('/console/settings');
  const name = `twice-${Date.now()}`;
  for (let i = 0; i < 2; i++) {
    await page.getByLabel('Name').fill(name);
    await page.getByRole('button', { name: 'Create key' }).click();
    if (i === 0) await expect(page.getByLabel('New write key')).toBeVisible();
  }
  // Next's route announcer is an alert too: the page's own is the one with the reason.
  await expect(page.getByRole('alert').filter({ hasText: 'already named' })).toBeVisible();
  // A visitor without a session (a fresh request context holds no cookie).
  expect((await request.get('/api/admin/write-keys')).status()).toBe(401);
});
