// Console details a marketer notices: the builder's controls say which
// condition they act on; revenue reads the same (two decimals) everywhere;
// "share of customers" has one base on Segments and RFM; the RFM grid paints
// only cells that hold customers.
import { expect, type Page, test } from '@playwright/test';
import { loginAsAdmin } from '../fixtures/admin';
import { engineOverServerEvents } from '../fixtures/server-engine';

test.describe.configure({ timeout: 120_000 });

const moneyPattern = /^\d{1,3}(,\d{3})*\.\d{2}$/;
const numberFormat = new Intl.NumberFormat('en');

async function loadSegmentsPage(page: Page) {
  await loginAsAdmin(page.request);
  await page.goto('/console/segments');
  await page.getByRole('button', { name: 'Load server events' }).click();
  await expect(page.getByTestId('segment-builder')).toBeVisible({ timeout: 60_000 });
}

async function addCondition(page: Page, kind: string) {
  await page.getByLabel('Segment: new condition').selectOption({ label: kind });
  await page.getByRole('button', { name: 'Add condition' }).click();
}

test('each condition row’s Remove and Exclude say which condition they act on', async ({ page }) => {
  await loadSegmentsPage(page);
  await addCondition(page, 'RFM segment');
  await addCondition(page, 'Device, browser, locale or time zone');
  await addCondition(page, 'Intent tier');
  // Injected failure: every row's button was named alike, so a screen reader's list of
  // buttons read "Remove, Remove, Remove" with nothing to tell them apart.
  const removeNames = await page
    .getByTestId('segment-builder')
    .getByRole('button', { name: /^Remove / })
    .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('aria-label')));
  expect(removeNames).toEqual([
    'Remove condition 1: RFM segment is champions',
    'Remove condition 2: device is mobile',
    'Remove condition 3: intent tier is high',
  ]);
  await page.getByRole('checkbox', { name: 'Exclude (NOT) condition 2: device is mobile' }).check();
  await expect(page.getByRole('checkbox', { name: 'Exclude (NOT) condition 2: device is mobile' })).toBeChecked();

  // The named button removes that condition and no other; the rest are renumbered.
  await page.getByRole('button', { name: 'Remove condition 1: RFM segment is champions' }).click();
  await expect(page.getByRole('button', { name: 'Remove condition 1: device is mobile' })).toBeVisible();
  await expect(page.getByRole('checkbox', { name: 'Exclude (NOT) condition 1: device is mobile' })).toBeChecked();
  await expect(page.getByRole('button', { name: 'Remove condition 2: intent tier is high' })).toBeVisible();

  // Inside a group the number says where: item 3 of the segment, its first condition.
  await page.getByRole('button', { name: 'Add group' }).click();
  await page.getByLabel('Segment, item 3 group: new condition').selectOption({ label: 'Intent tier' });
  await page
    .getByRole('group', { name: 'Segment, item 3 group' })
    .getByRole('button', { name: 'Add condition' })
    .click();
  await expect(page.getByRole('button', { name: 'Remove group 3: any of 1 item' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Remove condition 3.1: intent tier is high' })).toBeVisible();
});

test('Segments and RFM give the same share of customers, over the same stated base; revenue shows its cents; empty RFM cells are neutral', async ({
  page,
  request,
}) => {
  const engine = await engineOverServerEvents(request);
  const report = await engine.rfm({});
  const summary = await engine.summary();
  const champions = report.segments.find((row) => row.segment === 'champions');
  expect(champions?.customers).toBeGreaterThan(0);
  const share = `${(((champions?.customers ?? 0) / summary.customers) * 100).toFixed(1)}%`;
  const base = `of all ${numberFormat.format(summary.customers)} customers (everyone with at least one event in the loaded data)`;

  // Segments: RFM segment "champions" (the new condition's default).
  await loadSegmentsPage(page);
  await addCondition(page, 'RFM segment');
  await expect(page.getByTestId('segment-count')).toHaveText(numberFormat.format(champions?.customers ?? 0), {
    timeout: 20_000,
  });
  await expect(page.getByTestId('segment-share')).toHaveText(share);
  await expect(page.getByTestId('segment-count-status')).toHaveText(`Share ${base}.`);
  await expect(page.getByTestId('segment-revenue')).toHaveText(/^[\d,]+\.\d{2} of [\d,]+\.\d{2}$/);

  // RFM: the same segment, the same share, the same base said in words (injected failure: RFM's
  // share was of buyers only, so champions looked bigger there than on Segments).
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  const table = page.getByTestId('rfm-segments');
  await expect(table.getByRole('columnheader', { name: 'Share of customers' })).toBeVisible();
  await expect(
    table
      .getByRole('row', { name: /^champions / })
      .getByRole('cell')
      .nth(1),
  ).toHaveText(share);
  await expect(table).toContainText(
    `Share of customers is ${base}; ${numberFormat.format(report.customers)} of them have a purchase and an RFM score.`,
  );
  // Mean revenue: two decimals in every row, as the members' Revenue column and the Intent page.
  const means = (await table.locator('tbody tr td:nth-child(7)').allTextContents()).filter((text) => text !== '—');
  expect(means.length).toBeGreaterThan(0);
  for (const mean of means) expect(mean).toMatch(moneyPattern);

  // The grid: a cell with no customers is neutral and says so; every other cell has its region's colour.
  // (Injected failure: empty cells painted in their region's full colour, as if they held customers.)
  const empty = report.grid.flatMap((row, r) => row.flatMap((n, f) => (n === 0 ? [[r + 1, f + 1] as const] : [])));
  expect(empty.length).toBeGreaterThan(0); // the demo data has no F 2–3 scores
  for (let r = 1; r <= 5; r++) {
    for (let f = 1; f <= 5; f++) {
      const cell = page.getByTestId(`rfm-cell-${r}-${f}`);
      if (empty.some(([er, ef]) => er === r && ef === f)) {
        await expect(cell).toHaveAttribute('fill', '#f1f5f9');
        await expect(cell).toHaveAttribute('aria-label', new RegExp(`^R ${r}, F ${f}: no customers \\(`));
      } else {
        await expect(cell).not.toHaveAttribute('fill', '#f1f5f9');
        await expect(cell).toHaveAttribute('aria-label', new RegExp(`^R ${r}, F ${f}: [\\d,]+ customers, `));
      }
    }
  }
});
