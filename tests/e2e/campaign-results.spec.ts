// A campaign with two variants and a control in real Chromium: three
// subscribed visitors, one per arm (their ids chosen by the arm hash, set
// before the tracker runs); sent through web-push-testing, each variant's
// payload carries its own words and variant, the control gets nothing;
// delivered into the visitors' service workers, the Shown and Clicked events
// reach the server with the variant; the console's results view shows the
// arms, the significance text and a CSV.
//
// The shown, clicked and converted counts come from the event lake, which the
// server engine reads; they are asserted over lake files in
// tests/unit/campaign-results.test.ts. Here the deliveries and the control,
// which come from the database, are.
import { readFileSync } from 'node:fs';
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { campaignArm } from '@/lib/results/arm-assignment';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';
import { seriousViolations } from '../fixtures/axe';
import {
  deliverPush,
  dispatchNotificationEvent,
  shownNotifications,
  useTestPushSubscriptions,
} from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const pushService = pushServiceForFile();

type Kairos = { subscribe(): Promise<{ endpoint: string }> };

interface Visitor {
  id: string;
  context: BrowserContext;
  page: Page;
  hash: string;
}

test('variants and a control: each arm gets its own message or nothing, and the results view shows the arms', async ({
  browser,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = baseURL ?? '';
  const run = `${Date.now()}`;
  await loginAsAdmin(request);
  const name = `Variants ${run}`;
  const created = await request.post('/api/admin/campaigns', {
    data: {
      name,
      message: { title: 'A: Lisbon awaits', body: 'Three nights.', url: '/products/trip-lisbon-city-break' },
      variants: [{ title: 'B: Last seats to Lisbon', body: 'Ends tonight.', url: '/products/trip-lisbon-city-break' }],
      controlShare: 0.34,
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const campaignId = ((await created.json()) as { campaign: { id: number } }).campaign.id;

  // One visitor per arm, by the same hash the server uses.
  const wanted = new Map<string, string>();
  for (let i = 0; wanted.size < 3; i += 1) {
    const id = `results-${run}-${i}`;
    const arm = campaignArm(campaignId, id, { controlShare: 0.34, variants: 2 });
    const key = arm.control ? 'control' : `variant-${arm.variant}`;
    if (!wanted.has(key)) wanted.set(key, id);
  }
  const visitors = new Map<string, Visitor>();
  for (const [key, id] of wanted) {
    const context = await browser.newContext({ baseURL: origin });
    await useTestPushSubscriptions(context, pushService());
    await context.grantPermissions(['notifications'], { origin });
    await context.addInitScript((id) => {
      if (!localStorage.getItem('kairos.aid')) localStorage.setItem('kairos.aid', id);
    }, id);
    const visitorPage = await context.newPage();
    await visitorPage.goto('/');
    await waitForControl(visitorPage);
    const subscription = await visitorPage.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
    expect(await visitorPage.evaluate(() => localStorage.getItem('kairos.aid'))).toBe(id);
    visitors.set(key, { id, context, page: visitorPage, hash: subscription.endpoint.split('/').pop() ?? '' });
  }
  const a = visitors.get('variant-0')!;
  const b = visitors.get('variant-1')!;
  const held = visitors.get('control')!;
  try {
    const sent = await request.post(`/api/admin/campaigns/${campaignId}/send`, {
      data: { anonymousIds: [a.id, b.id, held.id] },
    });
    expect(sent.status(), await sent.text()).toBe(200);
    expect(await sent.json()).toMatchObject({ queued: 2, subscribedVisitors: 3, control: 1 });

    // Injected failures: the control sent to; a variant's words or index lost on the way.
    await expect.poll(async () => (await pushService().messages(a.hash)).length, { timeout: 30_000 }).toBe(1);
    await expect.poll(async () => (await pushService().messages(b.hash)).length, { timeout: 30_000 }).toBe(1);
    expect(await pushService().messages(held.hash)).toEqual([]);
    const [forA] = await pushService().messages(a.hash);
    const [forB] = await pushService().messages(b.hash);
    expect(JSON.parse(forA ?? '{}')).toMatchObject({
      notification: { title: 'A: Lisbon awaits', data: { campaignId, variant: 0 } },
    });
    expect(JSON.parse(forB ?? '{}')).toMatchObject({
      notification: { title: 'B: Last seats to Lisbon', data: { campaignId, variant: 1 } },
    });

    // Into the service workers: both show; A's is clicked. The events carry the variant.
    for (const [visitor, delivered] of [
      [a, forA],
      [b, forB],
    ] as const) {
      await deliverPush(visitor.context, visitor.page, delivered ?? '');
      await expect.poll(async () => (await shownNotifications(visitor.page)).length, { timeout: 20_000 }).toBe(1);
    }
    await dispatchNotificationEvent(a.context, origin, 'notificationclick', `kairos-campaign-${campaignId}`);
    const notificationEvents = async (visitor: Visitor) =>
      (await serverEvents(request, visitor.id))
        .filter((e) => e.event?.startsWith('Notification '))
        .map((e) => [e.event, e.properties.campaignId, e.properties.variant])
        .sort();
    await expect
      .poll(() => notificationEvents(a), { timeout: 20_000 })
      .toEqual([
        ['Notification Clicked', campaignId, 0],
        ['Notification Shown', campaignId, 0],
      ]);
    await expect
      .poll(() => notificationEvents(b), { timeout: 20_000 })
      .toEqual([['Notification Shown', campaignId, 1]]);

    // The marketer opens the campaign: the results view has a row per arm, the text, and a CSV.
    await loginAsAdmin(page.context().request);
    await page.goto('/console/campaigns');
    const row = page.getByRole('row', { name: new RegExp(name) });
    await expect(row).toContainText('sent', { timeout: 30_000 });
    await row.getByRole('button', { name: `Open ${name}` }).click();
    const details = page.getByTestId('campaign-details');
    await expect(details.getByTestId('details-variant-B')).toContainText('B: Last seats to Lisbon');
    await expect(details.getByTestId('details-control')).toHaveText('34% held out');
    const results = details.getByTestId('campaign-results');
    const cells = (arm: string) => results.getByTestId(`results-arm-${arm}`).getByRole('cell');
    await expect(cells('A').nth(0)).toHaveText('1', { timeout: 60_000 }); // visitors
    await expect(cells('A').nth(1)).toHaveText('1'); // sent
    await expect(cells('B').nth(1)).toHaveText('1');
    await expect(cells('control').nth(0)).toHaveText('1');
    await expect(cells('control').nth(1)).toHaveText('0');
    await expect(results.getByRole('rowheader', { name: 'Control' })).toBeVisible();
    await expect(results.getByTestId('results-summary')).toContainText('significant');
    await expect(results.getByTestId('results-chart').locator('svg')).toBeVisible();
    // Injected failure (seen): the dots drawn 100 times too far right, off the chart.
    const chart = results.getByTestId('results-chart').locator('svg').first();
    const width = Number(await chart.getAttribute('width'));
    const dots = await chart
      .locator('circle')
      .evaluateAll((circles) => circles.map((c) => Number(c.getAttribute('cx'))));
    expect(dots).toHaveLength(3);
    expect(dots.every((x) => x >= 0 && x <= width)).toBe(true);
    // The breakdowns: today's shown and clicked per arm, and nobody had bought before the send.
    const today = new Date().toISOString().slice(0, 10);
    const dayRow = (arm: string) => results.getByTestId('breakdown-days').getByRole('row', { name: `${today} ${arm}` });
    await expect(dayRow('Variant A').getByRole('cell').nth(1)).toHaveText('1'); // shown
    await expect(dayRow('Variant A').getByRole('cell').nth(2)).toHaveText('1'); // clicked
    await expect(dayRow('Variant B').getByRole('cell').nth(2)).toHaveText('0');
    await expect(results.getByTestId('breakdown-rfm')).toContainText('No purchase yet');
    await expect(results.getByTestId('results-days-chart').locator('svg[aria-label]')).toBeVisible();
    expect(await seriousViolations(page)).toEqual([]);

    // Another goal and window: the server computes again with them, and the page says which it used.
    const goal = results.getByRole('form', { name: 'Conversion goal' });
    await goal.getByLabel('Goal event').fill('Product Viewed');
    await goal.getByLabel('Days after a click').fill('3');
    await goal.getByRole('button', { name: 'Apply' }).click();
    await expect(results).toContainText('Goal: Product Viewed within 3 days of a click.', { timeout: 30_000 });

    const download = page.waitForEvent('download');
    await results.getByRole('button', { name: 'Download CSV' }).click();
    const file = await (await download).path();
    const lines = readFileSync(file, 'utf8').trimEnd().split('\r\n');
    expect(lines[0]?.startsWith('arm,visitors,sent,shown,clicked')).toBe(true);
    expect(lines.slice(1).map((line) => line.split(',').slice(0, 3).join(','))).toEqual([
      'A,1,1',
      'B,1,1',
      'control,1,0',
    ]);
    const breakdownDownload = page.waitForEvent('download');
    await results.getByRole('button', { name: 'Download breakdowns CSV' }).click();
    const breakdownLines = readFileSync(await (await breakdownDownload).path(), 'utf8')
      .trimEnd()
      .split('\r\n');
    expect(breakdownLines[0]?.startsWith('breakdown,bucket,arm,visitors')).toBe(true);
    expect(breakdownLines.filter((line) => line.startsWith('rfm_segment,No purchase yet,'))).toHaveLength(3);
  } finally {
    for (const visitor of visitors.values()) await visitor.context.close();
  }
});

test('the composer saves variants and a control share, and shows them again', async ({ page }) => {
  await loginAsAdmin(page.request);
  await page.goto('/console/campaigns');
  await expect(page.getByLabel('Segment')).toBeEnabled();
  const name = `Arms draft ${Date.now()}`;
  await page.getByLabel('Campaign name').fill(name);
  await page.getByLabel('Title', { exact: true }).fill('Spring sale');
  // A new variant starts from A's words.
  await page.getByRole('button', { name: 'Add variant B' }).click();
  await expect(page.getByLabel('Variant B title')).toHaveValue('Spring sale');
  await page.getByLabel('Variant B title').fill('Spring sale: 20% off');
  await expect(page.getByLabel('Control group (% of the audience)')).toHaveValue('10');
  await page.getByLabel('Control group (% of the audience)').fill('20');
  expect(await seriousViolations(page)).toEqual([]);
  // Injected failure: a blank variant title saved as an empty notification.
  await page.getByLabel('Variant B title').fill(' ');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('composer-status')).toHaveText('Variant B needs a title.');
  await page.getByLabel('Variant B title').fill('Spring sale: 20% off');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('composer-status')).toContainText(/^Saved as draft #\d+/);

  await page.getByRole('button', { name: 'Start a new one' }).click();
  await page
    .getByRole('row', { name: new RegExp(name) })
    .getByRole('button', { name: `Open ${name}` })
    .click();
  const details = page.getByTestId('campaign-details');
  await expect(details.getByTestId('details-variant-B')).toHaveText('Spring sale: 20% off');
  await expect(details.getByTestId('details-control')).toHaveText('20% held out');
  // A draft has no results yet, so none are shown.
  await expect(details.getByTestId('campaign-results')).toHaveCount(0);
  await details.getByRole('button', { name: 'Edit in the composer' }).click();
  await expect(page.getByLabel('Variant B title')).toHaveValue('Spring sale: 20% off');
  await expect(page.getByLabel('Control group (% of the audience)')).toHaveValue('20');
});

// The global holdout from the console. Ended in `finally`: while it runs, it would hold visitors of
// the other specs out of their campaigns.
test('the global holdout starts, shows its results, and ends from the Campaigns page', async ({ page }) => {
  test.setTimeout(120_000);
  await loginAsAdmin(page.request);
  await page.goto('/console/campaigns');
  const panel = page.getByTestId('global-holdout');
  await expect(panel.getByTestId('holdout-state')).toContainText(/No global holdout yet|The last holdout/);
  try {
    const form = panel.getByRole('form', { name: 'Global holdout settings' });
    // Injected failure: a share over the limit saved (the route refuses it, and nothing starts).
    const refused = await page.request.put('/api/admin/holdout', { data: { share: 0.9, days: 14 } });
    expect(refused.status()).toBe(400);
    const after = (await (await page.request.get('/api/admin/holdout')).json()) as {
      holdout: { share: number } | null;
    };
    expect(after.holdout?.share).not.toBe(0.9);
    await form.getByLabel('Held out (% of visitors)').fill('5');
    await form.getByLabel('For (days; empty: until ended)').fill('14');
    await form.getByRole('button', { name: 'Start holdout' }).click();
    await expect(panel.getByTestId('holdout-status')).toHaveText('Holdout started.');
    await expect(panel.getByTestId('holdout-state')).toContainText('5% of visitors are held out of every campaign');
    // Its results, computed on the server over the stored events: both groups, and the sentence.
    const table = panel.getByTestId('holdout-results');
    await expect(table.getByRole('rowheader', { name: 'Held out' })).toBeVisible({ timeout: 60_000 });
    await expect(table.getByRole('rowheader', { name: 'Reachable' })).toBeVisible();
    await expect(panel.getByTestId('holdout-summary')).not.toBeEmpty();
    expect(await seriousViolations(page)).toEqual([]);

    await panel.getByRole('button', { name: 'End holdout' }).click();
    await expect(panel.getByTestId('holdout-status')).toHaveText('Holdout ended.');
    await expect(panel.getByTestId('holdout-state')).toContainText('The last holdout (5% of visitors) ran from');
    await expect(panel.getByRole('button', { name: 'Start holdout' })).toBeVisible();
  } finally {
    await page.request.delete('/api/admin/holdout');
  }
});
