// The console's Data page: the server's events stream into the analytics
// worker (DuckDB-WASM under the app's real CSP) and their size is shown.
import { expect, test } from '@playwright/test';
import { generateDemo } from '@/lib/demo';
import { e2eAdminPassword, e2eDemo } from '../fixtures/e2e-env';

const demo = generateDemo({ ...e2eDemo, end: new Date(`${e2eDemo.end}T00:00:00Z`) });
const numberFormat = new Intl.NumberFormat('en');

test('the Data page loads the server events into the worker and shows rows, customers and time range', async ({
  page,
}) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
  });
  const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);

  await page.goto('/console');
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Data' }).click();
  await expect(page).toHaveURL(/\/console\/data$/);
  // Other tests add visitors to the shared e2e server: the page must show what the server
  // holds now, and the seeded demo data is its floor.
  const summary = await (await page.request.get('/api/admin/summary')).json();
  expect(summary.events).toBeGreaterThanOrEqual(demo.events.length);
  await expect(page.getByTestId('dataset-rows')).toHaveText(numberFormat.format(summary.events), {
    timeout: 30_000,
  });
  await expect(page.getByTestId('dataset-customers')).toHaveText(numberFormat.format(summary.visitors));
  const times = demo.events.map((event) => Date.parse(event.timestamp));
  const year = (ms: number) => String(new Date(ms).getUTCFullYear());
  await expect(page.getByTestId('dataset-range')).toContainText(year(Math.min(...times)));
  await expect(page.getByTestId('dataset-range')).toContainText(
    year(Math.max(...times, Date.parse(summary.lastEventAt))),
  );
  await page.screenshot({ path: 'test-results/screens/console-data.png', fullPage: true });
  expect(cspViolations).toEqual([]);
});

test('the Arrow export refuses a visitor without a session', async ({ request }) => {
  const response = await request.get('/api/admin/events/export');
  expect(response.status()).toBe(401);
});

test('the Arrow export streams every event with its row count', async ({ request }) => {
  await request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  const { events } = await (await request.get('/api/admin/summary')).json();
  expect(events).toBeGreaterThanOrEqual(demo.events.length);
  const response = await request.get('/api/admin/events/export');
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('application/vnd.apache.arrow.stream');
  expect(Number(response.headers()['x-kairos-rows'])).toBe(events);
  const { tableFromIPC } = await import('apache-arrow');
  expect(tableFromIPC(await response.body()).numRows).toBe(events);
});
