// The server's storage, before and after events were partitioned, on the same
// demo events in the same run: ingest throughput on embedded PGlite and on a
// PostgreSQL server, and where the embedded bytes per event go (heap, indexes,
// the message-id ledger, WAL, the whole folder), then what retention leaves once
// the lake holds the events.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { DatabaseHandle } from '@/lib/db';
import { migrateDatabase, openDatabase } from '@/lib/db';
import type { Database } from '@/lib/db/client';
import { toEventRow } from '@/lib/db/event-row';
import { ensureEventPartitions, ensureEventPartitionsBetween } from '@/lib/db/event-partitions';
import { pruneEventsAsConfigured } from '@/lib/db/event-upkeep';
import { storeEvents } from '@/lib/db/event-store';
import { type EventFootprint, eventFootprint } from '@/lib/db/footprint';
import type { events } from '@/lib/db/schema';
import { datasetSummary } from '@/lib/db/stats';
import { generateDemo } from '@/lib/demo';
import { freshPostgres } from '../fixtures/storage-backends';
import type { BenchRow } from './report';
import { oldMigrationsFolder, storeBatchTheOldWay } from '../fixtures/storage-old-path';

const batchSize = 1_000;
const visitors = Number(process.env.KAIROS_BENCH_STORAGE_VISITORS ?? 2_700);
type Row = typeof events.$inferInsert;
type Way = 'old' | 'ours';

interface Run {
  eventsPerSecond: number;
  summaryMs: number;
  footprint?: EventFootprint;
  afterRetention?: EventFootprint;
}

async function migrate(handle: DatabaseHandle, way: Way, rows: Row[]): Promise<void> {
  if (way === 'ours') {
    await migrateDatabase(handle);
    await ensureEventPartitions(handle.db);
    // As the demo seed does before loading past months.
    const first = rows[0]?.receivedAt;
    const last = rows[rows.length - 1]?.receivedAt;
    if (first && last) await ensureEventPartitionsBetween(handle.db, first, last);
    return;
  }
  const migrationsFolder = oldMigrationsFolder();
  const { migrate: run } =
    handle.kind === 'pglite'
      ? await import('drizzle-orm/pglite/migrator')
      : await import('drizzle-orm/node-postgres/migrator');
  await run(handle.db as never, { migrationsFolder });
  rmSync(path.dirname(migrationsFolder), { recursive: true, force: true });
}

async function ingest(db: Database, way: Way, rows: Row[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    if (way === 'old') await storeBatchTheOldWay(db, batch);
    else await db.transaction((tx) => storeEvents(tx as unknown as Database, batch));
  }
  return rows.length / ((performance.now() - started) / 1000);
}

async function summaryMs(db: Database): Promise<number> {
  const started = performance.now();
  await datasetSummary(db);
  return performance.now() - started;
}

/** Embedded PGlite in a data folder of its own, the old way's with PGlite's default start parameters. */
async function openEmbedded(dataDir: string, way: Way): Promise<DatabaseHandle> {
  if (way === 'ours') return openDatabase({ dataDir });
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const client = new PGlite(dataDir);
  await client.waitReady;
  return { db: drizzle(client) as unknown as Database, kind: 'pglite', location: dataDir, close: () => client.close() };
}

