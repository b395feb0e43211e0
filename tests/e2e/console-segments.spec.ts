// The segment console as a new marketer uses it: log in, load the
// data, build "at-risk customers who searched in the last 7 days", see the
// count the engine computes for the same data (DuckDB-WASM's Node build over
// the server's export: an independent path), save it, export every member as
// CSV, open RFM and list a cell's members. Screenshots of each view are kept.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import type { SegmentTree } from '@/lib/contracts/segment';
import { loginAsAdmin } from '../fixtures/admin';
import { collectEvents, daysAgo } from '../fixtures/collect-events';
import { parseCsv } from '../fixtures/csv-parse';
import { e2eAdminPassword } from '../fixtures/e2e-env';
import { loadSegmentsPage, screen } from '../fixtures/console-segments';
import { engineOverServerEvents } from '../fixtures/server-engine';

const numberFormat = new Intl.NumberFormat('en');
// Each test loads the data twice (the Node engine and the page's worker) on a shared machine.
test.describe.configure({ timeout: 120_000 });
const atRiskSearchers: SegmentTree = {
  all: [
    { kind: 'rfmSegment', segments: ['at risk'] },
    { kind: 'event', name: 'Products Searched', where: [], atLeast: 1, withinDays: 7 },
  ],
};

async function logInThroughTheForm(page: Page) {
  await page.goto('/console/login');
  await page.getByLabel('Admin password').fill(e2eAdminPassword);
  await page.getByRole('button', { name: 'Log in' }).click();
  await expect(page).toHaveURL(/\/console$/);
}

async function openSegmentsAndLoad(page: Page) {
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page).toHaveURL(/\/console\/segments$/);
  // Nothing is loaded yet in this browser: the page says so and offers the one click.
  await expect(page.getByTestId('dataset-needed')).toBeVisible();
  await page.getByRole('button', { name: 'Load server events' }).click();
  await expect(page.getByTestId('segment-builder')).toBeVisible({ timeout: 60_000 });
}

