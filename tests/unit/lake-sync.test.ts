// The lake sync against the Node engine, over a real loopback server that
// serves a fixture lake (the server's routes are not on this branch yet).
// Each test names the failure it injects; none times anything.
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { chooseLakeFiles } from '@/lib/analytics/lake-window';
import { bytesPerEventKept, engineBytesPerEvent } from '@/lib/contracts/analytics';
import { buildLake, forgetVisitor, lakeEvents, type LakeEvent } from '../fixtures/lake-fixture';
import { fileRequests, startLakeServer, type LakeServer } from '../fixtures/lake-server';

const budgetBytes = 1e9;
let engine: DuckDbEngine;
let server: LakeServer;
const events: LakeEvent[] = lakeEvents({ days: 4, perDay: 5, customers: 6 });
// Days 1-3 compacted into files; day 4 is the tail.
const lake = buildLake(events, { watermark: 15 });

beforeAll(async () => {
  engine = await createNodeEngine();
  server = await startLakeServer(lake);
});
afterAll(async () => {
  await engine.close();
  await server.close();
});
afterEach(() => {
  server.fixture = lake;
  server.damage = null;
});

const sync = (extra: { full?: boolean; budgetBytes?: number; days?: number | null } = {}) =>
  engine.syncLake({ manifestUrl: server.manifestUrl, budgetBytes, ...extra });

const customersOf = async () =>
  (await engine.query({ sql: 'SELECT DISTINCT customer FROM visitors ORDER BY 1' })).rows.map((r) => r.customer);

