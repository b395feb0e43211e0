// A cold console starting from the server's console snapshot (one DuckDB file
// of the lake's closed days, lib/lake/console-snapshot.ts) in Chromium: it
// fetches the snapshot and only the files after it, and shows what the
// file-by-file sync shows; a snapshot that is not the manifest's is refused
// and the lake loaded file by file. The lake's routes are served here
// (page.route) from a fixture lake; the snapshot is built by the server's code.
// Each test names the failure it injects; nothing here is timed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { lakeRoutes, type LakeManifest } from '@/lib/contracts/lake';
import { buildLake, lakeEvents } from '../fixtures/lake-fixture';
import { e2eAdminPassword } from '../fixtures/e2e-env';

const numberFormat = new Intl.NumberFormat('en');
// Six days of eight events, days 1-5 closed (the snapshot), day 6 open; four events in the tail.
const events = lakeEvents({ days: 6, perDay: 8, customers: 9 });
const lake = buildLake(events, { watermark: 44 });
const lastDay = lake.manifest.files.at(-1)?.date ?? '';

interface Snapshot {
  name: string;
  sha256: string;
  bytes: number;
  rows: number;
  through: string;
  storageVersion: string;
  bytesOnDisk: Uint8Array;
}

let lakeDir = '';
let snapshot: Snapshot;

test.beforeAll(() => {
  lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-e2e-snapshot-'));
  for (const [relative, bytes] of lake.files) {
    mkdirSync(path.dirname(path.join(lakeDir, relative)), { recursive: true });
    writeFileSync(path.join(lakeDir, relative), bytes);
  }
  const { version, watermark, files, generatedAt } = lake.manifest;
  writeFileSync(path.join(lakeDir, 'manifest.json'), JSON.stringify({ version, watermark, files, generatedAt }));
  const record = JSON.parse(
    execFileSync(
      'npx',
      [
        'tsx',
        '--conditions=react-server',
        'tests/fixtures/console-snapshot-build.ts',
        lakeDir,
        String(Date.parse(`${lastDay}T12:00:00Z`)),
      ],
      { encoding: 'utf8' },
    ),
  ) as Omit<Snapshot, 'bytesOnDisk'>;
  snapshot = { ...record, bytesOnDisk: readFileSync(path.join(lakeDir, 'snapshot', record.name)) };
});

test.afterAll(() => {
  rmSync(lakeDir, { recursive: true, force: true });
});

test.beforeEach(async ({ page }) => {
  const login = await page.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
});

/** Serves the lake (naming the snapshot when `offer`) and records what the console fetched. */
async function serveLake(page: Page, offer: { damaged?: boolean } | null) {
  const fetched = { files: [] as string[], snapshots: 0 };
  const url = `${lakeRoutes.snapshot}/${snapshot.name}`;
  const manifest: LakeManifest = offer
    ? {
        ...lake.manifest,
        snapshot: {
          url,
          sha256: snapshot.sha256,
          bytes: snapshot.bytes,
          rows: snapshot.rows,
          through: snapshot.through,
          storageVersion: snapshot.storageVersion,
        },
      }
    : lake.manifest;
  await page.route(`**${lakeRoutes.manifest}`, (route) =>
    route.fulfill({ contentType: 'application/json', body: JSON.stringify(manifest) }),
  );
  await page.route(`**${lakeRoutes.files}/**`, (route) => {
    const file = new URL(route.request().url()).pathname.slice(lakeRoutes.files.length + 1);
    fetched.files.push(file);
    const bytes = lake.files.get(file);
    return bytes
      ? route.fulfill({ contentType: 'application/vnd.apache.parquet', body: Buffer.from(bytes) })
      : route.fulfill({ status: 404 });
  });
  await page.route(`**${url}`, (route) => {
    fetched.snapshots++;
    const body = Buffer.from(snapshot.bytesOnDisk);
    if (offer?.damaged) body[4096] = (body[4096] ?? 0) ^ 0xff;
    return route.fulfill({ contentType: 'application/vnd.duckdb', body });
  });
  await page.route(`**${lakeRoutes.tail}?afterId=*`, (route) =>
    route.fulfill({ contentType: 'application/vnd.apache.arrow.stream', body: Buffer.from(lake.tail) }),
  );
  return fetched;
}

/** The Data page's figures and the RFM grid, as the marketer reads them. */
async function loadedView(page: Page) {
  await page.goto('/console/data');
  await expect(page.getByTestId('dataset-rows')).toHaveText(numberFormat.format(events.length), { timeout: 30_000 });
  const customers = await page.getByTestId('dataset-customers').innerText();
  await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: 'RFM' }).click();
  const grid = page.getByTestId('rfm-segments');
  await expect(grid).toBeVisible({ timeout: 30_000 });
  return { customers, grid: await grid.innerText() };
}

test('a cold console opens the snapshot, fetches only the open day, and shows the grid the file sync shows', async ({
  page,
  browser,
}) => {
  // Injected: none on the lake; the same lake loaded cold twice, once with the snapshot named, once without.
  const fromSnapshot = await serveLake(page, {});
  const viaSnapshot = await loadedView(page);
  expect(fromSnapshot.snapshots).toBe(1);
  const openDay = lake.manifest.files.filter((f) => f.date > snapshot.through).map((f) => f.path);
  expect(fromSnapshot.files).toEqual(openDay);
  await page.screenshot({ path: 'test-results/screens/console-snapshot-rfm.png', fullPage: true });

  const context = await browser.newContext();
  const other = await context.newPage();
  const login = await other.request.post('/api/auth/login', { data: { password: e2eAdminPassword } });
  expect(login.status()).toBe(200);
  const fileByFile = await serveLake(other, null);
  const viaFiles = await loadedView(other);
  expect(fileByFile.snapshots).toBe(0);
  expect(fileByFile.files).toHaveLength(lake.manifest.files.length);
  expect(viaSnapshot).toEqual(viaFiles);
  await context.close();

  // The snapshot became the kept database: a reload fetches nothing again.
  await page.reload();
  await expect(page.getByTestId('rfm-segments')).toBeVisible({ timeout: 30_000 });
  expect(fromSnapshot.snapshots).toBe(1);
  expect(fromSnapshot.files).toEqual(openDay);
});

test("a snapshot whose bytes are not the manifest's is refused and the lake is loaded file by file", async ({
  page,
}) => {
  // Injected: one flipped byte in the snapshot the server sends.
  const fetched = await serveLake(page, { damaged: true });
  await loadedView(page);
  expect(fetched.snapshots).toBe(1);
  expect(fetched.files).toHaveLength(lake.manifest.files.length);
});
