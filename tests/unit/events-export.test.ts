// The server's Arrow export: pages of stored events become one IPC stream that
// the engine loads as they arrive, with the same numbers as loading the events.
import { createHash } from 'node:crypto';
import { RecordBatchReader } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { arrowStreamChunks } from '@/lib/analytics/arrow-stream';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { seedDemo } from '@/lib/db/demo-seed';
import { exportEventTables, exportedEventCount } from '@/lib/db/events-export';
import { generateDemo } from '@/lib/demo';
import { WorkSlots } from '@/lib/http/work-slots';

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

async function exportBytes(pageRows: number, readRows?: number): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of arrowStreamChunks(exportEventTables(handle.db, pageRows, readRows))) chunks.push(chunk);
  return chunks;
}

/** The stream's digest: comparing a megabyte element by element is slow in expect(). */
const digest = (chunks: Uint8Array[]) => createHash('sha256').update(Buffer.concat(chunks)).digest('hex');

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

  test('a batch read in several small queries is the same stream, byte for byte', async () => {
    expect(digest(await exportBytes(500, 150))).toBe(digest(await exportBytes(500, 500)));
    expect(digest(await exportBytes(5_000))).toBe(digest(await exportBytes(5_000, 5_000)));
  });

  test('gives other requests a turn of the event loop after every query', async () => {
    // A timer stands for a waiting request: a loop of awaited queries alone never lets it run.
    let turns = 0;
    const ticker = setInterval(() => (turns += 1), 0);
    try {
      const total = await exportedEventCount(handle.db);
      const batches = (await exportBytes(1_000, 250)).length;
      expect(batches).toBeGreaterThan(1);
      expect(turns).toBeGreaterThanOrEqual(Math.floor(total / 250) / 2);
    } finally {
      clearInterval(ticker);
    }
  });
});

describe('export slots', () => {
  test('hold at most their limit; a release frees one slot once, however often it is called', () => {
    const slots = new WorkSlots(2);
    const first = slots.take();
    const second = slots.take();
    expect(first && second).toBeTruthy();
    expect(slots.take()).toBeUndefined();
    first?.();
    first?.();
    expect(slots.busy).toBe(1);
    expect(slots.take()).toBeTruthy();
    expect(slots.take()).toBeUndefined();
  });
});
