// The console's lake sync in Chromium: the analytics worker fetches the lake's
// manifest and files and keeps its database in OPFS between visits. The test
// serves the lake's routes itself (page.route) with a fixture lake written by
// parquet-wasm, so it controls every file (and can damage one).
// Each test names the failure it injects; nothing here is timed.
import { expect, test, type Page } from '@playwright/test';
import { keptDatabaseBytesPerEvent } from '@/lib/contracts/analytics';
import { lakeRoutes } from '@/lib/contracts/lake';
import { buildLake, forgetVisitor, lakeEvents, type LakeEvent, type LakeFixture } from '../fixtures/lake-fixture';
import { e2eAdminPassword } from '../fixtures/e2e-env';

const numberFormat = new Intl.NumberFormat('en');
// Six days of five events; days 1-5 compacted into files, day 6 in the tail.
const events: LakeEvent[] = lakeEvents({ days: 6, perDay: 5, customers: 6 });
const baseLake = buildLake(events, { watermark: 25 });

interface ServedLake {
  lake: LakeFixture;
  /** File paths asked for, in order. */
  fileRequests: string[];
  /** Bytes to answer instead of a file's (the injected failure). */
  damage: ((path: string, bytes: Uint8Array) => Uint8Array) | null;
}

/** Serves `served.lake` on the lake's routes for this page and counts the file requests. */
async function serveLake(page: Page, lake: LakeFixture): Promise<ServedLake> {
  const served: ServedLake = { lake, fileRequests: [], damage: null };
  await page.route(`**${lakeRoutes.manifest}`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(served.lake.manifest) }),
  );
  await page.route(`**${lakeRoutes.files}/**`, (route) => {
    const path = new URL(route.request().url()).pathname.slice(lakeRoutes.files.length + 1);
    served.fileRequests.push(path);
    const bytes = served.lake.files.get(path);
    if (!bytes) return route.fulfill({ status: 404 });
    const body = Buffer.from(served.damage ? served.damage(path, bytes) : bytes);
    const sha = served.lake.manifest.files.find((f) => f.path === path)?.sha256;
    return route.fulfill({
      contentType: 'application/vnd.apache.parquet',
      headers: { 'cache-control': 'private, max-age=31536000, immutable', etag: `"${sha}"` },
      body,
    });
  });
  await page.route(`**${lakeRoutes.tail}?afterId=*`, (route) =>
    route.fulfill({ contentType: 'application/vnd.apache.arrow.stream', body: Buffer.from(served.lake.tail) }),
  );
  return served;
}

async function openData(page: Page) {
  await page.goto('/console/data');
}

const rowsShown = (page: Page, rows: number) =>
  expect(page.getByTestId('dataset-rows')).toHaveText(numberFormat.format(rows), { timeout: 30_000 });

test.beforeEach(async ({ page }) => {
  const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
});

test('the second sync fetches only the new file; other pages read the synced data', async ({ page }) => {
  // Injected: new events compacted between the two syncs (the watermark moves past the old tail).
  const served = await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, events.length);
  await expect(page.getByTestId('dataset-customers')).toHaveText('6');
  expect(served.fileRequests).toHaveLength(5);

  const more = [
    ...events,
    ...lakeEvents({ days: 1, perDay: 4 }).map((e, i) => ({ ...e, id: 31 + i, time: e.time + 1 })),
  ];
  served.lake = buildLake(more, { watermark: 30 });
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await rowsShown(page, more.length);
  expect(served.fileRequests.slice(5)).toEqual([served.lake.manifest.files.find((f) => f.firstId === 26)?.path]);

  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  await expect(page.getByTestId('rfm-segments')).toBeVisible({ timeout: 30_000 });
});

test('a file rewritten after a forget is fetched again and the forgotten visitor is gone', async ({ page }) => {
  // Injected: visitor v1 forgotten on the server, its files rewritten with the same id ranges.
  const served = await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, events.length);
  const forgotten = forgetVisitor(baseLake, events, 'v1');
  const tailKept = buildLake(
    events.filter((e) => e.customer !== 'v1'),
    { watermark: 25 },
  );
  served.lake = {
    ...forgotten,
    tail: tailKept.tail,
    manifest: { ...forgotten.manifest, tail: tailKept.manifest.tail },
  };
  const rewritten = forgotten.manifest.files.filter((f) => !baseLake.files.has(f.path)).map((f) => f.path);
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  await rowsShown(page, events.filter((e) => e.customer !== 'v1').length);
  await expect(page.getByTestId('dataset-customers')).toHaveText('5');
  expect(served.fileRequests.slice(5).sort()).toEqual(rewritten.sort());
});

