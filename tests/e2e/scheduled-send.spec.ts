// A scheduled segment campaign gets the audience of its send time: written
// and scheduled first, then a visitor joins the segment (a trait set in the
// browser) and subscribes; when the time comes the server computes the
// members over every stored event, so the visitor who joined meanwhile gets
// the notification, through web-push-testing into their service worker.
import { expect, test } from '@playwright/test';
import type { CampaignListItem, SendCampaignResponse } from '@/lib/contracts/campaign';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';
import { deliverPush, shownNotifications, useTestPushSubscriptions } from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const pushService = pushServiceForFile();

type Kairos = { identify(id: string, traits: object): void; subscribe(): Promise<{ endpoint: string }> };

test('a scheduled campaign reaches a visitor who joined its segment after it was scheduled', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  // The server checks for due campaigns every 30 s: up to a minute of waiting.
  test.setTimeout(150_000);
  const run = `${Date.now()}`;
  await loginAsAdmin(request);
  const segment = await request.post('/api/admin/segments', {
    data: {
      name: `Scheduled ${run}`,
      definition: { kind: 'trait', trait: 'sched_run', compare: { op: 'eq', value: run } },
    },
  });
  expect(segment.status()).toBe(201);
  const segmentId = ((await segment.json()) as { segment: { id: number } }).segment.id;
  const created = await request.post('/api/admin/campaigns', {
    data: {
      name: `Scheduled ${run}`,
      segmentId,
      controlShare: 0,
      scheduledAt: new Date(Date.now() + 10_000).toISOString(),
      message: { title: 'Your Lisbon trip', body: 'Seats left for Friday.', url: '/products/trip-lisbon-city-break' },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const campaignId = ((await created.json()) as { campaign: { id: number } }).campaign.id;
  const scheduled = await request.post(`/api/admin/campaigns/${campaignId}/send`, { data: { audience: 'segment' } });
  expect(((await scheduled.json()) as SendCampaignResponse).segment).toEqual({ scheduled: true });

  // Now the visitor joins: nobody was in the segment when the campaign was scheduled.
  await useTestPushSubscriptions(context, pushService());
  await context.grantPermissions(['notifications'], { origin: baseURL ?? '' });
  await page.goto('/');
  await waitForControl(page);
  await page.evaluate(
    (run) => (window as unknown as { kairos: Kairos }).kairos.identify(`sched-${run}`, { sched_run: run }),
    run,
  );
  const subscription = await page.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  const hash = subscription.endpoint.split('/').pop() ?? '';
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).some((e) => e.type === 'identify'))
    .toBe(true);

  // Injected failure this catches: the audience computed when the campaign was written (empty then).
  await expect.poll(async () => (await pushService().messages(hash)).length, { timeout: 100_000 }).toBe(1);
  const [payload] = await pushService().messages(hash);
  expect(JSON.parse(payload ?? '{}')).toMatchObject({
    notification: { title: 'Your Lisbon trip', data: { campaignId } },
  });
  await deliverPush(context, page, payload ?? '');
  await expect.poll(async () => (await shownNotifications(page)).map((n) => n.title)).toEqual(['Your Lisbon trip']);

  const campaign = async () =>
    ((await (await request.get('/api/admin/campaigns')).json()) as { campaigns: CampaignListItem[] }).campaigns.find(
      (c) => c.id === campaignId,
    );
  await expect.poll(campaign).toMatchObject({ status: 'sent', counts: { sent: 1 } });
});
