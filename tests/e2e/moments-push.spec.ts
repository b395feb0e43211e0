// Micro-moments meet the push/notification handlers in real Chromium: a
// moment's notification, clicked, is recorded with its rule (the console's
// clicks and CTR), and a push `{ kind: 'config' }` brings new rules to the
// device at once — before the periodic refresh would — without showing anything.
import { expect, type Request, test } from '@playwright/test';
import { serverEvents } from '../fixtures/admin';
import {
  anonymousIdOf,
  closeNotifications,
  createMomentRule,
  deviceRuleIds,
  deviceTable,
  search,
  shownNotifications,
  visitorWithRules,
  withOwnMomentRules,
} from '../fixtures/moments';
import { budgetTravelRule } from '../fixtures/moment-rules';
import { deliverPush, dispatchNotificationEvent } from '../fixtures/push-service';

withOwnMomentRules();

test('a moment notification’s click opens the rule’s URL and counts as the rule’s click', async ({
  page,
  context,
  request,
  baseURL,
}) => {
  const rule = await createMomentRule(request, budgetTravelRule);
  await visitorWithRules(page, [rule.id]);
  const anonymousId = await anonymousIdOf(page);
  const { notifications } = await search(page, 'cheap hotels in mexico');
  expect(notifications).toHaveLength(1);
  const target = '/search?q=cheap%20hotels%20in%20mexico&utm_source=kairos-moment';
  expect(notifications[0]?.data).toMatchObject({ ruleId: rule.id, url: target });

  // Injected failure this catches: a click handler that ignores moment data (no kairos/campaign marker)
  // or drops the rule id, so the console would show 0 clicks.
  await dispatchNotificationEvent(context, baseURL ?? '', 'notificationclick', `kairos-moment-${rule.id}`);
  await expect(page).toHaveURL(`${baseURL}${target}`, { timeout: 20_000 });
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toEqual([]);

  const clicked = async () =>
    (await serverEvents(request, anonymousId))
      .filter((event) => event.event === 'Notification Clicked')
      .map((event) => event.properties);
  await expect
    .poll(clicked, { timeout: 40_000 })
    .toEqual([{ ruleId: rule.id, ruleVersion: 1, action: 'default', url: target }]);
  await expect
    .poll(
      async () =>
        ((await (await request.get('/api/admin/moments/stats')).json()) as { stats: unknown[] }).stats.find(
          (row) => (row as { ruleId: number }).ruleId === rule.id,
        ),
      { timeout: 40_000 },
    )
    .toEqual({ ruleId: rule.id, fires: 1, clicks: 1, ctr: 1 });
});

test('a config push brings a new rule to the device at once, and shows nothing', async ({ page, context, request }) => {
  // The device holds an older rule set: one rule, for product views only (no search rule yet).
  const older = await createMomentRule(request, {
    name: 'Trip viewers',
    trigger: { kind: 'productView', categories: ['trips'] },
    message: { title: 'Still dreaming of {{query}}?', body: 'Book this week: 10% off.', url: '/products' },
  });
  await visitorWithRules(page, [older.id]);
  // A moment on the older set, so the worker has those rules loaded in memory too.
  await page.goto('/products/trip-lisbon-city-break');
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  await closeNotifications(page);
  const [before] = await deviceTable<{ fetchedAt: number; config: { version: string } }>(page, 'config');

  const rule = await createMomentRule(request, budgetTravelRule);
  // Stale: pages keep talking to the worker, but its copy is younger than the 10-minute max age,
  // so the periodic refresh does not fetch — only the push can explain the new rule arriving.
  const configFetches: Request[] = [];
  context.on('request', (sent) => {
    if (new URL(sent.url()).pathname === '/api/device/config') configFetches.push(sent);
  });
  await page.goto('/products');
  await page.goto('/');
  expect(await deviceRuleIds(page)).toEqual([older.id]);
  expect(configFetches).toEqual([]);

  // Injected failure this catches: a `{ kind: 'config' }` push not wired to the moment refresh.
  await deliverPush(context, page, JSON.stringify({ kind: 'config' }));
  await expect
    .poll(() => deviceRuleIds(page), { timeout: 20_000 })
    .toEqual(expect.arrayContaining([older.id, rule.id]));
  expect(configFetches.length).toBe(1);
  const [after] = await deviceTable<{ fetchedAt: number; config: { version: string } }>(page, 'config');
  expect(after?.config.version).not.toBe(before?.config.version);
  // A config push is silent: no notification for it.
  expect(await shownNotifications(page)).toEqual([]);

  // Offline, the new rule answers a search from the device's fresh copy.
  await context.setOffline(true);
  await page.goto('/search?q=budget%20trip%20to%20lisbon');
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  expect((await shownNotifications(page))[0]).toMatchObject({
    title: 'Travel for less',
    tag: `kairos-moment-${rule.id}`,
    data: { ruleId: rule.id },
  });
  await context.setOffline(false);
});
