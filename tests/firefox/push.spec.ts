// A campaign in Firefox, the real Web Push way: the visitor subscribes with
// Firefox's own push client (its push server is the local autopush peer,
// tests/fixtures/autopush.ts), the Kairos server encrypts and signs the
// campaign and sends it to that endpoint, and Firefox decrypts it and fires the
// worker's `push` event. The injected duplicate: the push service hands the same
// message to the browser again (as when the server resent it after a crash). The
// copy arrives after the visitor closed the first notification, so a re-show
// could not hide behind the shared tag replacing it.
import type { APIRequestContext } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { expect, scriptable, test } from '../fixtures/firefox';
import { anonymousIdOf, closeNotifications, waitForControl } from '../fixtures/moments';
import { shownNotifications } from '../fixtures/push-service';

type Kairos = { subscribe(): Promise<{ endpoint: string }> };

/** A one-visitor campaign through the admin API, sent; resolves once the server's outbox sent it. */
async function sendCampaign(request: APIRequestContext, anonymousId: string, title: string, tag: string) {
  const created = await request.post('/api/admin/campaigns', {
    data: {
      name: `Firefox ${title}`,
      message: { title, body: 'Two nights by the river.', url: '/products/trip-porto', tag },
      // One visitor: a control share would hold them out of some runs.
      controlShare: 0,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { campaign } = (await created.json()) as { campaign: { id: number } };
  const sent = await request.post(`/api/admin/campaigns/${campaign.id}/send`, {
    data: { anonymousIds: [anonymousId] },
  });
  expect(await sent.json()).toMatchObject({ queued: 1, subscribedVisitors: 1 });
  await expect
    .poll(async () => (await (await request.get(`/api/admin/campaigns/${campaign.id}`)).json()).campaign.counts.sent, {
      timeout: 30_000,
    })
    .toBe(1);
  return campaign.id;
}

test('a campaign pushed to Firefox shows once; the same delivery again shows nothing; the next one shows', async ({
  firefoxPage,
  autopush,
  request,
  baseURL,
}) => {
  await loginAsAdmin(request);
  const page = scriptable(firefoxPage);
  await firefoxPage.goto(`${baseURL}/`);
  await waitForControl(page);
  await expect.poll(() => deviceRows(page, 'profile'), { timeout: 30_000 }).toBe(1);
  const anonymousId = await anonymousIdOf(page);
  const subscription = await firefoxPage.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  expect(new URL(subscription.endpoint).origin).toBe(new URL(autopush.serverURL.replace('ws:', 'http:')).origin);
  const notifications = async () =>
    (await shownNotifications(page)).map((n) => ({ title: n.title, tag: n.tag, data: n.data }));

  const porto = await sendCampaign(request, anonymousId, 'Porto for €149', 'ff-porto');
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ title: 'Porto for €149', tag: 'ff-porto', data: expect.objectContaining({ campaignId: porto }) }]);
  // What reached the push service was a real Web Push message: encrypted for the subscription, VAPID-signed.
  const [message] = autopush.received;
  expect(message?.headers.encoding).toBe('aes128gcm');
  expect(message?.headers.authorization).toMatch(/^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
  const [first] = await shownNotifications(page);
  expect((first?.data as { deliveryId?: number }).deliveryId).toBeGreaterThan(0);

  // The visitor closes it; the same message arrives again, and Firefox hands it to the worker (code 100).
  await closeNotifications(page);
  const copy = await autopush.redeliver(message!);
  expect(autopush.acks.get(copy)).toBe(100);

  // Another campaign after it: once it shows, the copy before it has been decided, and it must not be there.
  const lisbon = await sendCampaign(request, anonymousId, 'Lisbon for €199', 'ff-lisbon');
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ title: 'Lisbon for €199', tag: 'ff-lisbon', data: expect.objectContaining({ campaignId: lisbon }) }]);

  // One Notification Shown per delivery reaches the server: two, not three.
  const shownEvents = async () =>
    (await serverEvents(request, anonymousId)).filter((event) => event.event === 'Notification Shown').length;
  await expect.poll(shownEvents, { timeout: 40_000 }).toBe(2);
});
