// Exactly once for the visitor: after a crash the server may send a
// campaign delivery twice (docs/campaigns-and-push.md, "Delivery semantics"). In the real service
// worker, the same payload with the same delivery id delivered twice
// (CDP ServiceWorker.deliverPushMessage — the injected duplicate) shows one
// notification and records one `Notification Shown`; another delivery id
// shows. The duplicate is also sent after the first notification was closed,
// so a re-show could not hide behind the shared tag replacing it.
import { expect, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { deliverPush, shownNotifications } from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const campaignId = 900_201;
const delivery = (deliveryId: number, tag = 'e2e-dedupe') =>
  JSON.stringify({
    kind: 'notification',
    title: 'Porto for €149',
    body: 'Two nights by the river.',
    url: '/products/trip-porto',
    tag,
    campaignId,
    deliveryId,
  });

test('the same delivery id delivered twice shows one notification and records one Shown; another id shows', async ({
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
  const notifications = async () => (await shownNotifications(page)).map((n) => ({ tag: n.tag, data: n.data }));

  // Two copies back to back: their push events overlap in the worker.
  await deliverPush(context, page, delivery(31));
  await deliverPush(context, page, delivery(31));
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ tag: 'e2e-dedupe', data: expect.objectContaining({ campaignId, deliveryId: 31 }) }]);

  // The visitor closes it; a third copy arrives later (the server resent it after its restart).
  const worker = context.serviceWorkers().find((candidate) => candidate.url().startsWith(baseURL ?? ''));
  if (!worker) throw new Error('no service worker');
  await worker.evaluate(async () => {
    const registration = (self as unknown as { registration: ServiceWorkerRegistration }).registration;
    for (const shown of await registration.getNotifications()) shown.close();
  });
  await expect.poll(notifications, { timeout: 20_000 }).toEqual([]);
  await deliverPush(context, page, delivery(31));
  // Another delivery (own tag) after it: once it shows, the copy before it has been decided
  // (both pass through the same IndexedDB store in order), and it must not be there.
  await deliverPush(context, page, delivery(32, 'e2e-dedupe-next'));
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ tag: 'e2e-dedupe-next', data: expect.objectContaining({ deliveryId: 32 }) }]);

  // One Notification Shown per delivery reaches the server: two, not four.
  const shownEvents = async () =>
    (await serverEvents(request, anonymousId)).filter((event) => event.event === 'Notification Shown').length;
  await expect.poll(shownEvents, { timeout: 40_000 }).toBe(2);
  expect(
    await page.evaluate(async () => {
      const registration = await navigator.serviceWorker.ready;
      return (await registration.getNotifications()).length;
    }),
  ).toBe(1);
  expect(await shownEvents()).toBe(2);
});