test('a new marketer builds at-risk searchers, sees the engine’s count, saves, exports it and opens RFM', async ({
  page,
  request,
}) => {
  // Three lapsed two-order buyers who searched yesterday: with the demo data's one-order
  // majority they score F 3-4 and R 1, "at risk". The expected count below is the
  // engine's, whatever it is; these make sure it is not zero, so the CSV has rows.
  for (let i = 0; i < 3; i++) {
    await collectEvents(request, `e2e-at-risk-${randomUUID()}`, [
      { event: 'Order Completed', properties: { revenue: 40, order_id: `o-${i}-1` }, at: daysAgo(395) },
      { event: 'Order Completed', properties: { revenue: 35, order_id: `o-${i}-2` }, at: daysAgo(380) },
      { event: 'Products Searched', properties: { query: 'boots' }, at: daysAgo(1) },
    ]);
  }
  const engine = await engineOverServerEvents(request);
  const expected = await engine.segmentCount({ tree: atRiskSearchers });
  const report = await engine.rfm({});
  const { customers } = await engine.summary();
  await engine.close();
  expect(expected, 'the prepared visitors are at risk and searched').toBeGreaterThanOrEqual(3);

  await logInThroughTheForm(page);
  await openSegmentsAndLoad(page);
  await screen(page, 'segments-empty-builder');

  // RFM segment "at risk" (and not the default champions).
  await page.getByLabel('Segment: new condition').selectOption({ label: 'RFM segment' });
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByRole('checkbox', { name: 'champions', exact: true }).uncheck();
  await page.getByRole('checkbox', { name: 'at risk', exact: true }).check();
  // AND: Products Searched at least once within 7 days.
  await page.getByLabel('Segment: new condition').selectOption({ label: 'Did an event' });
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Event name').fill('Products Searched');
  await page.getByLabel('At least (times)').fill('1');
  await page.getByLabel('Within the last (days)').fill('7');

  await expect(page.getByTestId('segment-count')).toHaveText(numberFormat.format(expected), { timeout: 20_000 });
  await expect(page.getByTestId('segment-count-status')).toContainText(
    `of all ${numberFormat.format(customers)} customers`,
  );
  await screen(page, 'segments-built');

  await page.getByLabel('Segment name').fill('At-risk searchers (e2e flow)');
  await page.getByLabel('Description').fill('Lapsed buyers searching again');
  await page.getByRole('button', { name: 'Save as new segment' }).click();
  const saved = page.getByTestId('saved-segment').filter({ hasText: 'At-risk searchers (e2e flow)' });
  await expect(saved).toContainText(`${numberFormat.format(expected)} members`);
  const list = (await (await page.request.get('/api/admin/segments')).json()) as {
    segments: { name: string; definition: SegmentTree; sizeHistory: { size: number }[] }[];
  };
  const stored = list.segments.find((s) => s.name === 'At-risk searchers (e2e flow)');
  expect(stored?.definition).toEqual(atRiskSearchers);
  expect(stored?.sizeHistory.at(-1)?.size).toBe(expected);

  // The members table lists them; the CSV has every one of them, one row each.
  await expect(page.getByTestId('members-status')).toContainText(`${numberFormat.format(expected)} members`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('At-risk-searchers-e2e-flow.csv');
  const rows = parseCsv(readFileSync(await download.path(), 'utf8'));
  expect(rows[0]?.[0]).toBe('Customer');
  expect(rows.length - 1).toBe(expected);
  await screen(page, 'segments-saved');

  // RFM: the grid's cell with the most customers lists exactly them.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  await expect(page).toHaveURL(/\/console\/rfm$/);
  let best = { r: 1, f: 1, customers: -1 };
  report.grid.forEach((row, r) =>
    row.forEach((customers, f) => {
      if (customers > best.customers) best = { r: r + 1, f: f + 1, customers };
    }),
  );
  const cell = page.getByTestId(`rfm-cell-${best.r}-${best.f}`);
  await expect(cell).toHaveAttribute('aria-label', new RegExp(`${numberFormat.format(best.customers)} customers`));
  await cell.click();
  const members = page.getByRole('region', { name: `Customers with R ${best.r} and F ${best.f}` });
  await expect(members.getByTestId('members-status')).toContainText(`${numberFormat.format(best.customers)} members`);
  await expect(members.getByRole('columnheader', { name: 'RFM segment' })).toBeVisible();
  await screen(page, 'rfm-cell');
});

test('visitor-sent markup in event names and traits is shown as text and never runs', async ({ page, request }) => {
  // Injected failure: were any label or cell rendered as HTML, the <img> would exist and its onerror set window.__xss.
  const hostile = '<img src=x onerror=window.__xss=1>';
  await collectEvents(request, `e2e-xss-${randomUUID()}`, [
    { event: hostile, properties: { note: hostile }, traits: { nickname: hostile }, at: daysAgo(1) },
  ]);
  // Saved segments named with the markup: their names become Plot's SVG labels in the overlap chart.
  await loginAsAdmin(request);
  const tag = randomUUID().slice(0, 6);
  for (const suffix of ['A', 'B']) {
    const definition = { kind: 'event', name: hostile, where: [], atLeast: 1 };
    const created = await request.post('/api/admin/segments', {
      data: { name: `${hostile} ${tag}${suffix}`, definition },
    });
    expect(created.status()).toBe(201);
  }
  await loadSegmentsPage(page);
  for (const suffix of ['A', 'B']) {
    const row = page.getByTestId('saved-segment').filter({ hasText: `${hostile} ${tag}${suffix}` });
    await row.getByRole('checkbox', { name: 'Compare' }).check();
  }
  await expect(page.locator('svg text', { hasText: `${hostile} ${tag}A ∩ ${hostile} ${tag}B` })).toHaveCount(1, {
    timeout: 20_000,
  });
  await page.getByLabel('Segment: new condition').selectOption({ label: 'Did an event' });
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Event name').fill(hostile);
  await page.getByLabel('Segment: new condition').selectOption({ label: 'Trait' });
  await page.getByRole('button', { name: 'Add condition' }).click();
  await page.getByLabel('Trait', { exact: true }).fill('nickname');
  await page.getByLabel('Trait: value', { exact: true }).fill(hostile);
  await expect(page.getByTestId('segment-count')).toHaveText('1', { timeout: 20_000 });
  const table = page.getByTestId('members-table');
  await expect(table.getByRole('columnheader', { name: `${hostile} (last 30 d)` })).toBeVisible();
  await expect(table.getByRole('columnheader', { name: 'Trait nickname' })).toBeVisible();
  await expect(table.getByRole('cell', { name: hostile, exact: true })).toBeVisible();
  await expect(page.locator('main img')).toHaveCount(0);
  expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await screen(page, 'segments-hostile-text');
});

/** Presses Tab (or Shift+Tab) until the focused control is named `name`; fails after 80 presses. */
async function tabTo(page: Page, name: string, backwards = false) {
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return (
        element?.getAttribute('aria-label') ??
        element?.labels?.[0]?.textContent ??
        element?.textContent ??
        ''
      ).trim();
    });
    if (focused === name) return;
  }
  throw new Error(`Tab never reached "${name}"`);
}

