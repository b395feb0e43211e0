// A campaign in Firefox, the real Web Push way: the visitor subscribes with
// Firefox's own push client (its push server is the local autopush peer,
// tests/fixtures/autopush.ts), the Kairos server encrypts and signs the
// campaign and sends it to that endpoint, and Firefox decrypts it and fires the
// worker's `push` event. The injected duplicate: the push service hands the same
// message to the browser again (as when the server resent it after a crash). The
// copy arrives after the visitor closed the first notification, so a re-show
// could not hide behind the shared tag replacing it. A second test pushes a
// payload it writes itself, twice at once.
import type { APIRequestContext } from '@playwright/test';
import type { PushSubscriptionJson } from '@/lib/contracts/push';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushMessage } from '../fixtures/autopush';
import { deviceRows } from '../fixtures/device-store';
import { expect, type FirefoxPage, scriptable, test } from '../fixtures/firefox';
import { anonymousIdOf, closeNotifications, waitForControl } from '../fixtures/moments';
import { shownNotifications } from '../fixtures/push-service';

type Kairos = { subscribe(): Promise<PushSubscriptionJson> };

/** The demo store in Firefox, its worker in control, the visitor subscribed through Firefox's push client. */
async function subscribedVisitor(firefoxPage: FirefoxPage, baseURL: string) {
  const page = scriptable(firefoxPage);
  await firefoxPage.goto(`${baseURL}/`);
  await waitForControl(page);
  await expect.poll(() => deviceRows(page, 'profile'), { timeout: 30_000 }).toBe(1);
  const subscription = await firefoxPage.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  return { page, subscription, anonymousId: await anonymousIdOf(page) };
}

/** The campaign ids of the visitor's `Notification Shown` events on the server, smallest first. */
const shownOnServer = async (request: APIRequestContext, anonymousId: string) =>
  (await serverEvents(request, anonymousId))
    .filter((event) => event.event === 'Notification Shown')
    .map((event) => Number(event.properties.campaignId))
    .sort((a, b) => a - b);

/**
 * Once the last delivery's `Notification Shown` is on the server, so is every one recorded before it
 * (the device sends its outbox in order): then each campaign's count is final.
 */
async function shownCountsOnServer(request: APIRequestContext, anonymousId: string, lastCampaignId: number) {
  await expect.poll(() => shownOnServer(request, anonymousId), { timeout: 40_000 }).toContain(lastCampaignId);
  return shownOnServer(request, anonymousId);
}

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
  const { page, subscription, anonymousId } = await subscribedVisitor(firefoxPage, baseURL ?? '');
  expect(new URL(subscription.endpoint).origin).toBe(new URL(autopush.serverURL.replace('ws:', 'http:')).origin);
  const notifications = async () =>
    (await shownNotifications(page)).map((n) => ({ title: n.title, tag: n.tag, data: n.data }));

  // The peer serves every test of the run: this visitor's messages are those on its channel.
  const channel = new URL(subscription.endpoint).pathname.split('/').at(-1);
  const messagesOfVisitor = () => autopush.received.filter((request) => request.channelID === channel);
  const porto = await sendCampaign(request, anonymousId, 'Porto for €149', 'ff-porto');
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ title: 'Porto for €149', tag: 'ff-porto', data: expect.objectContaining({ campaignId: porto }) }]);
  // What reached the push service was a real Web Push message: encrypted for the subscription, VAPID-signed.
  const [message, ...more] = messagesOfVisitor();
  expect(more).toEqual([]);
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
  expect(await shownCountsOnServer(request, anonymousId, lisbon)).toEqual([porto, lisbon]);
});

// Today's payload (lib/contracts/push.ts, pushPayloadSchema), written by the test and pushed twice at
// once: the two push events overlap in the worker, and the delivery id still shows once.
const delivery = (deliveryId: number, campaignId: number, tag: string) =>
  JSON.stringify({
    kind: 'notification',
    title: 'Porto for €149',
    body: 'Two nights by the river.',
    url: '/products/trip-porto',
    tag,
    campaignId,
    deliveryId,
  });

test('the same delivery pushed twice at once shows one notification and records one Shown; another id shows', async ({
  firefoxPage,
  request,
  baseURL,
}) => {
  await loginAsAdmin(request);
  const { page, subscription, anonymousId } = await subscribedVisitor(firefoxPage, baseURL ?? '');
  const notifications = async () => (await shownNotifications(page)).map((n) => ({ tag: n.tag, data: n.data }));

  await Promise.all([
    pushMessage(subscription, delivery(41, 900_301, 'ff-twice')),
    pushMessage(subscription, delivery(41, 900_301, 'ff-twice')),
  ]);
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ tag: 'ff-twice', data: expect.objectContaining({ deliveryId: 41 }) }]);
  await closeNotifications(page);
  // Another delivery after them (own tag): once it shows, both copies have been decided.
  await pushMessage(subscription, delivery(42, 900_302, 'ff-twice-next'));
  await expect
    .poll(notifications, { timeout: 20_000 })
    .toEqual([{ tag: 'ff-twice-next', data: expect.objectContaining({ deliveryId: 42 }) }]);
  expect(await shownCountsOnServer(request, anonymousId, 900_302)).toEqual([900_301, 900_302]);
});
