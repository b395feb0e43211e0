// The console snapshot at sizes the console-sync benchmark's generator cannot
// hold in memory (10M events): a lake written by native DuckDB
// (console-snapshot-data.ts), its snapshot built by the server's code as at
// noon of the last day, and in headless Chromium a cold visit and a warm reopen
// of the console's worker by the file-by-file sync and from the snapshot, each
// in a fresh browser with the console's default memory budget (the console-sync
// benchmark's page and measure). Run:
//   KAIROS_BENCH_SYNC_EVENTS=10000000 npx tsx --conditions=react-server tests/bench/console-snapshot-probe.ts
// KAIROS_BENCH_SNAPSHOT_WAYS=snapshot runs only the snapshot's visits.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { lakeRoutes, type LakeManifest } from '@/lib/contracts/lake';
import { readSnapshotRecord, refreshConsoleSnapshot, snapshotEntry, snapshotFolder } from '@/lib/lake/console-snapshot';
import { startHarnessServer } from '../fixtures/harness-server';
import { writeBenchLake } from './console-snapshot-data';
import { measure } from './console-sync.bench';

const events = Number(process.env.KAIROS_BENCH_SYNC_EVENTS ?? 1_000_000);
const ways = (process.env.KAIROS_BENCH_SNAPSHOT_WAYS ?? 'snapshot,files').split(',');
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

const lakeDir = await mkdtemp(path.join(tmpdir(), 'kairos-snapshot-probe-'));
try {
  let started = performance.now();
  const stored = await writeBenchLake(lakeDir, events);
  const parquet = stored.files.reduce((n, f) => n + f.bytes, 0);
  console.log(
    `lake: ${stored.files.length} files, ${mb(parquet)} MB Parquet (${(parquet / events).toFixed(1)} B/event), ` +
      `written in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const lastDay = stored.files.at(-1)?.date ?? '';
  started = performance.now();
  await refreshConsoleSnapshot(lakeDir, stored, { now: Date.parse(`${lastDay}T12:00:00Z`), build: true });
  const buildSeconds = (performance.now() - started) / 1000;
  const record = await readSnapshotRecord(lakeDir);
  if (!record) throw new Error('The console snapshot was not built.');
  console.log(
    `snapshot: ${mb(record.bytes)} MB for ${record.rows} events (${(record.bytes / record.rows).toFixed(1)} B/event), ` +
      `storage ${record.storageVersion}, through ${record.through}, built in ${buildSeconds.toFixed(1)} s (1 thread)`,
  );
  const file = path.join(snapshotFolder(lakeDir), record.name);
  let offered = false;
  const server = await startHarnessServer(
    path.resolve('tests/bench/console-sync-page.ts'),
    process.cwd(),
    (request, response) => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      if (url.pathname === lakeRoutes.manifest) {
        const manifest: LakeManifest = {
          ...stored,
          tail: { rows: 0, url: `${lakeRoutes.tail}?afterId=${stored.watermark}` },
          ...(offered && { snapshot: snapshotEntry(record) }),
        };
        response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        response.end(JSON.stringify(manifest));
        return true;
      }
      const lakeFile = stored.files.find((f) => `${lakeRoutes.files}/${f.path}` === url.pathname);
      const served = lakeFile
        ? { path: path.join(lakeDir, lakeFile.path), bytes: lakeFile.bytes, type: 'application/vnd.apache.parquet' }
        : url.pathname === snapshotEntry(record).url
          ? { path: file, bytes: record.bytes, type: 'application/vnd.duckdb' }
          : null;
      if (!served) return false;
      response.writeHead(200, { 'content-type': served.type, 'content-length': String(served.bytes) });
      createReadStream(served.path).pipe(response);
      return true;
    },
  );
  for (const way of ways) {
    offered = way === 'snapshot';
    // The console's own budget on a device that reports 8 GB or more (app/console/(admin)/data/lake-settings.ts):
    // at the kept database's bytes per event a 10M lake fits it whole, so the snapshot is taken.
    const r = await measure(server.url, { kind: 'lake', keep: 'database', budgetBytes: 2 * 2 ** 30 });
    console.log(
      r instanceof Error
        ? `  ${way.padEnd(8)} failed: ${r.message.split('\n')[0]}`
        : `  ${way.padEnd(8)} cold ${(r.cold.readyMs / 1000).toFixed(1)} s (loaded ${(r.cold.loadedMs / 1000).toFixed(1)} s, ` +
            `files fetched ${r.cold.fetchedFiles}, from the snapshot ${r.cold.fromSnapshot})  warm ` +
            `${(r.warm.readyMs / 1000).toFixed(1)} s (loaded ${(r.warm.loadedMs / 1000).toFixed(1)} s)  rows ${r.warm.rows}, ` +
            `RFM customers ${r.warm.rfmCustomers}, kept ${r.warm.keep}, peak ${Math.round(r.peakBytes / 2 ** 20)} MB`,
    );
  }
  await server.close();
} finally {
  await rm(lakeDir, { recursive: true, force: true });
}
