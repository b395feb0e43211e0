// Saved segments in the console: overlap, rename, duplicate, publish, new
// versions and delete, and the published RFM model devices score themselves
// with (its route refuses malformed models and visitors without a session).
import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { SegmentTree } from '@/lib/contracts/segment';
import { segmentComparison } from '@/lib/results/segment-comparison';
import { loginAsAdmin } from '../fixtures/admin';
import { loadSegmentsPage, screen } from '../fixtures/console-segments';
import { engineOverServerEvents } from '../fixtures/server-engine';

const numberFormat = new Intl.NumberFormat('en');
// Each test loads the data twice (the Node engine and the page's worker) on a shared machine.
test.describe.configure({ timeout: 120_000 });

test('saved segments: overlap, rename, duplicate, publish, new version, delete after confirming; the RFM model is published', async ({
  page,
  request,
}) => {
  const engine = await engineOverServerEvents(request);
  const champions: SegmentTree = { kind: 'rfmSegment', segments: ['champions'] };
  const mobile: SegmentTree = { kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] };
  const regions = await engine.segmentOverlap({ trees: [champions, mobile] });
  const model = (await engine.rfm({})).model;
  const widened: SegmentTree = { all: [{ kind: 'rfmSegment', segments: ['champions', 'loyal'] }] };
  const widenedSize = await engine.segmentCount({ tree: widened });
  const compared = segmentComparison(
    ['champions', 'mobile'],
    await engine.segmentComparison({ trees: [champions, mobile] }),
  );
  const correlation = await engine.measureCorrelation({ x: 'sessions', y: 'orders' });
  await engine.close();
  const tag = randomUUID().slice(0, 6);
  for (const [name, definition] of [
    [`Champions ${tag}`, champions],
    [`Mobile ${tag}`, mobile],
  ] as const) {
    const created = await request.post('/api/admin/segments', { data: { name, definition } });
    expect(created.status()).toBe(201);
  }
  await loadSegmentsPage(page);
  const row = (name: string) => page.getByTestId('saved-segment').filter({ hasText: name });

  // Overlap of the two: each region's count is the engine's.
  await row(`Champions ${tag}`).getByRole('checkbox', { name: 'Compare' }).check();
  await row(`Mobile ${tag}`).getByRole('checkbox', { name: 'Compare' }).check();
  const overlap = page.getByTestId('overlap-table');
  const count = (mask: number) => numberFormat.format(regions.find((region) => region.mask === mask)?.customers ?? 0);
  await expect(overlap.getByRole('row', { name: `Champions ${tag} only ${count(1)}` })).toBeVisible({
    timeout: 20_000,
  });
  await expect(overlap.getByRole('row', { name: `Mobile ${tag} only ${count(2)}` })).toBeVisible();
  await expect(overlap.getByRole('row', { name: `Champions ${tag} ∩ Mobile ${tag} ${count(3)}` })).toBeVisible();
  await screen(page, 'segments-overlap');

  // Side by side: the figures are the engine's; the second segment's differences carry their test.
  const table = page.getByTestId('segment-comparison');
  const kpi = (key: string) => compared.kpis.find((k) => k.key === key)!;
  await expect(table.getByTestId('kpi-visitors').getByRole('cell').nth(0)).toHaveText(
    numberFormat.format(kpi('visitors').values[0] ?? 0),
  );
  await expect(table.getByTestId('kpi-visitors').getByRole('cell').nth(1)).toHaveText(
    numberFormat.format(kpi('visitors').values[1] ?? 0),
  );
  const rate = kpi('conversionRate').values[1] ?? null;
  await expect(table.getByTestId('kpi-conversionRate').getByRole('cell').nth(1)).toContainText(
    rate === null ? '–' : `${(rate * 100).toFixed(1)}%`,
  );
  await expect(page.getByTestId('compare-summary')).not.toBeEmpty();
  await expect(page.getByTestId('correlation-text')).toContainText(
    `Over ${numberFormat.format(correlation.customers)} customers: Pearson's r = ${correlation.pearson?.toFixed(2)}`,
  );
  await expect(page.getByTestId('correlation-plot').locator('svg[aria-label]')).toBeVisible();

  await page.getByRole('button', { name: `Rename Champions ${tag}` }).click();
  await page.getByLabel(`New name for Champions ${tag}`).fill(`Best ${tag}`);
  await page.getByRole('button', { name: 'Save name' }).click();
  await expect(row(`Best ${tag}`)).toBeVisible();
  // The keyboard stays on the renamed segment (injected failure: the name field went away and
  // the focus fell to the page's body, so a keyboard user started over from the top).
  await expect(page.getByRole('button', { name: `Rename Best ${tag}` })).toBeFocused();
  // Escape cancels a rename and also gives the focus back.
  await page.keyboard.press('Enter');
  await expect(page.getByLabel(`New name for Best ${tag}`)).toBeFocused();
  await page.keyboard.press('Escape');
  await expect(page.getByLabel(`New name for Best ${tag}`)).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Rename Best ${tag}` })).toBeFocused();
  await page.getByRole('button', { name: `Duplicate Best ${tag}` }).click();
  await expect(row(`Best ${tag} (copy)`)).toBeVisible();

  await page.getByRole('button', { name: `Publish Best ${tag}`, exact: true }).click();
  await expect(row(`Best ${tag}`).first()).toContainText('published');
  const stored = async (name: string) =>
    (
      (await (await page.request.get('/api/admin/segments')).json()) as {
        segments: { name: string; publishedAt: string | null }[];
      }
    ).segments.find((s) => s.name === name);
  expect((await stored(`Best ${tag}`))?.publishedAt).not.toBeNull();

  // Open it, widen it to champions or loyal, save a new version: version 2, its size recorded, unpublished.
  await page.getByRole('button', { name: `Open Best ${tag}`, exact: true }).click();
  await expect(page.getByRole('checkbox', { name: 'champions', exact: true })).toBeChecked();
  await page.getByRole('checkbox', { name: 'loyal', exact: true }).check();
  await expect(page.getByTestId('segment-count')).toHaveText(numberFormat.format(widenedSize), { timeout: 20_000 });
  await page.getByRole('button', { name: `Save new version of “Best ${tag}”` }).click();
  await expect(row(`Best ${tag}`).first()).toContainText('v2');
  const version = (await stored(`Best ${tag}`)) as unknown as {
    version: number;
    definition: SegmentTree;
    sizeHistory: { size: number }[];
    publishedAt: string | null;
  };
  expect(version).toMatchObject({ version: 2, definition: widened, publishedAt: null });
  expect(version.sizeHistory.map((point) => point.size)).toEqual([widenedSize]);

  // "Save as new segment" on the open one never makes a second "Best": "(copy)" is taken, so "(copy 2)".
  // Injected failure: the typed name saved as is, two segments named alike.
  await page.getByRole('button', { name: 'Save as new segment' }).click();
  await expect(row(`Best ${tag} (copy 2)`)).toBeVisible();
  expect((await stored(`Best ${tag} (copy 2)`)) as unknown).toMatchObject({ definition: widened });
  // The page says which name it took: the builder now edits that one.
  await expect(page.getByRole('heading', { name: `Editing “Best ${tag} (copy 2)” (v1)` })).toBeVisible();
  // "New segment" clears the builder and closes the open segment.
  await page.getByRole('button', { name: 'New segment', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'New segment', exact: true })).toBeVisible();
  await expect(page.getByLabel('Segment name')).toHaveValue('');
  await expect(page.getByRole('checkbox', { name: 'champions', exact: true })).toHaveCount(0);

  // Delete asks first: Cancel keeps the segment, Delete removes it.
  await page.getByRole('button', { name: `Delete Best ${tag} (copy)` }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete this segment?' });
  await expect(dialog).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  await expect(dialog).toBeHidden();
  expect(await stored(`Best ${tag} (copy)`)).toBeDefined();
  await page.getByRole('button', { name: `Delete Best ${tag} (copy)` }).click();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(row(`Best ${tag} (copy)`)).toHaveCount(0);
  expect(await stored(`Best ${tag} (copy)`)).toBeUndefined();

  // RFM: publish the engine's model for devices.
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  await page.getByRole('button', { name: 'Publish RFM model for devices' }).click();
  await expect(page.getByTestId('rfm-published')).toContainText('Devices score themselves with this model');
  const published = (await (await page.request.get('/api/admin/rfm-model')).json()) as { model: unknown };
  expect(published.model).toEqual(model);
  await screen(page, 'rfm-published');
});

test('the RFM model route refuses a malformed model and visitors without a session', async ({
  request,
  playwright,
}) => {
  const anonymous = await playwright.request.newContext({ baseURL: test.info().project.use.baseURL });
  expect((await anonymous.put('/api/admin/rfm-model', { data: {} })).status()).toBe(401);
  expect((await anonymous.post('/api/admin/segments/1/publish')).status()).toBe(401);
  await anonymous.dispose();
  await loginAsAdmin(request);
  // Injected: cut points that decrease, and a grid with an unknown segment name.
  const bad = await request.put('/api/admin/rfm-model', {
    data: {
      version: 1,
      asOf: 0,
      cutPoints: { recencyDays: [5, 4, 3, 2], frequency: [1, 1, 1, 2], monetaryCents: [1, 2, 3, 4] },
      segmentGrid: [],
    },
  });
  expect(bad.status()).toBe(400);
  expect((await bad.json()).error.message).toMatch(/cutPoints|segmentGrid/);
  expect((await request.post('/api/admin/segments/999999999/publish')).status()).toBe(404);
});

test('after publishing, a reload over the same events says devices use this very model', async ({ page }) => {
  // Injected failure: comparing the jsonb-stored model (keys reordered) byte for byte says "an older model".
  await loadSegmentsPage(page);
  // An earlier test may have published this very model: make the devices' copy an older one first.
  const current = (await (await page.request.get('/api/admin/rfm-model')).json()) as {
    model: { asOf: number } | null;
  };
  if (current.model) {
    const older = { ...current.model, asOf: current.model.asOf - 86_400_000 };
    expect((await page.request.put('/api/admin/rfm-model', { data: older })).ok()).toBe(true);
  }
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  await page.getByRole('button', { name: 'Publish RFM model for devices' }).click();
  await expect(page.getByTestId('rfm-published')).toContainText('Devices score themselves with this model');
  await page.reload();
  await page.getByRole('button', { name: 'Load server events' }).click();
  await expect(page.getByTestId('rfm-published')).toContainText('Devices score themselves with this model', {
    timeout: 60_000,
  });
  await expect(page.getByRole('button', { name: 'Publish RFM model for devices' })).toBeDisabled();
});
