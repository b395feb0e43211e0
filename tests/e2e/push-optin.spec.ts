// Opting in to Web Push on a customer's site (another origin than Kairos): the
// soft prompt's rule (never on the first page view, shown on the second,
// a dismissal respected for its snooze), its text-only rendering and keyboard
// use, and kairos.subscribe()/unsubscribe() registering with the real routes.
// The browser's push subscription comes from web-push-testing (fixtures/push-service.ts).
import { expect, type APIRequestContext, type Page, test } from '@playwright/test';
import type { CampaignListItem, TestSendResponse } from '@/lib/contracts/campaign';
import { loginAsAdmin } from '../fixtures/admin';
import { type PushService, startPushService, useTestPushSubscriptions } from '../fixtures/push-service';
import { type StaticSite, startStaticSite } from '../fixtures/static-site';

let site: StaticSite;
let pushService: PushService;

test.beforeAll(async ({ baseURL }) => {
  site = await startStaticSite('push', baseURL ?? '');
  pushService = await startPushService();
});
test.afterAll(async () => {
  await site.close();
  await pushService.close();
});

const promptState = (page: Page) =>
  page.evaluate(
    () => JSON.parse(localStorage.getItem('kairos.push') ?? '{"views":0}') as { views: number; dismissedAt?: number },
  );

/** A campaign to test-send with: the test route pushes to one visitor's subscriptions now. */
async function testSend(request: APIRequestContext, anonymousId: string) {
  const created = await request.post('/api/admin/campaigns', {
    data: { name: `opt-in check ${Date.now()}`, message: { title: 'Opt-in works', body: 'Hello' } },
  });
  expect(created.status()).toBe(201);
  const { campaign } = (await created.json()) as { campaign: CampaignListItem };
  return request.post(`/api/admin/campaigns/${campaign.id}/test`, { data: { anonymousId } });
}

test('the soft prompt: not on the first page view, shown on the second, dismissal respected, Allow subscribes', async ({
  page,
  context,
  request,
}) => {
  await loginAsAdmin(request);
  await useTestPushSubscriptions(context, pushService);

  await page.goto(`${site.url}/`);
  // The rule runs when the view is counted: once it is 1, the decision (no prompt) is made.
  await expect.poll(async () => (await promptState(page)).views, { timeout: 20_000 }).toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  await page.goto(`${site.url}/page2.html`);
  const prompt = page.getByRole('dialog', { name: 'Deals from Example Shop' });
  await expect(prompt).toBeVisible({ timeout: 20_000 });
  // The site's words are text, never HTML (injected: markup in data-push-text).
  await expect(prompt).toContainText('<b>Weekly</b> deals, straight to your device.');
  await expect(prompt.locator('b')).toHaveCount(0);
  // Keyboard: the buttons are reachable and Escape dismisses.
  await prompt.getByRole('button', { name: 'Not now' }).focus();
  await page.keyboard.press('Tab');
  await expect(prompt.getByRole('button', { name: 'Yes please' })).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(prompt).toHaveCount(0);
  expect((await promptState(page)).dismissedAt).toBeGreaterThan(0);

  // The third view is inside the 7-day snooze.
  await page.goto(`${site.url}/`);
  await expect.poll(async () => (await promptState(page)).views, { timeout: 20_000 }).toBe(3);
  await expect(page.getByRole('dialog')).toHaveCount(0);

  // Eight days later (the dismissal moved back in time), it asks again; "Not now" dismisses too.
  const eightDaysAgo = Date.now() - 8 * 24 * 60 * 60 * 1000;
  await page.evaluate(
    (at) => localStorage.setItem('kairos.push', JSON.stringify({ views: 3, dismissedAt: at })),
    eightDaysAgo,
  );
  await page.goto(`${site.url}/page2.html`);
  await expect(prompt).toBeVisible({ timeout: 20_000 });

  // "Yes please" leads to the browser's permission prompt (granted here), the subscription and its registration.
  await context.grantPermissions(['notifications'], { origin: site.url });
  await prompt.getByRole('button', { name: 'Yes please' }).click();
  await expect(prompt).toHaveCount(0);
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  await expect.poll(async () => (await testSend(request, anonymousId)).status(), { timeout: 15_000 }).toBe(200);
});

test('on a site that requires consent, the soft prompt counts and shows nothing before it (injected: two views without consent)', async ({
  page,
}) => {
  await page.goto(`${site.url}/consent.html`);
  await page.reload();
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await page.evaluate(() =>
    (window as unknown as { kairos: { consent(granted: boolean): void } }).kairos.consent(true),
  );
  // Each client-side page view now counts, once kairos-push.js has loaded: wait for it, so the one view
  // below is counted alone. Had the two views before consent been counted, the count would be 3, and the
  // prompt would be due.
  await page.waitForFunction(
    () => typeof (window as unknown as { kairos: { subscribe?: unknown } }).kairos.subscribe === 'function',
  );
  await page.evaluate(() => (window as unknown as { kairos: { page(): void } }).kairos.page());
  await expect
    .poll(
      () =>
        page.evaluate(
          () => (JSON.parse(localStorage.getItem('kairos.push') ?? '{"views":0}') as { views: number }).views,
        ),
      { timeout: 20_000 },
    )
    .toBe(1);
  await expect(page.getByRole('dialog')).toHaveCount(0);
});

test('kairos.subscribe() and unsubscribe() from the site’s own button, with promises', async ({
  page,
  context,
  request,
}) => {
  await loginAsAdmin(request);
  await useTestPushSubscriptions(context, pushService);
  await page.goto(`${site.url}/button.html`);
  await page.waitForFunction(
    () => typeof (window as unknown as { kairos: { subscribe?: unknown } }).kairos.subscribe === 'function',
  );

  // Without the permission the promise rejects with a clear reason (injected: permission not granted).
  await context.clearPermissions();
  const refused = await page.evaluate(() =>
    (window as unknown as { kairos: { subscribe(): Promise<unknown> } }).kairos.subscribe().then(
      () => 'subscribed',
      (error: Error) => error.message,
    ),
  );
  expect(refused).toMatch(/^Kairos: notifications are (blocked|not allowed)\.$/);

  await context.grantPermissions(['notifications'], { origin: site.url });
  const subscription = await page.evaluate(() =>
    (window as unknown as { kairos: { subscribe(): Promise<{ endpoint: string }> } }).kairos.subscribe(),
  );
  expect(subscription.endpoint).toContain(`${pushService.url}/notify/`);
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');

  // The server delivers to it: web-push-testing decrypts the message with the subscription's keys.
  const sent = await testSend(request, anonymousId);
  expect(sent.status()).toBe(200);
  const { results } = (await sent.json()) as TestSendResponse;
  expect(
    results.map((r) => r.outcome),
    JSON.stringify(results),
  ).toEqual(['sent']);
  const clientHash = subscription.endpoint.split('/').pop() ?? '';
  const [message] = await pushService.messages(clientHash);
  expect(JSON.parse(message ?? '{}')).toMatchObject({
    web_push: 8030,
    notification: { title: 'Opt-in works', body: 'Hello' },
  });

  const ended = await page.evaluate(() =>
    (window as unknown as { kairos: { unsubscribe(): Promise<boolean> } }).kairos.unsubscribe(),
  );
  expect(ended).toBe(true);
  const after = await testSend(request, anonymousId);
  expect(after.status()).toBe(404);
  expect(((await after.json()) as { error: { code: string } }).error.code).toBe('no_subscription');
});
