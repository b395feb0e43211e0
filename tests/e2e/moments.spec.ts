// Micro-moments in Chromium: rules written through the admin API
// reach the storefront's service worker, which turns a search, a tracked
// search-box query or a product view into a notification on the device —
// offline too, with no request between the moment and the notification.
import { expect, type Request, test } from '@playwright/test';
import type { MomentRuleInput } from '@/lib/contracts/moment-rule';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { seriousViolations } from '../fixtures/axe';
import { deviceRows } from '../fixtures/device-store';
import {
  anonymousIdOf,
  closeNotifications,
  createMomentRule,
  deviceDecisions,
  search,
  shownNotifications,
  stopServiceWorkers,
  visitorWithRules,
  withOwnMomentRules,
} from '../fixtures/moments';
import { budgetTravelRule, gameHelpRule } from '../fixtures/moment-rules';

withOwnMomentRules();

test('offline: a search shows the notification, no request in between, and only the rule id is reported', async ({
  page,
  context,
  request,
}) => {
  const rule = await createMomentRule(request, budgetTravelRule);
  await visitorWithRules(page, [rule.id]);
  const anonymousId = await anonymousIdOf(page);

  await context.setOffline(true);
  // Every request of the page and of its service worker (Playwright reports both), with when it started.
  const requests: { request: Request; at: number }[] = [];
  context.on('request', (sent) => requests.push({ request: sent, at: Date.now() }));
  const searchUrl = '/search?q=cheap+hotels+in+mexico';
  const start = Date.now();
  // Never visited online: the worker answers with its offline page, and sees the navigation.
  await page.goto(searchUrl);
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  const [shown] = await shownNotifications(page);
  expect(shown).toMatchObject({
    title: 'Travel for less',
    body: 'Deals picked for “cheap hotels in mexico”',
    tag: `kairos-moment-${rule.id}`,
    data: { ruleId: rule.id, ruleVersion: 1, url: '/search?q=cheap%20hotels%20in%20mexico&utm_source=kairos-moment' },
  });

  // Injected failure this catches: detection that fetches anything (the config, a decision) before showing.
  const inWindow = requests.filter(({ request: sent, at }) => {
    const started = sent.timing().startTime > 0 ? sent.timing().startTime : at;
    return started >= start && started <= shown!.timestamp;
  });
  const search = new URL(searchUrl, page.url()).href;
  const unexpected = inWindow
    .map(({ request: sent }) => sent)
    // The navigation itself (the page's, and the worker's network-first attempt at it) is the visitor's, not ours.
    .filter((sent) => sent.url() !== search)
    // The offline page's own precached assets come from the worker's cache.
    .filter((sent) => !(sent.serviceWorker() === null && new URL(sent.url()).pathname.startsWith('/_next/static/')))
    .map((sent) => `${sent.method()} ${sent.url()}${sent.serviceWorker() ? ' (service worker)' : ''}`);
  expect(unexpected).toEqual([]);
  expect(inWindow.some(({ request: sent }) => new URL(sent.url()).pathname.startsWith('/api/'))).toBe(false);

  // The decision log keeps the rule and the outcome, never the query.
  const decisions = await deviceDecisions(page);
  expect(decisions.map((d) => [d.ruleId, d.outcome, d.trigger])).toEqual([[rule.id, 'fired', 'search']]);
  expect(JSON.stringify(decisions)).not.toContain('mexico');

  // Back online, the fire reaches the server as `Moment Fired` with the rule id and no search text.
  await context.setOffline(false);
  await page.goto('/');
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).filter((e) => e.event === 'Moment Fired'), {
      timeout: 30_000,
    })
    .toHaveLength(1);
  const fired = (await serverEvents(request, anonymousId)).find((e) => e.event === 'Moment Fired');
  expect(fired?.properties).toEqual({ ruleId: rule.id, ruleVersion: 1, trigger: 'search' });
  const stats = await (await request.get('/api/admin/moments/stats')).json();
  expect(stats.stats).toContainEqual({ ruleId: rule.id, fires: 1, clicks: 0, ctr: 0 });
});