async function embedded(way: Way, rows: Row[]): Promise<Run> {
  const root = mkdtempSync(path.join(tmpdir(), `kairos-bench-storage-${way}-`));
  const dataDir = path.join(root, 'pglite');
  try {
    let handle = await openEmbedded(dataDir, way);
    await migrate(handle, way, rows);
    const eventsPerSecond = await ingest(handle.db, way, rows);
    const summary = await summaryMs(handle.db);
    // What `kairos seed` ends with, so the folder is measured settled.
    await handle.db.execute(sql`analyze`);
    await handle.db.execute(sql`checkpoint`);
    await handle.close();
    handle = await openEmbedded(dataDir, way);
    const footprint = await eventFootprint(handle.db, dataDir);
    let afterRetention: EventFootprint | undefined;
    if (way === 'ours') {
      // The lake has compacted every event; a week is kept.
      const [top] = (
        (await handle.db.execute(sql`select max(id) as top from events`)) as unknown as {
          rows: { top: string }[];
        }
      ).rows;
      mkdirSync(path.join(root, 'lake'), { recursive: true });
      writeFileSync(
        path.join(root, 'lake', 'manifest.json'),
        JSON.stringify({
          version: 1,
          watermark: Number(top?.top),
          files: [],
          tail: { rows: 0, url: '' },
          generatedAt: 0,
        }),
      );
      process.env.KAIROS_EVENTS_KEEP_DAYS = '7';
      await pruneEventsAsConfigured(handle, root);
      await handle.db.execute(sql`checkpoint`);
      afterRetention = await eventFootprint(handle.db, dataDir);
    }
    await handle.close();
    return { eventsPerSecond, summaryMs: summary, footprint, afterRetention };
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

async function onPostgres(url: string, way: Way, rows: Row[]): Promise<Run> {
  const database = await freshPostgres(url);
  const handle = await openDatabase({ url: database.url });
  try {
    await migrate(handle, way, rows);
    const eventsPerSecond = await ingest(handle.db, way, rows);
    return { eventsPerSecond, summaryMs: await summaryMs(handle.db) };
  } finally {
    await handle.close();
    await database.drop();
  }
}

/** The faster run's ingest rate and the quicker summary; sizes from the later run (they do not vary). */
const best = (a: Run, b: Run): Run => ({
  ...b,
  eventsPerSecond: Math.max(a.eventsPerSecond, b.eventsPerSecond),
  summaryMs: Math.min(a.summaryMs, b.summaryMs),
});

async function alternating(run: (way: Way) => Promise<Run>): Promise<[Run, Run]> {
  const firstOld = await run('old');
  const firstOurs = await run('ours');
  return [best(firstOld, await run('old')), best(firstOurs, await run('ours'))];
}

const perEvent = (bytes: number | undefined, n: number) => (bytes === undefined ? undefined : bytes / n);
const indexTotal = (f: EventFootprint) => Object.values(f.indexBytes).reduce((a, b) => a + b, 0);

export async function storageBench(): Promise<BenchRow[]> {
  // Received over the last year up to today, so the months fall into partitions and retention has weeks to keep.
  const demo = generateDemo({ visitors, seed: 1, end: new Date() });
  const rows = demo.events.map((event) => toEventRow(event));
  const n = rows.length;
  // Each way twice, alternating, and the faster run of each kept: a shared
  // machine's load moves one run by as much as the difference measured.
  const [old, ours] = await alternating((way) => embedded(way, rows));
  const url = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
  const [pgOld, pgOurs] = url ? await alternating((way) => onPostgres(url, way, rows)) : [];
  const noPg = 'not measured: set KAIROS_BENCH_DATABASE_URL';
  const oldLabel = 'before: one table, unique message_id index';
  const oursLabel = 'partitioned by month, message-id ledger';
  const o = old.footprint!;
  const f = ours.footprint!;
  const r = ours.afterRetention!;
  const split = (x: EventFootprint) =>
    `heap ${(x.heapBytes / n).toFixed(0)}, toast ${(x.toastBytes / n).toFixed(0)}, indexes ${(indexTotal(x) / n).toFixed(0)} ` +
    `(${Object.entries(x.indexBytes)
      .map(([k, v]) => `${k.replace(/^events_/, '')} ${(v / n).toFixed(0)}`)
      .join(', ')}), ledger ${(x.ledgerBytes / n).toFixed(0)}, WAL ${((x.walBytes ?? 0) / n).toFixed(0)} B/event`;
  return [
    {
      name: `event ingest on embedded PGlite, ${n} demo events in batches of ${batchSize}`,
      unit: 'events/s',
      ours: { label: oursLabel, value: ours.eventsPerSecond },
      peer: { label: oldLabel, value: old.eventsPerSecond },
    },
    {
      name: `event ingest on PostgreSQL, same events`,
      unit: 'events/s',
      ours: { label: url ? oursLabel : noPg, value: pgOurs?.eventsPerSecond ?? NaN },
      peer: { label: url ? oldLabel : noPg, value: pgOld?.eventsPerSecond },
    },
    {
      name: 'dataset summary query (console home), PGlite',
      unit: 'ms',
      ours: { label: oursLabel, value: ours.summaryMs },
      peer: { label: oldLabel, value: old.summaryMs },
    },
    {
      name: 'dataset summary query (console home), PostgreSQL',
      unit: 'ms',
      ours: { label: url ? oursLabel : noPg, value: pgOurs?.summaryMs ?? NaN },
      peer: { label: url ? oldLabel : noPg, value: pgOld?.summaryMs },
    },
    {
      name: `embedded data folder per event (${n} events)`,
      unit: 'B/event',
      ours: { label: split(f), value: perEvent(f.folderBytes, n)! },
      peer: { label: split(o), value: perEvent(o.folderBytes, n) },
    },
    {
      name: 'events table, its indexes and the ledger per event (no WAL, no catalog)',
      unit: 'B/event',
      ours: { label: oursLabel, value: (f.heapBytes + f.toastBytes + f.mapBytes + indexTotal(f) + f.ledgerBytes) / n },
      peer: { label: oldLabel, value: (o.heapBytes + o.toastBytes + o.mapBytes + indexTotal(o) + o.ledgerBytes) / n },
    },
    {
      name: `embedded data folder once the lake holds every event and a week is kept (${r.events} events left)`,
      unit: 'MB',
      ours: { label: `after retention: ${split(r)}`, value: (r.folderBytes ?? 0) / 1e6 },
      peer: { label: 'before: nothing is ever deleted', value: (o.folderBytes ?? 0) / 1e6 },
    },
  ];
}
