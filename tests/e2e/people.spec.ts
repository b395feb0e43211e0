// One person on two browsers, in real Chromium (docs/people.md): a visitor
// browses the demo store anonymously on a phone (a browser context of its
// own) and subscribes there; on a laptop (a second context) they sign in,
// subscribe and buy; later they sign in on the phone too, so its anonymous
// browsing becomes theirs. The console's person page shows one customer with
// both devices' events, and a campaign to a segment holding the person reaches
// both devices' subscriptions (web-push-testing decrypts each), one
// notification per device, counted as one member; "Forget this person" then
// erases both devices.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';
import { useTestPushSubscriptions } from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const pushService = pushServiceForFile();

type Kairos = {
  identify(id: string, traits: object): void;
  track(name: string, properties: object): void;
  subscribe(): Promise<{ endpoint: string }>;
};

/** A device: its own context with the service worker in control and a push subscription. */
async function device(context: BrowserContext, origin: string) {
  await useTestPushSubscriptions(context, pushService());
  await context.grantPermissions(['notifications'], { origin });
  const page = await context.newPage();
  await page.goto('/');
  await waitForControl(page);
  const subscription = await page.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  return { page, anonymousId, pushHash: subscription.endpoint.split('/').pop() ?? '' };
}

const identify = (page: Page, userId: string, run: string) =>
  page.evaluate(
    ([id, run]) =>
      (window as unknown as { kairos: Kairos }).kairos.identify(id, { first_name: 'Ada', people_run: run }),
    [userId, run] as const,
  );

test('a person browsing on one browser and buying on another is one customer, and a campaign reaches both', async ({
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(240_000);
  const origin = baseURL ?? '';
  const run = `${Date.now()}`;
  const userId = `person-${run}`;
  await loginAsAdmin(request);
  const phoneContext = await browser.newContext({ baseURL: origin });
  const laptopContext = await browser.newContext({ baseURL: origin });
  try {
    // The phone: anonymous browsing.
    const phone = await device(phoneContext, origin);
    await phone.page.goto('/products/trip-lisbon-city-break');
    // The laptop: a sign-in, then an order.
    const laptop = await device(laptopContext, origin);
    expect(laptop.anonymousId).not.toBe(phone.anonymousId);
    await identify(laptop.page, userId, run);
    await laptop.page.evaluate(
      (orderId) =>
        (window as unknown as { kairos: Kairos }).kairos.track('Order Completed', { order_id: orderId, revenue: 199 }),
      `order-${run}`,
    );
    // Later, the phone signs in as the same person.
    await identify(phone.page, userId, run);
    await expect
      .poll(async () => (await serverEvents(request, laptop.anonymousId)).some((e) => e.event === 'Order Completed'), {
        timeout: 30_000,
      })
      .toBe(true);
    await expect
      .poll(async () => (await serverEvents(request, phone.anonymousId)).some((e) => e.type === 'identify'), {
        timeout: 30_000,
      })
      .toBe(true);

    // The marketer's console: one person, both devices, the phone's anonymous browsing included.
    const marketer = await browser.newContext({ baseURL: origin });
    try {
      await loginAsAdmin(marketer.request);
      const consolePage = await marketer.newPage();
      await consolePage.goto(`/console/people/${encodeURIComponent(userId)}`);
      await expect(consolePage.getByRole('heading', { name: `Person ${userId}` })).toBeVisible();
      const devices = consolePage.getByTestId('person-device');
      await expect(devices).toHaveCount(2);
      await expect(devices.filter({ hasText: phone.anonymousId })).toHaveCount(1);
      await expect(devices.filter({ hasText: laptop.anonymousId })).toHaveCount(1);
      const rows = consolePage.getByTestId('person-event');
      await expect(rows.filter({ hasText: laptop.anonymousId }).filter({ hasText: 'Order Completed' })).toHaveCount(1);
      await expect(
        rows.filter({ hasText: phone.anonymousId }).filter({ hasText: '/products/trip-lisbon-city-break' }).first(),
      ).toBeVisible();

      // A segment of this run's people (a trait both sign-ins carried), and a campaign to it from the composer.
      const segmentName = `People e2e ${run}`;
      const segment = await request.post('/api/admin/segments', {
        data: {
          name: segmentName,
          definition: { kind: 'trait', trait: 'people_run', compare: { op: 'eq', value: run } },
        },
      });
      expect(segment.status()).toBe(201);
      await consolePage.goto('/console/campaigns');
      await waitForControl(consolePage);
      await consolePage.getByLabel('Campaign name').fill(`Both devices ${run}`);
      await consolePage.getByLabel('Title').fill('Hi {{first_name|there}}');
      await consolePage.getByLabel('Text').fill('Lisbon is waiting.');
      await consolePage.getByLabel('Segment').selectOption({ label: segmentName });
      await consolePage.getByLabel('Control group (% of the audience)').fill('0');
      await consolePage.getByRole('button', { name: 'Send to the segment' }).click();
      await expect(consolePage.getByTestId('composer-status')).toContainText(
        /Queued 2 notifications for 1 subscribed of 1 members/,
        { timeout: 90_000 },
      );

      // Each device's subscription got its own notification (decrypted by web-push-testing).
      for (const hash of [phone.pushHash, laptop.pushHash]) {
        await expect.poll(async () => (await pushService().messages(hash)).length, { timeout: 30_000 }).toBe(1);
        const [delivered] = await pushService().messages(hash);
        expect(JSON.parse(delivered ?? '{}')).toMatchObject({ web_push: 8030, notification: { title: 'Hi Ada' } });
      }

      // "Forget this person", confirmed: both devices' events and subscriptions go. The devices
      // close first, so no event of theirs arrives after the forget.
      await phoneContext.close();
      await laptopContext.close();
      await consolePage.goto(`/console/people/${encodeURIComponent(userId)}`);
      await consolePage.getByRole('button', { name: 'Forget this person' }).click();
      const dialog = consolePage.getByRole('dialog', { name: 'Forget this person?' });
      await dialog.getByRole('button', { name: 'Forget', exact: true }).click();
      await expect(consolePage.getByRole('status')).toContainText(
        /Forgotten: \d+ events and 2 push subscriptions deleted\./,
      );
      expect((await request.get(`/api/admin/people/${encodeURIComponent(userId)}`)).status()).toBe(404);
      expect(await serverEvents(request, laptop.anonymousId)).toEqual([]);
      expect(await serverEvents(request, phone.anonymousId)).toEqual([]);
    } finally {
      await marketer.close();
    }
  } finally {
    await phoneContext.close();
    await laptopContext.close();
  }
});