test('cooldown, then the frequency cap, silence a rule and the log says which', async ({ page, request }) => {
  // Injected failure: a cap or cooldown that is not enforced shows a second or third notification.
  const cooled = await createMomentRule(request, {
    ...budgetTravelRule,
    cooldownMinutes: 60,
    frequencyCap: { count: 5, periodHours: 24 },
  });
  await visitorWithRules(page, [cooled.id]);
  expect((await search(page, 'cheap hotels in mexico')).notifications).toHaveLength(1);
  await closeNotifications(page);
  const second = await search(page, 'budget trip to lisbon');
  expect(second.notifications).toEqual([]);
  expect(second.decision).toMatchObject({ ruleId: cooled.id, outcome: 'skipped', reason: 'cooldown' });
});

test('a frequency cap of two per day lets two moments through, not the third, across a worker restart', async ({
  page,
  request,
}) => {
  const capped = await createMomentRule(request, {
    ...budgetTravelRule,
    cooldownMinutes: 0,
    frequencyCap: { count: 2, periodHours: 24 },
  });
  await visitorWithRules(page, [capped.id]);
  for (const query of ['cheap hotels in mexico', 'budget trip to lisbon']) {
    expect((await search(page, query)).notifications).toHaveLength(1);
    await closeNotifications(page);
  }
  // The browser stops an idle worker; the next one starts with empty memory and reads the fires back.
  // Injected failure: caps counted only in memory (a restarted worker would fire a third time).
  await stopServiceWorkers(page);
  const third = await search(page, 'cheap flights to porto');
  expect(third.notifications).toEqual([]);
  expect(third.decision).toMatchObject({ ruleId: capped.id, outcome: 'skipped', reason: 'cap' });
});

test('quiet hours follow the visitor’s time zone', async ({ browser, request }) => {
  // Quiet now in Tokyo (this hour and the next), so the boundary cannot pass during the test; New York is 13–14 h behind.
  const tokyoHour = Number(
    new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Tokyo', hour: '2-digit', hourCycle: 'h23' }).format(new Date()),
  );
  const rule = await createMomentRule(request, {
    ...budgetTravelRule,
    quietHours: { startHour: tokyoHour, endHour: (tokyoHour + 2) % 24 },
  });
  const outcomes: Record<string, unknown> = {};
  for (const timezoneId of ['Asia/Tokyo', 'America/New_York']) {
    const context = await browser.newContext({ timezoneId });
    const page = await context.newPage();
    await visitorWithRules(page, [rule.id]);
    const result = await search(page, 'cheap hotels in mexico');
    outcomes[timezoneId] = [result.notifications.length, result.decision?.reason ?? result.decision?.outcome];
    await context.close();
  }
  // Injected failure: quiet hours read in the server's or UTC time instead of the visitor's.
  expect(outcomes).toEqual({ 'Asia/Tokyo': [0, 'quietHours'], 'America/New_York': [1, 'fired'] });
});

test('segment precondition: a visitor in the segment is notified, one outside is not', async ({ browser, request }) => {
  const created = await request.post('/api/admin/segments', {
    data: { name: 'Trip browsers', definition: { kind: 'event', name: 'Product Viewed', atLeast: 1 } },
  });
  const { segment } = (await created.json()) as { segment: { id: number } };
  const rule = await createMomentRule(request, { ...budgetTravelRule, segmentId: segment.id });
  const outcomes: Record<string, unknown> = {};
  for (const visitor of ['browsed a trip', 'only searched']) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await visitorWithRules(page, [rule.id]);
    if (visitor === 'browsed a trip') {
      const before = await deviceRows(page, 'events');
      await page.goto('/products/trip-lisbon-city-break');
      await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBeGreaterThan(before + 1);
    }
    const result = await search(page, 'cheap hotels in mexico');
    outcomes[visitor] = [result.notifications.length, result.decision?.reason ?? result.decision?.outcome];
    await context.close();
  }
  // Injected failure: a precondition ignored (both notified) or never met (neither).
  expect(outcomes).toEqual({ 'browsed a trip': [1, 'fired'], 'only searched': [0, 'notInSegment'] });
});

test('a search-box query the tracker forwards is a moment', async ({ page, request }) => {
  const rule = await createMomentRule(request, {
    ...gameHelpRule,
    trigger: { kind: 'search', sources: ['searchBox'] },
  } satisfies MomentRuleInput);
  await visitorWithRules(page, [rule.id]);
  // A site's own search box: kairos.track('Products Searched', { query }) — no URL involved.
  await page.evaluate(() =>
    (window as unknown as { kairos: { track(e: string, p: object): void } }).kairos.track('Products Searched', {
      query: 'Worm Blasterz walk-through',
    }),
  );
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  expect((await shownNotifications(page))[0]).toMatchObject({
    title: 'Need a hand with Worm Blasterz walk-through?',
    data: { ruleId: rule.id, url: '/search?q=guide' },
  });
});