test('a tampered file is refused and fetched again; a truncated one stops the sync with its name', async ({ page }) => {
  // Injected: the first answer for every file has a flipped byte; the second is whole.
  const served = await serveLake(page, baseLake);
  const damaged = new Set<string>();
  served.damage = (path, bytes) => {
    if (damaged.has(path)) return bytes;
    damaged.add(path);
    const copy = new Uint8Array(bytes);
    copy[64] = (copy[64] ?? 0) ^ 0xff;
    return copy;
  };
  await openData(page);
  await rowsShown(page, events.length);
  expect(served.fileRequests).toHaveLength(10);
  for (const file of baseLake.manifest.files)
    expect(served.fileRequests.filter((p) => p === file.path)).toHaveLength(2);

  // Injected: a new file that arrives cut in half, every time.
  const more = [
    ...events,
    ...lakeEvents({ days: 1, perDay: 4 }).map((e, i) => ({ ...e, id: 31 + i, time: e.time + 1 })),
  ];
  served.lake = buildLake(more, { watermark: 30 });
  const bad = served.lake.manifest.files.find((f) => f.firstId === 26)?.path ?? '';
  served.damage = (path, bytes) => (path === bad ? bytes.subarray(0, bytes.length >> 1) : bytes);
  await page.getByRole('button', { name: 'Sync', exact: true }).click();
  const alert = page.getByRole('alert').filter({ hasText: 'The events could not be synced.' });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(`The lake file ${bad} was refused: its sha256`);
  expect(served.fileRequests.filter((p) => p === bad)).toHaveLength(2);
  // What the earlier sync loaded stays, and other pages say the last sync stopped.
  await rowsShown(page, events.length);
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  await expect(page.getByTestId('sync-problem-banner')).toContainText(bad);
  await expect(page.getByTestId('rfm-segments')).toBeVisible({ timeout: 30_000 });
});

test('a small memory budget loads the newest files that fit, and every page says so', async ({ page }) => {
  // Injected: a memory budget of 17 events (the test's setting), so the tail and the two newest files fit.
  // The console keeps its database in OPFS: the window counts that mode's bytes per event.
  await page.addInitScript(
    (budget) => window.localStorage.setItem('kairos.console.budgetBytes', String(budget)),
    17 * keptDatabaseBytesPerEvent,
  );
  const served = await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, 15);
  const banner = page.getByTestId('window-banner');
  await expect(banner).toContainText('15 of 30 events');
  await expect(banner).toContainText("would not fit this browser's memory");
  const newest = [...baseLake.manifest.files].sort((a, b) => b.lastEventAt - a.lastEventAt).slice(0, 2);
  expect(served.fileRequests.sort()).toEqual(newest.map((f) => f.path).sort());
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'Segments' }).click();
  await expect(page.getByTestId('window-banner')).toContainText('15 of 30 events');
  // Choosing a shorter window than the budget allows says why too.
  await page.getByTestId('window-banner').getByTestId('window-choice').selectOption({ label: 'Last 7 days' });
  await expect(page.getByTestId('window-banner')).toContainText('15 of 30 events');
});

test('a reload with no new data fetches no file; forgetting local data empties what is kept', async ({ page }) => {
  // Injected: none on the lake; the page is reloaded (a new worker opens the kept database).
  const served = await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, events.length);
  expect(served.fileRequests).toHaveLength(5);
  await page.reload();
  await rowsShown(page, events.length);
  expect(served.fileRequests).toHaveLength(5);

  await page.getByRole('button', { name: 'Forget local data' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Forget local data' }).click();
  await expect(page.getByTestId('dataset-forgotten')).toBeVisible();
  await page.goto('/console/segments');
  await expect(page.getByTestId('dataset-needed')).toBeVisible();
  await page.getByRole('button', { name: 'Load server events' }).click();
  await expect(page.getByTestId('segment-builder')).toBeVisible({ timeout: 30_000 });
  expect(served.fileRequests).toHaveLength(10);
});

test('a reload finds new tail events and keeps them: the reopened database commits and checkpoints', async ({
  page,
}) => {
  // Injected: two more tail events between visits. A reopened database whose write-ahead log is
  // empty or gone after the last checkpoint must still take the sync's commits (a snapshot opened
  // with a merely prepared, empty log once failed them: lib/analytics/duckdb-browser.ts).
  const served = await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, events.length);
  await page.reload();
  await rowsShown(page, events.length);
  const more = [
    ...events,
    ...lakeEvents({ days: 1, perDay: 2 }).map((e, i) => ({ ...e, id: 31 + i, time: e.time + 1 })),
  ];
  served.lake = buildLake(more, { watermark: 25 });
  await page.reload();
  await rowsShown(page, more.length);
  await page.reload();
  await rowsShown(page, more.length);
  expect(served.fileRequests).toHaveLength(5);
});

test('logging out deletes the events this browser kept for the console', async ({ page }) => {
  // Injected: a console that leaves visitors' events in the browser after its user logged out.
  await serveLake(page, baseLake);
  await openData(page);
  await rowsShown(page, events.length);
  const kept = () =>
    page.evaluate(async () => {
      const root = (await navigator.storage.getDirectory()) as unknown as { keys(): AsyncIterable<string> };
      const names: string[] = [];
      for await (const name of root.keys()) names.push(name);
      return names;
    });
  expect(await kept()).toContain('kairos-console.duckdb');
  await page.getByRole('button', { name: 'Log out' }).click();
  await expect(page.getByTestId('logged-out')).toHaveText(/the events this browser kept for the console are deleted/);
  expect(await kept()).not.toContain('kairos-console.duckdb');
  expect(await page.evaluate(() => caches.has('kairos-lake-files'))).toBe(false);
});
