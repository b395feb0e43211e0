// A micro-moment in Firefox: a rule published through the admin API reaches the
// demo store's service worker, and with the device offline a search shows the
// moment's notification; back online, the fire reaches the server.
import { serverEvents } from '../fixtures/admin';
import { deviceRows } from '../fixtures/device-store';
import { expect, scriptable, test } from '../fixtures/firefox';
import { budgetTravelRule } from '../fixtures/moment-rules';
import {
  anonymousIdOf,
  createMomentRule,
  deviceDecisions,
  deviceRuleIds,
  shownNotifications,
  waitForControl,
  withOwnMomentRules,
} from '../fixtures/moments';

withOwnMomentRules();

test('offline in Firefox, a search shows the moment’s notification, and the fire reaches the server once online', async ({
  firefoxPage,
  network,
  request,
  baseURL,
}) => {
  const rule = await createMomentRule(request, budgetTravelRule);
  const page = scriptable(firefoxPage);
  await firefoxPage.goto(`${baseURL}/`);
  await waitForControl(page);
  // The worker fetches the published config when it activates.
  await expect.poll(() => deviceRuleIds(page), { timeout: 20_000 }).toContain(rule.id);
  await expect.poll(() => deviceRows(page, 'events'), { timeout: 20_000 }).toBeGreaterThan(0);
  const anonymousId = await anonymousIdOf(page);

  // Injected: no network for the page or its worker. The search page was never visited online,
  // so the worker answers with its offline page, and sees the navigation.
  network.offline = true;
  await firefoxPage.goto(`${baseURL}/search?q=cheap+hotels+in+mexico`);
  await expect.poll(() => shownNotifications(page), { timeout: 20_000 }).toHaveLength(1);
  const [shown] = await shownNotifications(page);
  expect(shown).toMatchObject({
    title: 'Travel for less',
    body: 'Deals picked for “cheap hotels in mexico”',
    tag: `kairos-moment-${rule.id}`,
    data: { ruleId: rule.id, ruleVersion: 1, url: '/search?q=cheap%20hotels%20in%20mexico&utm_source=kairos-moment' },
  });
  // What the visitor sees meanwhile: the worker's offline page (proof the network was really gone).
  expect(await firefoxPage.evaluate(() => document.querySelector('h1')?.textContent)).toBe('You are offline');
  const decisions = await deviceDecisions(page);
  expect(decisions.map((d) => [d.ruleId, d.outcome, d.trigger])).toEqual([[rule.id, 'fired', 'search']]);

  network.offline = false;
  await firefoxPage.goto(`${baseURL}/`);
  await expect
    .poll(async () => (await serverEvents(request, anonymousId)).filter((e) => e.event === 'Moment Fired'), {
      timeout: 30_000,
    })
    .toHaveLength(1);
  const fired = (await serverEvents(request, anonymousId)).find((e) => e.event === 'Moment Fired');
  expect(fired?.properties).toEqual({ ruleId: rule.id, ruleVersion: 1, trigger: 'search' });
});