test('a product view is a moment, for the categories the rule names', async ({ page, request }) => {
  const rule = await createMomentRule(request, {
    name: 'Trip viewers',
    trigger: { kind: 'productView', categories: ['trips'] },
    message: { title: 'Still dreaming of {{query}}?', body: 'Book this week: 10% off.', url: '/products' },
  });
  await visitorWithRules(page, [rule.id]);
  const decided = async () => (await deviceDecisions(page)).length;
  // A product outside the rule's categories: no decision at all.
  await page.goto('/products/game-worm-blasterz');
  await page.goto('/products/trip-lisbon-city-break');
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  expect((await shownNotifications(page))[0]?.title).toBe('Still dreaming of Lisbon City Break (3 nights)?');
  expect(await decided()).toBe(1);
});

test('the console lists rules with fires, clicks and CTR, and tests a query in the editor', async ({
  page,
  request,
}) => {
  const rule = await createMomentRule(request, budgetTravelRule);
  await loginAsAdmin(page.context().request);
  await page.goto('/console/moments');
  const row = page.getByRole('row', { name: /Budget travel/ });
  await expect(row).toContainText('Search');
  await expect(row.getByRole('cell').nth(6)).toHaveText('0.0 %');
  await row.getByRole('button', { name: /Edit/ }).click();
  await expect(page.getByRole('heading', { name: `Edit “${rule.name}” (version 1)` })).toBeVisible();
  // The list and the open editor pass axe (labels, contrast, names): no serious or critical violation.
  expect(await seriousViolations(page)).toEqual([]);
  // Injected failure: a matcher in the page that differs from the device's (typos, accents, vetoes).
  const tester = page.getByLabel('A search a visitor might type');
  await tester.fill('hoteles baratos en México');
  await expect(page.getByText('Matches: this rule would answer.')).toBeVisible();
  await tester.fill('hotel cheat codes');
  await expect(page.getByText('Vetoed by the excluded word “cheat”.')).toBeVisible();
  // Visitor-looking text in a rule is shown as text, never as markup.
  await page.getByLabel('Title').fill('<img src=x onerror=alert(1)> {{query}}');
  await page.getByRole('button', { name: 'Save a new version' }).click();
  await expect(
    page
      .getByRole('row', { name: /Budget travel/ })
      .getByRole('cell')
      .nth(2),
  ).toHaveText('2');
  const saved = await (await request.get(`/api/admin/moments/${rule.id}`)).json();
  expect(saved.rule.message.title).toBe('<img src=x onerror=alert(1)> {{query}}');
});

test('devices get the config with an ETag, a 304 when unchanged, and CORS for other sites', async ({ request }) => {
  const rule = await createMomentRule(request, budgetTravelRule);
  const first = await request.get('/api/device/config', { headers: { Origin: 'https://shop.example' } });
  expect(first.status()).toBe(200);
  expect(first.headers()['access-control-allow-origin']).toBe('*');
  const etag = first.headers().etag ?? '';
  const config = await first.json();
  expect(`"${config.version}"`).toBe(etag);
  expect(config.rules.map((r: { id: number }) => r.id)).toContain(rule.id);
  // Injected failure: a config that changes version without a change (devices would refetch forever).
  const again = await request.get('/api/device/config', { headers: { 'If-None-Match': etag } });
  expect(again.status()).toBe(304);
  const patched = await request.patch(`/api/admin/moments/${rule.id}`, { data: { cooldownMinutes: 5 } });
  expect(await patched.json()).toMatchObject({ rule: { version: 2, cooldownMinutes: 5 } });
  const changed = await request.get('/api/device/config', { headers: { 'If-None-Match': etag } });
  expect(changed.status()).toBe(200);
  expect(changed.headers().etag).not.toBe(etag);
  // A refused rule: the server says why, in the one error shape.
  const refused = await request.post('/api/admin/moments', { data: { ...budgetTravelRule, match: null } });
  expect(refused.status()).toBe(400);
  expect((await refused.json()).error).toMatchObject({
    code: 'bad_request',
    message: expect.stringContaining('match'),
  });
});
