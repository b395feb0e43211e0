import { expect, test } from '@playwright/test';
import { generateDemo } from '@/lib/demo';
import { e2eAdminPassword, e2eDemo } from '../fixtures/e2e-env';

test('a marketer logs in, sees the demo data size, and logs out', async ({ page, context }) => {
  await page.goto('/console');
  await expect(page).toHaveURL(/\/console\/login/);

  await page.getByLabel('Admin password').fill('not-the-password');
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'not right' })).toBeVisible();

  await page.getByLabel('Admin password').fill(e2eAdminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/console$/);

  const cookie = (await context.cookies()).find((c) => c.name === 'kairos_session');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax' });

  // The e2e server seeded this demo data; other tests may have added visitors since, so the
  // console must show what the server holds now, and the seeded data is its floor.
  const demo = generateDemo({
    visitors: e2eDemo.visitors,
    seed: e2eDemo.seed,
    end: new Date(`${e2eDemo.end}T00:00:00Z`),
  });
  const summary = await (await page.request.get('/api/admin/summary')).json();
  expect(summary.visitors).toBeGreaterThanOrEqual(demo.visitors.length);
  expect(summary.events).toBeGreaterThanOrEqual(demo.events.length);
  const format = new Intl.NumberFormat('en');
  await page.reload();
  await expect(page.getByTestId('stat-visitors')).toHaveText(format.format(summary.visitors));
  await expect(page.getByTestId('stat-events')).toHaveText(format.format(summary.events));
  const orders = demo.events.filter((event) => event.event === 'Order Completed');
  expect(orders.length).toBeGreaterThan(0);
  const dates = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });
  const first = dates.format(new Date(demo.events[0]?.timestamp ?? 0));
  await expect(page.getByTestId('stat-range')).toContainText(`${first} – `);
  await page.screenshot({ path: 'test-results/screens/console-home.png', fullPage: true });

  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'logged out' })).toBeVisible();
  // The old cookie is dead on the server, not just dropped by the browser.
  const reuse = await page.request.get('/api/admin/summary', {
    headers: { Cookie: `kairos_session=${cookie?.value ?? ''}` },
  });
  expect(reuse.status()).toBe(401);
  await page.goto('/console');
  await expect(page).toHaveURL(/\/console\/login/);
});

test("a dead session cookie goes to the login with next kept, and back after logging in (injected: a logged-out session's cookie)", async ({
  page,
  context,
  baseURL,
}) => {
  await page.goto('/console/login');
  await page.getByLabel('Admin password').fill(e2eAdminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/console$/);
  const cookie = (await context.cookies()).find((c) => c.name === 'kairos_session');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'logged out' })).toBeVisible();

  // The cookie is well signed but its session is gone: it passes the proxy, the page's gate turns it away.
  await context.addCookies([{ name: 'kairos_session', value: cookie?.value ?? '', url: baseURL ?? '' }]);
  await page.goto('/console/segments?tab=members');
  await expect(page).toHaveURL(/\/console\/login\?/);
  expect(new URL(page.url()).searchParams.get('next')).toBe('/console/segments?tab=members');

  await page.getByLabel('Admin password').fill(e2eAdminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/console\/segments\?tab=members$/);
});

test('an admin API answers with a session', async ({ request }) => {
  const login = await request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
  const summary = await request.get('/api/admin/summary');
  expect(summary.status()).toBe(200);
  expect((await summary.json()).visitors).toBeGreaterThanOrEqual(e2eDemo.visitors);
});

test('parallel guesses cannot slip past the limit (injected: 30 wrong passwords at once)', async ({ request }) => {
  const client = { 'X-Forwarded-For': '203.0.113.78' };
  const answers = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      request.post('/api/auth/login', { data: { password: `parallel-${i}` }, headers: client }),
    ),
  );
  const statuses = answers.map((answer) => answer.status());
  expect(statuses.filter((status) => status === 401).length).toBeLessThanOrEqual(10);
  expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(20);
});

test('login attempts are rate limited per client (injected: 11 wrong passwords)', async ({ request }) => {
  const client = { 'X-Forwarded-For': '203.0.113.77' };
  for (let i = 0; i < 10; i++) {
    const wrong = await request.post('/api/auth/login', { data: { password: `wrong-${i}` }, headers: client });
    expect(wrong.status()).toBe(401);
  }
  const blocked = await request.post('/api/auth/login', { data: { password: e2eAdminPassword }, headers: client });
  expect(blocked.status()).toBe(429);
  expect(Number(blocked.headers()['retry-after'])).toBeGreaterThan(0);
  expect(await blocked.json()).toMatchObject({ error: { code: 'rate_limited', status: 429 } });

  // Another client is not locked out by the first one's guesses.
  const other = await request.post('/api/auth/login', {
    data: { password: e2eAdminPassword },
    headers: { 'X-Forwarded-For': '198.51.100.5' },
  });
  expect(other.status()).toBe(200);
});
