// The Web Push server routes against the built app: a subscription from
// web-push-testing (it checks the VAPID signature and decrypts, standing in
// for a browser's push service) registered through the real subscribe route,
// a campaign created, test-sent and sent through the admin API and delivered by
// the server's own outbox worker; an expired subscription answers 410 and is
// removed; what the routes refuse comes back as one clear error.
import { expect, test } from '@playwright/test';
import { loginAsAdmin } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';

const pushService = pushServiceForFile();

interface CampaignItem {
  id: number;
  status: string;
  counts: { queued: number; sent: number; failed: number; expired: number };
}

test('subscribe, send a campaign, and the push service decrypts what the server sent', async ({ request }) => {
  const { publicKey } = await (await request.get('/api/push/vapid-public-key')).json();
  expect(publicKey).toMatch(/^[A-Za-z0-9_-]{86,88}$/);

  const anonymousId = `push-e2e-${Date.now()}`;
  const subscription = await pushService().subscribe(publicKey);
  const { clientHash, ...browserSubscription } = subscription;
  const subscribed = await request.post('/api/push/subscribe', {
    headers: { 'Content-Type': 'text/plain' }, // as the tracker sends it: no CORS preflight
    data: JSON.stringify({ subscription: browserSubscription, anonymousId }),
  });
  expect(subscribed.status(), await subscribed.text()).toBe(201);
  expect(subscribed.headers()['access-control-allow-origin']).toBe('*');

  await loginAsAdmin(request);
  const created = await request.post('/api/admin/campaigns', {
    data: {
      name: 'Lisbon deals',
      message: { title: 'Hi {{first_name|there}}', body: 'Flights to Lisbon from €19', url: '/deals' },
      ttlSeconds: 3_600,
      urgency: 'high',
      topic: 'lisbon',
      // One visitor: a control share would hold them out of some runs.
      controlShare: 0,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { campaign } = (await created.json()) as { campaign: CampaignItem };
  expect(campaign).toMatchObject({ status: 'draft', counts: { queued: 0, sent: 0, failed: 0, expired: 0 } });

  const tested = await request.post(`/api/admin/campaigns/${campaign.id}/test`, { data: { anonymousId } });
  expect(await tested.json()).toMatchObject({ results: [{ outcome: 'sent', statusCode: 201 }] });

  const sent = await request.post(`/api/admin/campaigns/${campaign.id}/send`, {
    data: { anonymousIds: [anonymousId] },
  });
  expect(await sent.json()).toMatchObject({ queued: 1, subscribedVisitors: 1 });
  await expect
    .poll(
      async () => (await (await request.get(`/api/admin/campaigns/${campaign.id}`)).json()).campaign as CampaignItem,
    )
    .toMatchObject({ status: 'sent', counts: { queued: 0, sent: 1, failed: 0, expired: 0 } });

  const messages = (await pushService().messages(clientHash)).map((text) => JSON.parse(text));
  expect(messages).toHaveLength(2); // the test send and the campaign
  for (const message of messages) {
    expect(message).toMatchObject({
      web_push: 8030,
      notification: {
        title: 'Hi there',
        body: 'Flights to Lisbon from €19',
        navigate: '/deals',
        data: { campaignId: campaign.id },
      },
    });
  }
  const listed = (await (await request.get('/api/admin/campaigns')).json()).campaigns as CampaignItem[];
  expect(listed.find((item) => item.id === campaign.id)?.status).toBe('sent');
});

test('a test send of an unsaved message reaches the push service, names no campaign and stores none', async ({
  request,
}) => {
  const { publicKey } = await (await request.get('/api/push/vapid-public-key')).json();
  const anonymousId = `push-e2e-unsaved-${Date.now()}`;
  const { clientHash, ...browserSubscription } = await pushService().subscribe(publicKey);
  const subscribed = await request.post('/api/push/subscribe', {
    data: { subscription: browserSubscription, anonymousId },
  });
  expect(subscribed.status(), await subscribed.text()).toBe(201);
  await loginAsAdmin(request);
  const before = ((await (await request.get('/api/admin/campaigns')).json()).campaigns as CampaignItem[]).length;

  const tested = await request.post('/api/admin/campaigns/test', {
    data: { anonymousId, message: { title: 'Draft {{first_name|there}}', body: 'Unsaved' }, urgency: 'high' },
  });
  expect(tested.status(), await tested.text()).toBe(200);
  expect(await tested.json()).toMatchObject({ results: [{ outcome: 'sent', statusCode: 201 }] });
  const [message] = (await pushService().messages(clientHash)).map((text) => JSON.parse(text));
  expect(message).toMatchObject({
    web_push: 8030,
    notification: { title: 'Draft there', body: 'Unsaved', tag: 'kairos-test' },
  });
  // Injected failure: the test went through a saved campaign (a new row, and its id in the payload).
  expect(message.notification.data.campaignId).toBeUndefined();
  expect(((await (await request.get('/api/admin/campaigns')).json()).campaigns as CampaignItem[]).length).toBe(before);

  // Bad input: one clear error each.
  const noTitle = await request.post('/api/admin/campaigns/test', { data: { anonymousId, message: { body: 'x' } } });
  expect(noTitle.status()).toBe(400);
  expect((await noTitle.json()).error.message).toMatch(/^message\.title/);
  const nobody = await request.post('/api/admin/campaigns/test', {
    data: { anonymousId: 'nobody-subscribed', message: { title: 'x' } },
  });
  expect(nobody.status()).toBe(404);
  expect((await nobody.json()).error.code).toBe('no_subscription');
});

test('a subscription the push service expired gets 410 and is removed', async ({ request }) => {
  const { publicKey } = await (await request.get('/api/push/vapid-public-key')).json();
  const anonymousId = `push-e2e-expired-${Date.now()}`;
  const { clientHash, ...browserSubscription } = await pushService().subscribe(publicKey);
  await request.post('/api/push/subscribe', { data: { subscription: browserSubscription, anonymousId } });
  await pushService().expire(clientHash);

  await loginAsAdmin(request);
  const { campaign } = await (
    await request.post('/api/admin/campaigns', {
      data: { name: 'To the expired', message: { title: 'Hello' }, controlShare: 0 },
    })
  ).json();
  await request.post(`/api/admin/campaigns/${campaign.id}/send`, { data: { anonymousIds: [anonymousId] } });
  await expect
    .poll(async () => (await (await request.get(`/api/admin/campaigns/${campaign.id}`)).json()).campaign)
    .toMatchObject({ status: 'sent', counts: { expired: 1, sent: 0 } });
  // The subscription is gone: a test send finds none.
  const again = await request.post(`/api/admin/campaigns/${campaign.id}/test`, { data: { anonymousId } });
  expect(again.status()).toBe(404);
  expect((await again.json()).error.code).toBe('no_subscription');
});

test('the routes refuse bad input with one clear error', async ({ request }) => {
  const badKeys = await request.post('/api/push/subscribe', {
    data: {
      subscription: { endpoint: 'https://push.example/x', keys: { p256dh: 'short', auth: 'x' } },
      anonymousId: 'a',
    },
  });
  expect(badKeys.status()).toBe(400);
  expect((await badKeys.json()).error.message).toMatch(/p256dh/);

  expect((await request.get('/api/admin/campaigns')).status()).toBe(401);
  // The unsaved-message test send pushes to subscriptions: it needs a session too.
  expect(
    (await request.post('/api/admin/campaigns/test', { data: { anonymousId: 'a', message: { title: 'x' } } })).status(),
  ).toBe(401);
  await loginAsAdmin(request);
  const huge = await request.post('/api/admin/campaigns', {
    data: {
      name: 'Too big',
      message: {
        title: 'Big',
        body: 'b',
        url: `https://shop.example/${'x'.repeat(2_000)}`,
        image: `https://shop.example/${'y'.repeat(2_000)}`,
      },
    },
  });
  expect(huge.status()).toBe(413);
  expect((await huge.json()).error).toMatchObject({
    code: 'payload_too_large',
    message: expect.stringMatching(/at most 3993/),
  });
  const badTopic = await request.post('/api/admin/campaigns', {
    data: { name: 'Topic', message: { title: 'x' }, topic: 'not a valid topic!' },
  });
  expect(badTopic.status()).toBe(400);
  expect((await request.post('/api/admin/campaigns/999999/send', { data: { anonymousIds: [] } })).status()).toBe(404);
});

// Injected failure: a send whose visitors have no subscription marked the campaign sent,
// so it could never be edited or sent again. Nothing was sent: it stays an editable draft.
test('a send to visitors without a subscription leaves the campaign an editable draft', async ({ request }) => {
  await loginAsAdmin(request);
  const created = await request.post('/api/admin/campaigns', {
    data: { name: `Nobody subscribed ${Date.now()}`, message: { title: 'Hello' } },
  });
  const { campaign } = (await created.json()) as { campaign: CampaignItem };
  const sent = await request.post(`/api/admin/campaigns/${campaign.id}/send`, {
    data: { anonymousIds: [`never-subscribed-${Date.now()}`] },
  });
  expect(await sent.json()).toMatchObject({ queued: 0, subscribedVisitors: 0 });
  const after = (await (await request.get(`/api/admin/campaigns/${campaign.id}`)).json()).campaign as CampaignItem;
  expect(after.status).toBe('draft');
  const edited = await request.patch(`/api/admin/campaigns/${campaign.id}`, {
    data: { name: 'Renamed', message: { title: 'Hello again' } },
  });
  expect(edited.status(), await edited.text()).toBe(200);
});
