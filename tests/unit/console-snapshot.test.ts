// The console snapshot (lib/lake/console-snapshot.ts): a lake's closed days
// written by the server's DuckDB as a database the console's DuckDB-WASM
// opens, holding what a sync of those files leaves, and following the lake:
// kept while its files are the lake's, dropped the moment a forget rewrites
// one, rebuilt without the forgotten visitor.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { lakeManifestSchema } from '@/lib/contracts/lake';
import {
  currentSnapshot,
  readSnapshotRecord,
  refreshConsoleSnapshot,
  snapshotEntry,
  snapshotFolder,
  snapshotTablesVersion,
} from '@/lib/lake/console-snapshot';
import { commitManifest, type StoredManifest } from '@/lib/lake/manifest-store';
import { nodeDuckDbBindings } from '@/lib/analytics/duckdb-node';
import { usableSnapshot } from '@/lib/analytics/lake-snapshot';
import { buildLake, forgetVisitor, lakeEvents, type LakeFixture } from '../fixtures/lake-fixture';

const dayMs = 86_400_000;

// Five days of six events; every day's file is compacted, the tail is empty.
const events = lakeEvents({ days: 5, perDay: 6, customers: 7 });
const fixture = buildLake(events);
const lastDay = fixture.manifest.files.at(-1)?.date ?? '';
/** Noon of the last day: that day is open, the four before it are closed. */
const noonOfLastDay = Date.parse(`${lastDay}T12:00:00Z`);

interface WasmDb {
  rows(sql: string): Record<string, unknown>[];
}

/** The snapshot opened by the console's own DuckDB (DuckDB-WASM's Node build: the same engine as the browser's). */
async function openInConsoleDuckDb(file: string): Promise<WasmDb> {
  const bindings = await nodeDuckDbBindings();
  bindings.open({ query: { castBigIntToDouble: true } });
  bindings.registerFileBuffer('snapshot.duckdb', new Uint8Array(readFileSync(file)));
  // The blocking build's connection also answers SQL directly (not in the engine's slice of it).
  const connection = bindings.connect() as unknown as {
    query(sql: string): { toArray(): { toJSON(): Record<string, unknown> }[] };
  };
  connection.query("ATTACH 'snapshot.duckdb' AS snapshot (READ_ONLY)");
  connection.query('USE snapshot');
  return {
    rows: (sql) =>
      connection
        .query(sql)
        .toArray()
        .map((row) => row.toJSON()),
  };
}

