// Both payload shapes in the real service worker (Chromium): a declarative push
// message (W3C Push API, what every send is now) and the payload sent before
// it (what a push service may still hold for a device), each delivered through
// CDP ServiceWorker.deliverPushMessage, show one notification each, and a
// second copy of the same delivery id, in either shape, shows nothing more.
// A click on an action opens that action's own `navigate`.
import { expect, test } from '@playwright/test';
import { campaignPayload } from '@/lib/contracts/campaign-message';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { deliverPush, dispatchNotificationEvent, shownNotifications } from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const campaignId = 900_301;
const declarative = (deliveryId: number) =>
  JSON.stringify(
    campaignPayload(
      campaignId,
      {
        title: 'Porto for €149',
        body: 'Two nights by the river.',
        url: '/products/trip-porto',
        tag: 'e2e-declarative',
        actions: [{ action: 'search', title: 'More trips', url: '/search?q=porto' }],
      },
      {},
      { id: deliveryId, variant: 0 },
    ),
  );
const legacy = (deliveryId: number) =>
  JSON.stringify({
    kind: 'notification',
    title: 'Lisbon for €199',
    body: 'Three nights, flights included.',
    url: '/products/trip-lisbon-city-break',
    tag: 'e2e-legacy',
    campaignId,
    deliveryId,
  });

test('a declarative and an old-shape payload show one notification each, de-duplicated by delivery id; an action opens its navigate', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  await loginAsAdmin(request);
  await context.grantPermissions(['notifications'], { origin: baseURL ?? '' });
  await page.goto('/');
  await waitForControl(page);
  await expect.poll(() => deviceRows(page, 'profile'), { timeout: 30_000 }).toBe(1);
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  const shown = async () =>
    (await shownNotifications(page))
      .map((n) => ({ title: n.title, tag: n.tag, deliveryId: (n.data as { deliveryId?: number }).deliveryId }))
      .sort((a, b) => a.tag.localeCompare(b.tag));

  // Injected duplicates: each delivery arrives twice, the second copy of 41 in the other shape.
  await deliverPush(context, page, declarative(41));
  await deliverPush(context, page, declarative(41));
  await deliverPush(context, page, legacy(42));
  await deliverPush(context, page, legacy(42));
  await deliverPush(context, page, legacy(41));
  await expect.poll(shown, { timeout: 20_000 }).toEqual([
    { title: 'Porto for €149', tag: 'e2e-declarative', deliveryId: 41 },
    { title: 'Lisbon for €199', tag: 'e2e-legacy', deliveryId: 42 },
  ]);
  const [porto] = (await shownNotifications(page)).filter((n) => n.tag === 'e2e-declarative');
  expect(porto?.actions).toEqual([{ action: 'search', title: 'More trips' }]);

  await dispatchNotificationEvent(context, baseURL ?? '', 'notificationclick', 'e2e-declarative', 'search');
  await expect(page).toHaveURL(`${baseURL}/search?q=porto`, { timeout: 20_000 });

  // One Notification Shown per delivery reaches the server, and the click with its action.
  const notificationEvents = async () =>
    (await serverEvents(request, anonymousId))
      .filter((event) => event.event?.startsWith('Notification '))
      .map((event) => `${event.event} ${String(event.properties.action ?? '')}`.trim())
      .sort();
  await expect
    .poll(notificationEvents, { timeout: 40_000 })
    .toEqual(['Notification Clicked search', 'Notification Shown', 'Notification Shown']);
});
