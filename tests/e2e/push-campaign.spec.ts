// The whole Web Push path in real Chromium: a visitor
// of the demo store subscribes (a web-push-testing subscription stands in for
// the browser's, registered through the real subscribe route); the marketer
// writes a campaign in the console, tests it on their own browser and sends it
// to a segment holding the visitor; web-push-testing checks the encryption and
// the VAPID signature and returns the decrypted payload; delivered into the
// visitor's service worker, it shows, and its click opens the URL and reaches
// the server. Then the subscription expires: the next send gets 410 and the
// subscription is gone.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { pushServiceForFile } from '../fixtures/e2e-push';
import { seriousViolations } from '../fixtures/axe';
import {
  deliverPush,
  dispatchNotificationEvent,
  pageTestSubscription,
  shownNotifications,
  useTestPushSubscriptions,
} from '../fixtures/push-service';
import { waitForControl } from '../fixtures/service-worker';

const pushService = pushServiceForFile();

type Kairos = { identify(id: string, traits: object): void; subscribe(): Promise<{ endpoint: string }> };

async function composeCampaign(consolePage: Page, name: string, segment: string) {
  await consolePage.getByLabel('Campaign name').fill(name);
  await consolePage.getByLabel('Title').fill('Hi {{first_name|there}}, Lisbon awaits');
  await consolePage.getByLabel('Text').fill('Three nights for €199.');
  await consolePage.getByLabel('Link', { exact: true }).fill('/products/trip-lisbon-city-break');
  await consolePage.getByLabel('Button 1 label').fill('Book now');
  await consolePage.getByLabel('Button 1 link').fill('/search?q=lisbon');
  await consolePage.getByLabel('Segment').selectOption({ label: segment });
  // One visitor: a control share would hold them out of some runs.
  await consolePage.getByLabel('Control group (% of the audience)').fill('0');
}

