// An abandoned-cart automation end to end in real Chromium: the marketer
// creates it on the console's Automations page ("Product Added" not followed
// by "Order Completed" within 1 minute, the shortest window, exit on the
// order); two visitors of the demo store subscribe (web-push-testing stands
// in for the browser's push service) and add a product; one of them completes
// the order inside the window. The server's automation round sends to the
// other alone: web-push-testing decrypts the message, delivered into that
// visitor's service worker it shows; the visitor who ordered gets nothing, and
// the console's list counts one sent and one exited.
import AxeBuilder from '@axe-core/playwright';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import {
  deliverPush,
  type PushService,
  shownNotifications,
  startPushService,
  useTestPushSubscriptions,
} from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

let pushService: PushService;
test.beforeAll(async () => {
  pushService = await startPushService();
});
test.afterAll(async () => {
  await pushService.close();
});

type Kairos = {
  track(name: string, properties?: object): void;
  flush(): Promise<void>;
  subscribe(): Promise<{ endpoint: string }>;
};

/** A visitor of the demo store with a push subscription: their page, anonymous id and web-push-testing hash. */
async function subscribedVisitor(context: BrowserContext, origin: string) {
  await useTestPushSubscriptions(context, pushService);
  await context.grantPermissions(['notifications'], { origin });
  const page = await context.newPage();
  await page.goto('/');
  await waitForControl(page);
  const subscription = await page.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  return { page, anonymousId, hash: subscription.endpoint.split('/').pop() ?? '' };
}

const track = (page: Page, name: string, properties: object) =>
  page.evaluate(
    async ({ name, properties }) => {
      const { kairos } = window as unknown as { kairos: Kairos };
      kairos.track(name, properties);
      await kairos.flush();
    },
    { name, properties },
  );

test('an abandoned cart reaches the visitor who left it, and not the one who ordered', async ({
  page: consolePage,
  browser,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const origin = baseURL ?? '';
  const run = `${Date.now()}`;
  await loginAsAdmin(consolePage.request);

  await consolePage.goto('/console/automations');
  await expect(consolePage.getByRole('heading', { name: 'Automations', level: 1 })).toBeVisible();
  const violations = (await new AxeBuilder({ page: consolePage }).analyze()).violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => violation.id);
  expect(violations).toEqual([]);
  const name = `Abandoned cart ${run}`;
  await consolePage.getByLabel('Name', { exact: true }).fill(name);
  await consolePage.getByLabel('Starts').selectOption({ label: 'When a visitor does something' });
  await consolePage.getByLabel('Event', { exact: true }).fill('Product Added');
  await consolePage.getByLabel('Unless they then do (optional)').fill('Order Completed');
  await consolePage.getByLabel('Within (minutes)').fill('1');
  await consolePage.getByLabel('Exit when they do (goal, optional)').fill('Order Completed');
  await consolePage.getByLabel('Title', { exact: true }).fill('Your basket is waiting');
  await consolePage.getByLabel('Text', { exact: true }).fill('The Lisbon city break is still in it.');
  await consolePage.getByLabel('Link', { exact: true }).fill('/cart');
  await consolePage.getByRole('button', { name: 'Create automation' }).click();
  const row = consolePage.getByRole('row', { name: new RegExp(name) });
  await expect(row).toContainText('Product Added, not followed by Order Completed within 1 min');
  await expect(row).toContainText('Active');
  const listed = (await (await consolePage.request.get('/api/admin/automations')).json()) as {
    automations: { id: number; name: string }[];
  };
  const automationId = listed.automations.find((automation) => automation.name === name)?.id;

  const leaverContext = await browser.newContext({ baseURL: origin });
  const buyerContext = await browser.newContext({ baseURL: origin });
  try {
    const leaver = await subscribedVisitor(leaverContext, origin);
    const buyer = await subscribedVisitor(buyerContext, origin);
    const product = { product_id: 'trip-lisbon-city-break', price: 199, run };
    await track(leaver.page, 'Product Added', product);
    await track(buyer.page, 'Product Added', product);
    await track(buyer.page, 'Order Completed', { order_id: `order-${run}`, revenue: 199, run });
    await expect
      .poll(async () =>
        (await serverEvents(consolePage.request, buyer.anonymousId)).some((e) => e.event === 'Order Completed'),
      )
      .toBe(true);

    // The window is a minute; the round after it sends. web-push-testing decrypted it (encryption and VAPID checked).
    await expect.poll(async () => (await pushService.messages(leaver.hash)).length, { timeout: 150_000 }).toBe(1);
    const [delivered] = await pushService.messages(leaver.hash);
    expect(JSON.parse(delivered ?? '{}')).toMatchObject({
      web_push: 8030,
      notification: { title: 'Your basket is waiting', body: 'The Lisbon city break is still in it.' },
    });
    await deliverPush(leaverContext, leaver.page, delivered ?? '');
    await expect
      .poll(async () => (await shownNotifications(leaver.page)).map((n) => n.title), { timeout: 20_000 })
      .toEqual(['Your basket is waiting']);

    // The visitor who ordered got nothing, and the list says why: one sent, one exited.
    await consolePage.reload();
    await expect(row.getByRole('cell').nth(4)).toHaveText('1', { timeout: 20_000 }); // sent
    await expect(row.getByRole('cell').nth(5)).toHaveText('1'); // exited
    expect(await pushService.messages(buyer.hash)).toEqual([]);

    // Pause from the list: the status says so.
    await row.getByRole('button', { name: `Pause ${name}` }).click();
    await expect(row).toContainText('Paused');

    // Opened from the list: how it sends, why visitors were skipped, and its results as a campaign's.
    await row.getByRole('button', { name: `Open ${name}` }).click();
    const details = consolePage.getByTestId('automation-details');
    await expect(details.getByTestId('automation-time-mode')).toHaveText('as sent');
    await expect(details.getByTestId('automation-skips-capped')).toHaveText('0');
    await expect(details.getByTestId('campaign-results')).toBeVisible();
    await expect(details.getByTestId('results-table')).toContainText('Variant A', { timeout: 60_000 });
    // Deleting asks first (injected failure: one click deleting it); keeping it changes nothing.
    await details.getByRole('button', { name: 'Delete automation' }).click();
    await expect(details.getByRole('alert')).toContainText(`Delete “${name}”?`);
    await details.getByRole('button', { name: 'Keep it' }).click();
    await expect(row).toBeVisible();
    await details.getByRole('button', { name: 'Delete automation' }).click();
    await details.getByRole('button', { name: 'Yes, delete it' }).click();
    await expect(row).toHaveCount(0);
    const after = (await (await consolePage.request.get('/api/admin/automations')).json()) as {
      automations: { name: string }[];
    };
    expect(after.automations.map((automation) => automation.name)).not.toContain(name);
  } finally {
    await leaverContext.close();
    await buyerContext.close();
    // Other specs' visitors add products to this server's carts too: the automation goes with this test.
    if (automationId) await consolePage.request.delete(`/api/admin/automations/${automationId}`);
  }
});