describe('the console snapshot', () => {
  let lakeDir: string;

  async function writeLake(lake: LakeFixture): Promise<StoredManifest> {
    for (const [relative, bytes] of lake.files) {
      mkdirSync(path.dirname(path.join(lakeDir, relative)), { recursive: true });
      writeFileSync(path.join(lakeDir, relative), bytes);
    }
    const { version, watermark, files } = lake.manifest;
    return commitManifest(lakeDir, { version, watermark, files });
  }

  const snapshotFile = async () => {
    const record = await readSnapshotRecord(lakeDir);
    if (!record) throw new Error('no snapshot');
    return { record, file: path.join(snapshotFolder(lakeDir), record.name) };
  };

  beforeEach(() => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-snapshot-'));
  });
  afterEach(() => {
    rmSync(lakeDir, { recursive: true, force: true });
  });

  test("holds the closed days' events in the console's tables, readable by the console's DuckDB", async () => {
    // Fault looked for: a file the console's older DuckDB refuses (written in the server's newer storage
    // version), or tables that differ from what a sync of the same files leaves.
    const manifest = await writeLake(fixture);
    expect(await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true })).toBe('built');
    const { record, file } = await snapshotFile();
    const closed = events.filter((e) => new Date(e.time).toISOString().slice(0, 10) < lastDay);
    const dayBefore = new Date(noonOfLastDay - dayMs).toISOString().slice(0, 10);
    expect(record).toMatchObject({ rows: closed.length, through: dayBefore, storageVersion: 'v1.4.0' });

    const db = await openInConsoleDuckDb(file);
    const rows = db.rows('SELECT row_id, customer, event FROM events ORDER BY row_id');
    expect(rows).toEqual(closed.map((e) => ({ row_id: e.id, customer: e.customer, event: e.name })));
    expect(db.rows('SELECT count(*) AS n FROM visitors')[0]?.n).toBe(new Set(closed.map((e) => e.customer)).size);
    expect(db.rows('SELECT count(*) AS n FROM purchases')[0]?.n).toBe(
      closed.filter((e) => e.name === 'Order Completed').length,
    );
    expect(db.rows('SELECT count(*) AS n FROM event_props')[0]?.n).toBe(closed.length);
    // The ledger names exactly the closed files; the tail it saw was empty, as a sync records it.
    const ledger = db.rows('SELECT path FROM lake_files ORDER BY path').map((row) => row.path);
    expect(ledger).toEqual(manifest.files.filter((f) => f.date < lastDay).map((f) => f.path));
    const [state] = db.rows('SELECT watermark, tail_sha256, summary_json FROM lake_state');
    expect(state).toMatchObject({ watermark: manifest.watermark, tail_sha256: null });
    expect(JSON.parse(String(state?.summary_json))).toMatchObject({ rows: closed.length });
  });

  test('is named in the manifest while current; a new open-day file keeps it, a changed closed file does not', async () => {
    // Fault looked for: a snapshot served after its files changed, or one a cold console cannot fully use.
    const manifest = await writeLake(fixture);
    await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true });
    const record = await readSnapshotRecord(lakeDir);
    expect(currentSnapshot(record, manifest.files)).toEqual(record);
    const entry = record && snapshotEntry(record);
    const served = lakeManifestSchema.parse({ ...fixture.manifest, snapshot: entry });
    expect(usableSnapshot(served, served.files)).toEqual(entry);
    // A memory window that leaves out the oldest day cannot start from a snapshot holding it.
    expect(usableSnapshot(served, served.files.slice(1))).toBeNull();

    const replaced = manifest.files.map((f, i) => (i === 0 ? { ...f, sha256: 'f'.repeat(64) } : f));
    expect(currentSnapshot(record, replaced)).toBeNull();
  });

  test('a second refresh with the same closed days keeps the file; nothing temporary is left', async () => {
    // Fault looked for: a rebuild on every compaction run, or a half-written file left beside the snapshot.
    const manifest = await writeLake(fixture);
    await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true });
    const first = await readSnapshotRecord(lakeDir);
    expect(await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true })).toBe('current');
    expect(await readSnapshotRecord(lakeDir)).toEqual(first);
    expect(readdirSync(snapshotFolder(lakeDir)).sort()).toEqual([first?.name, 'snapshot.json'].sort());
    // The next day closes the last one: the snapshot is rebuilt to hold it.
    expect(await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay + dayMs, build: true })).toBe('built');
    expect((await readSnapshotRecord(lakeDir))?.rows).toBe(events.length);
    expect(readdirSync(snapshotFolder(lakeDir))).toHaveLength(2);
  });

  test("a snapshot of an older console's tables is not served, and the next refresh rebuilds it", async () => {
    // Fault looked for: a snapshot every cold console downloads and then refuses (its tables lack the
    // visitors' own customer_key), served until the next closed day. Injected: its record without
    // the tables' version, as a server before it wrote them.
    const manifest = await writeLake(fixture);
    await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true });
    const { record } = await snapshotFile();
    const older = JSON.stringify({ ...record, tables: undefined });
    writeFileSync(path.join(snapshotFolder(lakeDir), 'snapshot.json'), `${older}\n`);
    expect(currentSnapshot(await readSnapshotRecord(lakeDir), manifest.files)).toBeNull();
    expect(await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true })).toBe('built');
    expect((await readSnapshotRecord(lakeDir))?.tables).toBe(snapshotTablesVersion);
  });

  test("a forget drops the snapshot at once, and the rebuilt one holds none of the visitor's events", async () => {
    // Fault looked for: a forgotten visitor's events still on disk, or still served, in the snapshot.
    const manifest = await writeLake(fixture);
    await refreshConsoleSnapshot(lakeDir, manifest, { now: noonOfLastDay, build: true });
    const { file: before } = await snapshotFile();

    const forgotten = forgetVisitor(fixture, events, 'v1');
    const after = await writeLake(forgotten);
    expect(currentSnapshot(await readSnapshotRecord(lakeDir), after.files)).toBeNull();
    // A run that does not rebuild (one a request waits for) still removes it.
    expect(await refreshConsoleSnapshot(lakeDir, after, { now: noonOfLastDay })).toBe('dropped');
    expect(await readSnapshotRecord(lakeDir)).toBeNull();
    expect(readdirSync(snapshotFolder(lakeDir))).toEqual([]);
    expect(() => readFileSync(before)).toThrow();

    expect(await refreshConsoleSnapshot(lakeDir, after, { now: noonOfLastDay, build: true })).toBe('built');
    const { file } = await snapshotFile();
    const db = await openInConsoleDuckDb(file);
    expect(db.rows("SELECT count(*) AS n FROM events WHERE customer = 'v1'")[0]?.n).toBe(0);
    expect(db.rows("SELECT count(*) AS n FROM visitors WHERE customer = 'v1'")[0]?.n).toBe(0);
    const kept = events.filter((e) => e.customer !== 'v1' && new Date(e.time).toISOString().slice(0, 10) < lastDay);
    expect(db.rows('SELECT count(*) AS n FROM events')[0]?.n).toBe(kept.length);
  });
});