test('a campaign from the console reaches a subscribed visitor, shows, and its click comes back; an expired subscription is removed', async ({
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

  // The visitor: the demo store, its service worker, an identity with traits, a subscription.
  await useTestPushSubscriptions(context, pushService());
  await context.grantPermissions(['notifications'], { origin });
  await page.goto('/');
  await waitForControl(page);
  await page.evaluate(
    (run) =>
      (window as unknown as { kairos: Kairos }).kairos.identify(`user-${run}`, { first_name: 'Ada', push_run: run }),
    run,
  );
  const subscription = await page.evaluate(() => (window as unknown as { kairos: Kairos }).kairos.subscribe());
  const visitorHash = subscription.endpoint.split('/').pop() ?? '';
  const anonymousId = await page.evaluate(() => localStorage.getItem('kairos.aid') ?? '');
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).some((e) => e.type === 'identify'))
    .toBe(true);

  // The segment: visitors with this run's trait (only ours).
  const segmentName = `Push e2e ${run}`;
  const segment = await request.post('/api/admin/segments', {
    data: { name: segmentName, definition: { kind: 'trait', trait: 'push_run', compare: { op: 'eq', value: run } } },
  });
  expect(segment.status()).toBe(201);

  // The marketer, in their own browser.
  const marketer: BrowserContext = await browser.newContext({ baseURL: origin });
  try {
    await useTestPushSubscriptions(marketer, pushService());
    await marketer.grantPermissions(['notifications'], { origin });
    await loginAsAdmin(marketer.request);
    const consolePage = await marketer.newPage();
    await consolePage.goto('/console/campaigns');
    await waitForControl(consolePage);
    await composeCampaign(consolePage, `Lisbon ${run}`, segmentName);

    // The preview is personalised: the fallback, then a preview value.
    const preview = consolePage.getByTestId('notification-preview');
    await expect(preview).toContainText('Hi there, Lisbon awaits');
    await consolePage.getByRole('textbox', { name: 'first_name' }).fill('Grace');
    await expect(preview).toContainText('Hi Grace, Lisbon awaits');

    // Test send to the marketer's own browser: subscribed through the same module, delivered now.
    await consolePage.getByRole('button', { name: 'Send a test to this browser' }).click();
    await expect(consolePage.getByTestId('composer-status')).toHaveText(
      'Test sent to this browser. Nothing was saved: “Save draft” keeps the campaign.',
      { timeout: 30_000 },
    );
    const marketerHash = (await pageTestSubscription(consolePage))?.clientHash ?? '';
    const [test] = await pushService().messages(marketerHash);
    const testPayload = JSON.parse(test ?? '{}') as { notification: { data: Record<string, unknown> } };
    expect(testPayload).toMatchObject({ web_push: 8030, notification: { title: 'Hi there, Lisbon awaits' } });
    // The test created no campaign (injected failure: the old composer saved a draft first),
    // and its payload names none, so the marketer's own Shown/Clicked events count for no campaign.
    expect(testPayload.notification.data.campaignId).toBeUndefined();
    const afterTest = (await (await marketer.request.get('/api/admin/campaigns')).json()) as {
      campaigns: { name: string }[];
    };
    expect(afterTest.campaigns.map((c) => c.name)).not.toContain(`Lisbon ${run}`);
    await expect(consolePage.getByRole('row', { name: new RegExp(`Lisbon ${run}`) })).toHaveCount(0);

    await consolePage.getByRole('button', { name: 'Send to the segment' }).click();
    await expect(consolePage.getByTestId('composer-status')).toContainText(
      /Queued 1 notifications for 1 subscribed of 1 members \(computed on the server over [\d,]+ events in [\d.]+ s\); delivery now\./,
      { timeout: 60_000 },
    );
    const row = consolePage.getByRole('row', { name: new RegExp(`Lisbon ${run}`) });
    await expect(row.getByRole('cell').nth(2)).toHaveText('1', { timeout: 30_000 }); // sent
    await expect(row).toContainText('sent');

    // The sent campaign opens from the list, read-only: its message as written, audience,
    // delivery options and counts (injected failure: a sent campaign had no way to be read).
    await row.getByRole('button', { name: `Open Lisbon ${run}` }).click();
    const details = consolePage.getByTestId('campaign-details');
    await expect(details.getByRole('heading', { name: `Lisbon ${run} sent` })).toBeFocused();
    await expect(details.getByTestId('details-title')).toHaveText('Hi {{first_name|there}}, Lisbon awaits');
    await expect(details.getByTestId('details-body')).toHaveText('Three nights for €199.');
    await expect(details.getByTestId('details-segment')).toHaveText(segmentName);
    await expect(details.getByTestId('details-schedule')).toHaveText('As soon as it is sent');
    await expect(details.getByTestId('details-ttl')).toHaveText('24 hours');
    await expect(details.getByTestId('details-urgency')).toHaveText('normal');
    await expect(details.getByTestId('details-sent')).toHaveText('1');
    await expect(details).toContainText('Button 1Book now → /search?q=lisbon');
    await expect(details.getByRole('button', { name: 'Edit in the composer' })).toHaveCount(0);
    // "Duplicate as new draft" is how it goes out again: a new draft in the list, open in the composer.
    await details.getByRole('button', { name: 'Duplicate as new draft' }).click();
    const copyRow = consolePage.getByRole('row', { name: new RegExp(`Lisbon ${run} \\(copy\\)`) });
    await expect(copyRow).toContainText('draft');
    await expect(consolePage.getByRole('heading', { name: /^Campaign #\d+$/ })).toBeFocused();
    await expect(consolePage.getByLabel('Campaign name')).toHaveValue(`Lisbon ${run} (copy)`);
    await expect(consolePage.getByLabel('Title')).toHaveValue('Hi {{first_name|there}}, Lisbon awaits');
    await expect(consolePage.getByLabel('Segment')).toHaveValue(String((await segment.json()).segment.id));

    // web-push-testing decrypted it (so the encryption and the VAPID JWT checked out).
    await expect.poll(async () => (await pushService().messages(visitorHash)).length, { timeout: 30_000 }).toBe(1);
    const [delivered] = await pushService().messages(visitorHash);
    const payload = JSON.parse(delivered ?? '{}') as {
      notification: { tag: string; data: { campaignId: number } };
    };
    expect(payload).toMatchObject({
      web_push: 8030,
      notification: { title: 'Hi Ada, Lisbon awaits', body: 'Three nights for €199.' },
    });

    // Into the visitor's real service worker: it shows; the click opens the URL and is recorded.
    await deliverPush(context, page, delivered ?? '');
    await expect
      .poll(async () => (await shownNotifications(page)).map((n) => n.title), { timeout: 20_000 })
      .toEqual(['Hi Ada, Lisbon awaits']);
    await dispatchNotificationEvent(context, origin, 'notificationclick', payload.notification.tag);
    await expect(page).toHaveURL(`${origin}/products/trip-lisbon-city-break`, { timeout: 20_000 });
    await expect
      .poll(
        async () =>
          (await serverEvents(request, anonymousId))
            .filter((e) => e.event === 'Notification Clicked')
            .map((e) => e.properties),
        { timeout: 20_000 },
      )
      .toEqual([
        {
          campaignId: payload.notification.data.campaignId,
          variant: 0,
          action: 'default',
          url: `${origin}/products/trip-lisbon-city-break`,
        },
      ]);

    // The subscription expires at the push service: the next campaign's delivery gets 410…
    await pushService().expire(visitorHash);
    await consolePage.getByRole('button', { name: 'Start a new one' }).click();
    await composeCampaign(consolePage, `Lisbon again ${run}`, segmentName);
    await consolePage.getByRole('button', { name: 'Send to the segment' }).click();
    await expect(consolePage.getByTestId('composer-status')).toContainText('Queued 1 notifications', {
      timeout: 60_000,
    });
    const again = consolePage.getByRole('row', { name: new RegExp(`Lisbon again ${run}`) });
    await expect(again.getByRole('cell').nth(4)).toHaveText('1', { timeout: 30_000 }); // expired
    // …and the subscription is gone: a third send finds no one subscribed, and says so.
    await consolePage.getByRole('button', { name: 'Start a new one' }).click();
    await composeCampaign(consolePage, `Lisbon third ${run}`, segmentName);
    await consolePage.getByRole('button', { name: 'Send to the segment' }).click();
    const problem = consolePage.getByTestId('composer-status');
    await expect(problem).toHaveText(
      new RegExp(
        `None of the 1 members of “${segmentName}” has a push subscription \\(computed on the server over .*\\): nothing was sent\\.`,
      ),
      { timeout: 60_000 },
    );
    await expect(problem).toHaveAttribute('role', 'alert');
    // Nothing was sent, so it stays an editable draft (injected failure: marking it sent locked it).
    const third = consolePage.getByRole('row', { name: new RegExp(`Lisbon third ${run}`) });
    await expect(third.getByRole('cell').nth(0)).toHaveText('draft'); // status
  } finally {
    await marketer.close();
  }
});

test('the Campaigns page passes axe, and its composer explains what to fix (injected: a send without a segment, an oversized message)', async ({
  page,
}) => {
  await loginAsAdmin(page.request);
  await page.goto('/console/campaigns');
  await expect(page.getByRole('heading', { name: 'Campaigns', level: 1 })).toBeVisible();
  await expect(page.getByLabel('Segment')).toBeEnabled();
  expect(await seriousViolations(page)).toEqual([]);

  // Keyboard only: the submit button is reachable and says what is missing.
  await page.getByLabel('Title').fill('Hello');
  await page.getByRole('button', { name: 'Send to the segment' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('composer-status')).toHaveText('Choose the segment to send to.');
  await expect(page.getByTestId('composer-status')).toHaveAttribute('role', 'alert');

  // A placeholder without a fallback: the preview warns that some visitors get a gap.
  await page.getByLabel('Title').fill('Hello {{first_name}}');
  await expect(page.getByTestId('placeholder-warning')).toHaveText(
    'first_name is empty for some visitors: add a fallback like {{first_name|there}}',
  );
  await page.getByLabel('Title').fill('Hello');
  await expect(page.getByTestId('placeholder-warning')).toHaveCount(0);

  // No name: saving the draft says so and puts the focus on the name field.
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('composer-status')).toHaveText('Give the campaign a name.');
  await expect(page.getByLabel('Campaign name')).toBeFocused();

  // Notifications blocked for the console's site (injected: the permission set to denied):
  // the test send says where to allow them, not the tracker's "Kairos: notifications are blocked."
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Browser.setPermission', {
    permission: { name: 'notifications' },
    setting: 'denied',
    origin: new URL(page.url()).origin,
  });
  await page.getByLabel('Campaign name').fill(`Blocked ${Date.now()}`);
  await page.getByRole('button', { name: 'Send a test to this browser' }).click();
  await expect(page.getByTestId('composer-status')).toHaveText(
    'Notifications are blocked for this site in this browser. Allow them in the site settings (the icon left of the address), then try again.',
    { timeout: 30_000 },
  );

  // "Save draft" is the one way a campaign is saved before sending: it appears in the list as a
  // draft, opens read-only with its settings, and goes back into the composer to edit.
  const name = `Draft ${Date.now()}`;
  await page.getByLabel('Campaign name').fill(name);
  await page.getByLabel('Topic').fill('spring-sale');
  await page.getByRole('button', { name: 'Save draft' }).click();
  await expect(page.getByTestId('composer-status')).toContainText(
    /^Saved as draft #\d+: it is in the campaign list above\.$/,
  );
  const draftRow = page.getByRole('row', { name: new RegExp(name) });
  await expect(draftRow).toContainText('draft');
  await page.getByRole('button', { name: 'Start a new one' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('');
  await draftRow.getByRole('button', { name: `Open ${name}` }).focus();
  await page.keyboard.press('Enter');
  const details = page.getByTestId('campaign-details');
  await expect(details.getByTestId('details-title')).toHaveText('Hello');
  await expect(details.getByTestId('details-topic')).toHaveText('spring-sale');
  await expect(details.getByTestId('details-segment')).toHaveText('None chosen yet');
  expect(await seriousViolations(page)).toEqual([]);
  await details.getByRole('button', { name: 'Edit in the composer' }).click();
  await expect(page.getByLabel('Title')).toHaveValue('Hello');
  await expect(page.getByLabel('Topic')).toHaveValue('spring-sale');
  await expect(page.getByRole('heading', { name: /^Campaign #\d+$/ })).toBeFocused();

  // Over the push message limit: the preview says so and sending is disabled.
  await page.getByLabel('Text').fill('x'.repeat(1_000));
  await page.getByLabel('Link', { exact: true }).fill(`/${'y'.repeat(2_040)}`);
  await page.getByLabel('Image URL').fill(`https://cdn.example/${'z'.repeat(2_000)}`);
  await expect(page.getByRole('alert').filter({ hasText: 'a push message holds at most 3993' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Send to the segment' })).toBeDisabled();
});