describe('lake sync (Node engine, loopback lake)', () => {
  test('a first sync loads every file and the tail, with the server id as the row id', async () => {
    const result = await sync({ full: true });
    expect(result.summary.rows).toBe(events.length);
    expect(result.fetchedFiles).toBe(3);
    expect(result.window).toMatchObject({ loadedRows: 20, totalRows: 20, loadedFiles: 3, limitedBy: null });
    const ids = await engine.query({ sql: 'SELECT min(row_id) AS lo, max(row_id) AS hi FROM events' });
    expect(ids.rows[0]).toEqual({ lo: 1, hi: 20 });
    const props = await engine.query({ sql: `SELECT count(*) AS n FROM event_props WHERE key = 'sku'` });
    expect(props.rows[0]?.n).toBe(20);
    expect(await customersOf()).toEqual(['v0', 'v1', 'v2', 'v3', 'v4', 'v5']);
  });

  test('no new data: a second sync fetches no file and changes nothing', async () => {
    await sync({ full: true });
    const before = fileRequests(server).length;
    const result = await sync();
    expect(fileRequests(server).length).toBe(before);
    expect(result).toMatchObject({ fetchedFiles: 0, droppedFiles: 0, changed: false });
    expect(result.summary.rows).toBe(events.length);
  });

  test('new data compacted (injected: the watermark moves past the old tail): only the new file is fetched', async () => {
    await sync({ full: true });
    const more = [
      ...events,
      ...lakeEvents({ days: 1, perDay: 3 }).map((e, i) => ({ ...e, id: 21 + i, time: e.time + 1 })),
    ];
    server.fixture = buildLake(more, { watermark: 20 });
    const before = fileRequests(server);
    const result = await sync();
    const fetched = fileRequests(server).slice(before.length);
    expect(fetched).toHaveLength(1);
    expect(fetched[0]).toMatch(/part-16-20-/);
    expect(result.summary.rows).toBe(more.length);
    const dupes = await engine.query({ sql: 'SELECT count(*) - count(DISTINCT row_id) AS n FROM events' });
    expect(dupes.rows[0]?.n).toBe(0);
  });

  test('new events in the tail only (injected: the same watermark, two more events): no file is fetched', async () => {
    await sync({ full: true });
    const more = [
      ...events,
      ...lakeEvents({ days: 1, perDay: 2 }).map((e, i) => ({ ...e, id: 21 + i, time: e.time + 1 })),
    ];
    server.fixture = buildLake(more, { watermark: 15 });
    const before = fileRequests(server).length;
    const result = await sync();
    expect(fileRequests(server).length).toBe(before);
    expect(result).toMatchObject({ fetchedFiles: 0, changed: true });
    expect(result.summary.rows).toBe(more.length);
  });

  test('a file rewritten after a forget (injected: new sha for the same id range) is fetched again and the visitor is gone', async () => {
    await sync({ full: true });
    const forgotten = forgetVisitor(lake, events, 'v1');
    // The tail would hold the visitor too: the server forgets there as well.
    server.fixture = buildLake(
      events.filter((e) => e.customer !== 'v1' || e.id <= 15),
      { watermark: 15 },
    );
    server.fixture = { ...server.fixture, manifest: forgotten.manifest, files: forgotten.files };
    const changedPaths = forgotten.manifest.files.filter((f) => !lake.files.has(f.path)).map((f) => f.path);
    const before = fileRequests(server).length;
    const result = await sync();
    expect(fileRequests(server).slice(before).sort()).toEqual(changedPaths.sort());
    expect(result.droppedFiles).toBe(changedPaths.length);
    expect(await customersOf()).not.toContain('v1');
    expect(result.summary.rows).toBe(events.filter((e) => e.customer !== 'v1').length);
  });

  test('a tampered file (injected: one byte flipped on the first answer) is refused, fetched again and loaded', async () => {
    const damaged = new Set<string>();
    server.damage = (path, bytes) => {
      if (damaged.has(path)) return bytes;
      damaged.add(path);
      const copy = new Uint8Array(bytes);
      copy[100] = (copy[100] ?? 0) ^ 0xff;
      return copy;
    };
    const before = fileRequests(server).length;
    const result = await sync({ full: true });
    expect(fileRequests(server).length - before).toBe(6);
    expect(result.summary.rows).toBe(events.length);
  });

  test('a file truncated every time (injected: half its bytes) stops the sync with an error naming it; what was loaded stays', async () => {
    await sync({ full: true });
    const more = [
      ...events,
      ...lakeEvents({ days: 1, perDay: 3 }).map((e, i) => ({ ...e, id: 21 + i, time: e.time + 1 })),
    ];
    server.fixture = buildLake(more, { watermark: 20 });
    const bad = server.fixture.manifest.files.find((f) => f.firstId === 16);
    server.damage = (path, bytes) => (path === bad?.path ? bytes.subarray(0, bytes.length >> 1) : bytes);
    const before = fileRequests(server).length;
    await expect(sync()).rejects.toThrow(
      new RegExp(`lake file ${bad?.path.replace(/[.]/g, '\\.')} was refused: its sha256`),
    );
    expect(fileRequests(server).slice(before)).toEqual([bad?.path, bad?.path]);
    // The files and the old tail (ids 16-20, which the refused file was to replace) are all still there.
    const rows = await engine.query({ sql: 'SELECT count(*) AS n, max(row_id) AS hi FROM events' });
    expect(rows.rows[0]).toEqual({ n: 20, hi: 20 });
    // The next sync, with the file whole again, loads it.
    server.damage = null;
    expect((await sync()).summary.rows).toBe(more.length);
  });

  test('the memory window (injected: a budget of 12 events) loads the newest files that fit and the tail', async () => {
    const result = await sync({ full: true, budgetBytes: 12 * engineBytesPerEvent });
    // Tail 5 + newest file 5 fit; the next 5 would make 15.
    expect(result.window).toMatchObject({ loadedRows: 10, totalRows: 20, loadedFiles: 1, limitedBy: 'memory' });
    expect(result.summary.rows).toBe(10);
    const oldest = await engine.query({ sql: 'SELECT min(row_id) AS lo FROM events' });
    expect(oldest.rows[0]?.lo).toBe(11);
    // Widening the budget back fetches only the two older files.
    const before = fileRequests(server).length;
    const wide = await sync();
    expect(fileRequests(server).length - before).toBe(2);
    expect(wide.window.limitedBy).toBeNull();
  });

  test('files written before the place columns (injected: the first two days without them) load with no place', async () => {
    server.fixture = buildLake(events, { watermark: 15, daysBeforeGeo: 2 });
    const result = await sync({ full: true });
    expect(result.summary.rows).toBe(events.length);
    const places = await engine.query({
      sql: "SELECT count(*) FILTER (WHERE country IS NULL) AS unplaced, count(*) FILTER (WHERE country = 'FR') AS fr FROM events",
    });
    const placedFr = events.filter((event) => event.id > 10 && event.country === 'FR').length;
    expect(places.rows[0]).toEqual({ unplaced: 10, fr: placedFr });
  });

  test('a manifest that breaks the contract (injected: a bad sha) is refused before anything is fetched', async () => {
    const [first, ...rest] = lake.manifest.files;
    server.fixture = { ...lake, manifest: { ...lake.manifest, files: [{ ...first!, sha256: 'nope' }, ...rest] } };
    await expect(sync()).rejects.toThrow(/lake manifest does not match the contract: files\.0\.sha256/);
  });

  test('forgetting local data empties the engine and the next sync starts over', async () => {
    await sync({ full: true });
    expect((await engine.forgetLocalData()).rows).toBe(0);
    expect((await engine.lakeStatus()).window).toBeNull();
    expect((await sync()).fetchedFiles).toBe(3);
  });
});

describe('lake window choice', () => {
  test('days: only files reaching into the last N days of the newest event', () => {
    const chosen = chooseLakeFiles(lake.manifest, budgetBytes, 1);
    expect(chosen.files.map((f) => f.date)).toEqual(['2025-12-30', '2025-12-29']);
    expect(chosen.limitedBy).toBe('days');
  });

  test("the console's default budget (2 GB) holds a 10M-event lake whole with the database kept, not with the files", () => {
    const rows = 10_000_000 / lake.manifest.files.length;
    const large = { ...lake.manifest, files: lake.manifest.files.map((file) => ({ ...file, rows })) };
    expect(chooseLakeFiles(large, 2 * 2 ** 30, null, bytesPerEventKept('database')).limitedBy).toBeNull();
    expect(chooseLakeFiles(large, 2 * 2 ** 30, null, bytesPerEventKept('files')).limitedBy).toBe('memory');
  });
});
