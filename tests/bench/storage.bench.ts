// Ingest throughput of the server's storage: the embedded default (PGlite)
// beside a PostgreSQL server, the scale-out path, on the same demo events.
import { randomUUID } from 'node:crypto';
import type { DatabaseHandle } from '@/lib/db';
import { migrateDatabase, openDatabase } from '@/lib/db';
import { toEventRow } from '@/lib/db/event-row';
import { events } from '@/lib/db/schema';
import { datasetSummary } from '@/lib/db/stats';
import { generateDemo } from '@/lib/demo';
import type { BenchRow } from './report';

const batchSize = 1_000;

async function measure(handle: DatabaseHandle, rows: (typeof events.$inferInsert)[]) {
  await migrateDatabase(handle);
  const started = performance.now();
  for (let i = 0; i < rows.length; i += batchSize) {
    await handle.db
      .insert(events)
      .values(rows.slice(i, i + batchSize))
      .onConflictDoNothing();
  }
  const insertSeconds = (performance.now() - started) / 1000;
  const summaryStarted = performance.now();
  await datasetSummary(handle.db);
  return { eventsPerSecond: rows.length / insertSeconds, summaryMs: performance.now() - summaryStarted };
}

async function withPostgres<T>(url: string, work: (handle: DatabaseHandle) => Promise<T>): Promise<T> {
  const { Client } = await import('pg');
  const name = `kairos_bench_${randomUUID().replaceAll('-', '').slice(0, 10)}`;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const target = new URL(url);
  target.pathname = `/${name}`;
  const handle = await openDatabase({ url: target.toString() });
  try {
    return await work(handle);
  } finally {
    await handle.close();
    await admin.query(`drop database ${name} with (force)`);
    await admin.end();
  }
}

export async function storageBench(): Promise<BenchRow[]> {
  const demo = generateDemo({ visitors: 1_000, seed: 1, end: new Date('2026-06-30T00:00:00Z') });
  const rows = demo.events.map((event) => toEventRow(event));
  const pglite = await openDatabase({ dataDir: 'memory://' });
  const ours = await measure(pglite, rows).finally(() => pglite.close());

  const url = process.env.KAIROS_BENCH_DATABASE_URL ?? process.env.KAIROS_TEST_DATABASE_URL;
  const peer = url ? await withPostgres(url, (handle) => measure(handle, rows)) : undefined;
  const peerNote = url ? 'PostgreSQL server' : 'not measured: set KAIROS_BENCH_DATABASE_URL';
  return [
    {
      name: `event ingest, ${rows.length} demo events in batches of ${batchSize}`,
      unit: 'events/s',
      ours: { label: 'PGlite (embedded)', value: ours.eventsPerSecond },
      peer: { label: peerNote, value: peer?.eventsPerSecond },
    },
    {
      name: 'dataset summary query (console home)',
      unit: 'ms',
      ours: { label: 'PGlite (embedded)', value: ours.summaryMs },
      peer: { label: peerNote, value: peer?.summaryMs },
    },
  ];
}
