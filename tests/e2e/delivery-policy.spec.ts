// The delivery policy in the console, in real Chromium: the marketer sets a
// cap of one message a day in the Campaigns page's policy panel, sends a
// campaign to a subscribed visitor (delivered through web-push-testing), then
// a second one: the sender skips the visitor, and the campaign list and the
// campaign's details say why ("1 capped"). The composer's time mode is saved
// with the campaign and shown in its details.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { defaultDeliveryPolicy } from '@/lib/contracts/delivery-policy';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';
import { useTestPushSubscriptions } from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const pushService = pushServiceForFile();

type Kairos = { identify(id: string, traits: object): void; subscribe(): Promise<{ endpoint: string }> };

async function sendCampaign(consolePage: Page, name: string, segment: string) {
  await consolePage.getByLabel('Campaign name').fill(name);
  await consolePage.getByLabel('Title').fill(`${name}: new arrivals`);
  await consolePage.getByLabel('Segment').selectOption({ label: segment });
  await consolePage.getByLabel('Control group (% of the audience)').fill('0');
  await consolePage.getByRole('button', { name: 'Send to the segment' }).click();
  await expect(consolePage.getByTestId('composer-status')).toContainText('Queued 1 notifications', {
    timeout: 60_000,
  });
}

test('a visitor over the daily cap is skipped, and the campaign list says why', async ({
  page,
  context,
  browser,
  request,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const origin = baseURL ?? '';
  const run = `${Date.now()}`;
  await loginAsAdmin(request);

  await useTestPushSubscriptions(context, pushService());
  await context.grantPermissions(['notifications'], { origin });
  await page.goto('/');
  await waitForControl(page);
  await page.evaluate(
    (run) => (window as unknown as { kairos: Kairos }).kairos.identify(`capped-${run}`, { policy_run: run }),
    run,
  );
  const subscription = await page.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  const visitorHash = subscription.endpoint.split('/').pop() ?? '';
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).some((e) => e.type === 'identify'))
    .toBe(true);
  const segmentName = `Policy e2e ${run}`;
  const segment = await request.post('/api/admin/segments', {
    data: { name: segmentName, definition: { kind: 'trait', trait: 'policy_run', compare: { op: 'eq', value: run } } },
  });
  expect(segment.status()).toBe(201);

  const marketer: BrowserContext = await browser.newContext({ baseURL: origin });
  try {
    await loginAsAdmin(marketer.request);
    const consolePage = await marketer.newPage();
    await consolePage.goto('/console/campaigns');

    // The policy panel: one message a visitor a day, across every channel.
    const panel = consolePage.getByTestId('delivery-policy');
    await expect(panel.getByTestId('guard-held')).toContainText('The engagement guard holds back');
    await panel.getByLabel('Messages a visitor gets a day').fill('1');
    await panel.getByRole('button', { name: 'Save delivery policy' }).click();
    await expect(panel.getByTestId('policy-status')).toHaveText(
      'Delivery policy saved; devices get the caps with their next config.',
    );
    // Injected failure this guards: a policy that is saved but not what the server reads back.
    const saved = (await (await marketer.request.get('/api/admin/delivery-policy')).json()) as {
      policy: { caps: { perDay: number | null } };
    };
    expect(saved.policy.caps.perDay).toBe(1);

    // The first campaign reaches the visitor.
    await sendCampaign(consolePage, `First ${run}`, segmentName);
    const first = consolePage.getByRole('row', { name: new RegExp(`First ${run}`) });
    await expect(first.getByRole('cell').nth(2)).toHaveText('1', { timeout: 30_000 }); // sent
    await expect.poll(async () => (await pushService().messages(visitorHash)).length, { timeout: 30_000 }).toBe(1);

    // The second, at each visitor's 10:00 would wait for the morning: this one goes at once and is capped.
    await consolePage.getByRole('button', { name: 'Start a new one' }).click();
    await sendCampaign(consolePage, `Second ${run}`, segmentName);
    const second = consolePage.getByRole('row', { name: new RegExp(`Second ${run}`) });
    await expect(second.getByRole('cell').nth(5)).toHaveText('1', { timeout: 30_000 }); // skipped
    await expect(second.getByTestId(/campaign-\d+-skips/)).toHaveText('1 capped');
    await expect(second.getByRole('cell').nth(2)).toHaveText('0'); // sent
    expect(await pushService().messages(visitorHash)).toHaveLength(1);
    await second.getByRole('button', { name: `Open Second ${run}` }).click();
    const details = consolePage.getByTestId('campaign-details');
    await expect(details.getByTestId('details-skips-capped')).toHaveText('1');
    await expect(details.getByTestId('details-time-mode')).toHaveText('as sent');

    // The composer's time mode is saved with a draft and read back in its details.
    await consolePage.getByRole('button', { name: 'Start a new one' }).click();
    await consolePage.getByLabel('Campaign name').fill(`Morning ${run}`);
    await consolePage.getByLabel('Title').fill('Good morning');
    await consolePage.getByRole('radio', { name: 'At a local time' }).check();
    await consolePage.getByLabel('Local time in each visitor’s zone').fill('09:30');
    await consolePage.getByRole('checkbox', { name: /Important/ }).check();
    await consolePage.getByRole('button', { name: 'Save draft' }).click();
    const morning = consolePage.getByRole('row', { name: new RegExp(`Morning ${run}`) });
    await expect(morning).toContainText('at 09:30 in each visitor’s zone');
    await morning.getByRole('button', { name: `Open Morning ${run}` }).click();
    await expect(details.getByTestId('details-time-mode')).toHaveText('at 09:30 in each visitor’s zone');
    await expect(details.getByTestId('details-important')).toHaveText('yes: the engagement guard lets it through');
  } finally {
    await marketer.close();
    // The server is shared by the whole end-to-end run: the cap goes back to none.
    await request.put('/api/admin/delivery-policy', { data: defaultDeliveryPolicy });
  }
});
