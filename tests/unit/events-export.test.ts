// The server's Arrow export: pages of stored events become one IPC stream that
// the engine loads as they arrive, with the same numbers as loading the events.
import { RecordBatchReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { seedDemo } from '@/lib/db/demo-seed';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { generateDemo } from '@/lib/demo';

const demo = { visitors: 60, seed: 5, end: new Date('2026-03-31T00:00:00Z') };
let handle: DatabaseHandle;
let engine: DuckDbEngine;

beforeAll(async () => {
  handle = await openDatabase({ dataDir: 'memory://' });
  await migrateDatabase(handle);
  await seedDemo(handle.db, demo);
  engine = await createNodeEngine();
});
afterAll(async () => {
  await engine.close();
  await handle.close();
});

async function exportBytes(pageRows: number): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of arrowStreamChunks(exportEventTables(handle.db, pageRows))) chunks.push(chunk);
  return chunks;
}

describe('GET /api/admin/events/export (lib/db/events-export)', () => {
  test('pages of events form one Arrow stream with every row', async () => {
    const total = await exportedEventCount(handle.db);
    const chunks = await exportBytes(500);
    const reader = await RecordBatchReader.from(new Response(new Blob(chunks as BlobPart[])).body!);
    let rows = 0;
    let batches = 0;
    for await (const batch of reader) {
      rows += batch.numRows;
      batches += 1;
    }
    expect(rows).toBe(total);
    expect(batches).toBe(Math.ceil(total / 500));
  });

  test('the engine loads the stream batch by batch, as it loads the same events directly', async () => {
    const chunks = await exportBytes(700);
    const progress: number[] = [];
    const fetched = globalThis.fetch;
    globalThis.fetch = (async () =>
      new Response(new Blob(chunks as BlobPart[]).stream(), {
        headers: { 'x-kairos-rows': String(await exportedEventCount(handle.db)) },
      })) as typeof fetch;
    try {
      const fromStream = await engine.loadArrowFromUrl(
        { url: 'http://kairos.test/api/admin/events/export' },
        { onProgress: (p) => progress.push(p.done) },
      );
      const direct = await engine.loadEvents({ events: generateDemo(demo).events });
      expect(fromStream).toEqual(direct);
      expect(progress.length).toBeGreaterThan(2);
    } finally {
      globalThis.fetch = fetched;
    }
  });
});