test('a condition is built with the keyboard alone, and an RFM cell opens with Enter', async ({ page, request }) => {
  const engine = await engineOverServerEvents(request);
  const atRisk: SegmentTree = { all: [{ kind: 'rfmSegment', segments: ['at risk'] }] };
  const expected = await engine.segmentCount({ tree: atRisk });
  const report = await engine.rfm({});
  await engine.close();
  await loadSegmentsPage(page);

  await page.getByTestId('segment-builder').locator('select').first().focus();
  await tabTo(page, 'Segment: new condition');
  // "Did an event" is selected; one step down is "RFM segment".
  await page.keyboard.press('ArrowDown');
  await expect(page.getByLabel('Segment: new condition')).toHaveValue('rfmSegment');
  await tabTo(page, 'Add condition');
  await page.keyboard.press('Enter');
  await tabTo(page, 'at risk', true);
  await page.keyboard.press('Space');
  await tabTo(page, 'champions', true);
  await page.keyboard.press('Space');
  await expect(page.getByRole('checkbox', { name: 'champions', exact: true })).not.toBeChecked();
  await expect(page.getByRole('checkbox', { name: 'at risk', exact: true })).toBeChecked();
  await expect(page.getByTestId('segment-count')).toHaveText(numberFormat.format(expected), { timeout: 20_000 });

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  const [r, f] = report.grid.flatMap((row, ri) => row.map((n, fi) => [ri + 1, fi + 1, n])).find(([, , n]) => n! > 0)!;
  const cell = page.getByTestId(`rfm-cell-${r}-${f}`);
  await cell.focus();
  await page.keyboard.press('Enter');
  const members = page.getByRole('region', { name: `Customers with R ${r} and F ${f}` });
  await expect(members).toBeVisible();
  // Sorting happens in the engine: revenue, highest first, after one click on its header.
  const revenueHeader = members.getByRole('columnheader', { name: 'Revenue' });
  await revenueHeader.getByRole('button').click();
  await expect(revenueHeader).toHaveAttribute('aria-sort', 'descending');
  const revenueColumn = await members.getByRole('columnheader').allTextContents();
  const index = revenueColumn.findIndex((text) => text.startsWith('Revenue'));
  await expect(members.getByTestId('members-status')).not.toContainText('Loading');
  const revenues = await members
    .getByRole('row')
    .evaluateAll((rows, i) => rows.slice(1).map((row) => row.children[i]?.textContent ?? ''), index);
  const amounts = revenues.filter((text) => text !== '');
  // Money shows its cents, like every revenue figure in the console (injected failure: "40" or "12.5").
  for (const amount of amounts) expect(amount).toMatch(/^\d{1,3}(,\d{3})*\.\d{2}$/);
  const values = amounts.map((text) => Number(text.replaceAll(',', '')));
  expect(values.length).toBeGreaterThan(0);
  expect(values).toEqual([...values].sort((a, b) => b - a));
});
