// A moment rule with a 50% holdout in Chromium: two visitors, one on each side
// of the rule's hash (their ids set before the tracker runs), search the same
// words; the one outside the holdout gets the notification and `Moment
// Fired`, the held-out one sees nothing and reports `Moment Held Out`; the
// rule's results in the console show both groups.
import { type BrowserContext, expect, type Page, test } from '@playwright/test';
import { momentHeldOut } from '@/lib/results/moment-holdout';
import { loginAsAdmin, serverEvents } from '../fixtures/admin';
import { seriousViolations } from '../fixtures/axe';
import { createMomentRule, deviceDecisions, search, visitorWithRules, withOwnMomentRules } from '../fixtures/moments';
import { budgetTravelRule } from '../fixtures/moment-rules';

withOwnMomentRules();

test('a 50% holdout: one visitor sees the moment, the other is held out, and the results show both groups', async ({
  browser,
  page,
  request,
  baseURL,
}) => {
  test.setTimeout(150_000);
  await loginAsAdmin(request);
  const rule = await createMomentRule(request, { ...budgetTravelRule, holdoutShare: 0.5 });
  const run = `${Date.now()}`;
  const ids = Array.from({ length: 100 }, (_, i) => `holdout-${run}-${i}`);
  const now = Date.now();
  const heldId = ids.find((id) => momentHeldOut(rule, null, id, now) === 'rule')!;
  const shownId = ids.find((id) => momentHeldOut(rule, null, id, now) === null)!;

  const visitors: { context: BrowserContext; page: Page; id: string }[] = [];
  try {
    for (const id of [shownId, heldId]) {
      const context = await browser.newContext({ baseURL: baseURL ?? '' });
      await context.addInitScript((id) => {
        if (!localStorage.getItem('kairos.aid')) localStorage.setItem('kairos.aid', id);
      }, id);
      const visitorPage = await context.newPage();
      await visitorWithRules(visitorPage, [rule.id]);
      visitors.push({ context, page: visitorPage, id });
    }
    const [shown, held] = visitors;
    // Injected failures: the held-out visitor shown the notification; the holdout not recorded.
    const shownSearch = await search(shown!.page, 'cheap hotels in mexico');
    expect(shownSearch.notifications.map((n) => n.title)).toEqual(['Travel for less']);
    const heldSearch = await search(held!.page, 'cheap hotels in mexico');
    expect(heldSearch.notifications).toEqual([]);
    expect((await deviceDecisions(held!.page)).at(-1)).toMatchObject({ outcome: 'fired', heldOut: 'rule' });

    // Back on the server: one Moment Fired, one Moment Held Out, each naming the rule and no search text.
    for (const { page: visitorPage } of visitors) await visitorPage.goto('/');
    const decisions = async (id: string) =>
      (await serverEvents(request, id))
        .filter((e) => e.event?.startsWith('Moment '))
        .map((e) => [e.event, e.properties.ruleId, e.properties.holdout ?? null]);
    await expect.poll(() => decisions(shownId), { timeout: 30_000 }).toEqual([['Moment Fired', rule.id, null]]);
    await expect.poll(() => decisions(heldId), { timeout: 30_000 }).toEqual([['Moment Held Out', rule.id, 'rule']]);

    // The console: the rule's results, one visitor in each group.
    await loginAsAdmin(page.request);
    await page.goto('/console/moments');
    await page.getByRole('button', { name: `Results of ${rule.name}` }).click();
    const table = page.getByTestId('moment-results-table');
    const cells = (group: string) => table.getByRole('row', { name: new RegExp(`^${group}`) }).getByRole('cell');
    await expect(cells('Shown').nth(0)).toHaveText('1', { timeout: 60_000 });
    await expect(cells('Held out').nth(0)).toHaveText('1');
    await expect(cells('Shown').nth(2)).toHaveText('0'); // clicked
    await expect(page.getByTestId('moment-results-summary')).toContainText('lift');
    expect(await seriousViolations(page)).toEqual([]);
  } finally {
    for (const visitor of visitors) await visitor.context.close();
  }
});
