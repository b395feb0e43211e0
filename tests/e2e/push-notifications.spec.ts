// The service worker's side of Web Push in real Chromium: a push delivered
// into our service worker (CDP ServiceWorker.deliverPushMessage) shows the
// notification and records `Notification Shown`; a click takes the visitor to
// the action's URL and records `Notification Clicked`; a close records
// `Notification Dismissed` — all three reach the server through the outbox.
import { expect, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { waitForControl } from '../fixtures/moments';
import { deliverPush, dispatchNotificationEvent, shownNotifications } from '../fixtures/push-service';

const campaignId = 900_001;
const payload = {
  kind: 'notification',
  title: 'Lisbon for €199',
  body: 'Three nights, flights included.',
  icon: '/icons/icon-192.png',
  badge: '/icons/badge-72.png',
  url: '/products/trip-lisbon-city-break',
  actions: [
    { action: 'book', title: 'Book now', url: '/search?q=lisbon' },
    { action: 'later', title: 'Later' },
  ],
  tag: 'e2e-lisbon',
  campaignId,
};

test('a push shows the notification; a click opens the action’s URL; shown, clicked and dismissed reach the server', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  await loginAsAdmin(request);
  await context.grantPermissions(['notifications'], { origin: baseURL ?? '' });
  await page.goto('/');
  await waitForControl(page);
  // The device knows its visitor once the first page view is stored.
  await expect.poll(() => deviceRows(page, 'profile'), { timeout: 30_000 }).toBe(1);
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');

  await deliverPush(context, page, JSON.stringify(payload));
  await expect
    .poll(() => shownNotifications(page))
    .toEqual([
      {
        title: 'Lisbon for €199',
        body: 'Three nights, flights included.',
        tag: 'e2e-lisbon',
        data: {
          kairos: 1,
          url: `${baseURL}/products/trip-lisbon-city-break`,
          campaignId,
          actionUrls: { book: `${baseURL}/search?q=lisbon` },
        },
        actions: [
          { action: 'book', title: 'Book now' },
          { action: 'later', title: 'Later' },
        ],
      },
    ]);

  // Payloads that are not ours (another push service's text; JSON the schema refuses) show nothing more.
  await deliverPush(context, page, 'not a kairos payload');
  await deliverPush(context, page, JSON.stringify({ kind: 'notification', title: '', tag: 'refused' }));

  await dispatchNotificationEvent(context, baseURL ?? '', 'notificationclick', 'e2e-lisbon', 'book');
  await expect(page).toHaveURL(`${baseURL}/search?q=lisbon`, { timeout: 20_000 });
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toEqual([]);

  await deliverPush(context, page, JSON.stringify({ ...payload, tag: 'e2e-second' }));
  await expect.poll(async () => (await shownNotifications(page)).length, { timeout: 20_000 }).toBe(1);
  await dispatchNotificationEvent(context, baseURL ?? '', 'notificationclose', 'e2e-second');

  const notificationEvents = async () =>
    (await serverEvents(request, anonymousId))
      .filter((event) => event.event?.startsWith('Notification '))
      .map((event) => ({ event: event.event, properties: event.properties }))
      .sort((a, b) => `${a.event}${a.properties.action}`.localeCompare(`${b.event}${b.properties.action}`));
  await expect.poll(notificationEvents, { timeout: 40_000 }).toEqual([
    {
      event: 'Notification Clicked',
      properties: { campaignId, action: 'book', url: `${baseURL}/search?q=lisbon` },
    },
    { event: 'Notification Dismissed', properties: { campaignId } },
    { event: 'Notification Shown', properties: { campaignId } },
    { event: 'Notification Shown', properties: { campaignId } },
  ]);
});
