// The console's data path, in headless Chromium: a cold visit (worker start to
// the first RFM grid) and a warm reopen with no new data, by the lake sync
// keeping the engine's database in OPFS, by the lake sync keeping the lake's
// files in Cache Storage (re-ingested each visit), by the same database sync
// starting cold from the server's console snapshot (lib/lake/console-snapshot.ts:
// every day but the last in one DuckDB file, built here by the server's code
// as a server would at noon of the last day), and by today's path (the whole
// export streamed as Arrow, every visit). All on the same generated events,
// served over loopback by the harness, in the same run; each way in a fresh
// browser whose peak resident memory is sampled.
// KAIROS_BENCH_SYNC_EVENTS sets the size (default 1M).
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium } from '@playwright/test';
import { chromiumArgs, findChromium } from '@/lib/build/chromium';
import { lakeRoutes, type LakeManifest } from '@/lib/contracts/lake';
import {
  readSnapshotRecord,
  refreshConsoleSnapshot,
  snapshotEntry,
  snapshotFolder,
  type SnapshotRecord,
} from '@/lib/lake/console-snapshot';
import { commitManifest } from '@/lib/lake/manifest-store';
import { startHarnessServer, type ExtraRoutes } from '../fixtures/harness-server';
import { syncBenchData, type SyncBenchData } from './console-sync-data';
import type { SyncWay, VisitResult } from './console-sync-page';
import { treeRss } from './process-memory';
import type { BenchRow } from './report';

const events = Number(process.env.KAIROS_BENCH_SYNC_EVENTS ?? 1_000_000);

/** The console snapshot a bench server offers: its file, and whether the manifest names it now. */
export interface OfferedSnapshot {
  record: SnapshotRecord;
  file: string;
  offered: boolean;
}

export function lakeRoutesOf(data: SyncBenchData, events: number, snapshot?: OfferedSnapshot): ExtraRoutes {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (url.pathname === lakeRoutes.manifest) {
      const manifest: LakeManifest = snapshot?.offered
        ? { ...data.lake.manifest, snapshot: snapshotEntry(snapshot.record) }
        : data.lake.manifest;
      response.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(JSON.stringify(manifest));
      return true;
    }
    if (snapshot && url.pathname === snapshotEntry(snapshot.record).url) {
      response.writeHead(200, {
        'content-type': 'application/vnd.duckdb',
        'cache-control': 'private, max-age=31536000, immutable',
        etag: `"${snapshot.record.sha256}"`,
        'content-length': String(snapshot.record.bytes),
      });
      createReadStream(snapshot.file).pipe(response);
      return true;
    }
    if (url.pathname.startsWith(`${lakeRoutes.files}/`)) {
      const file = data.lake.manifest.files.find((f) => `${lakeRoutes.files}/${f.path}` === url.pathname);
      const bytes = file && data.lake.files.get(file.path);
      if (!file || !bytes) return false;
      response.writeHead(200, {
        'content-type': 'application/vnd.apache.parquet',
        'cache-control': 'private, max-age=31536000, immutable',
        etag: `"${file.sha256}"`,
      });
      response.end(bytes);
      return true;
    }
    if (url.pathname === '/bench/export') {
      response.writeHead(200, {
        'content-type': 'application/vnd.apache.arrow.stream',
        'x-kairos-rows': String(events),
      });
      response.end(data.exportStream);
      return true;
    }
    return false;
  };
}

export interface WayResult {
  cold: VisitResult;
  warm: VisitResult;
  peakBytes: number;
}

export async function measure(url: string, way: SyncWay): Promise<WayResult | Error> {
  const server = await chromium.launchServer({ executablePath: findChromium(), args: chromiumArgs });
  const pid = server.process().pid ?? 0;
  let peakBytes = 0;
  const sampler = setInterval(() => (peakBytes = Math.max(peakBytes, treeRss(pid))), 50);
  try {
    const browser = await chromium.connect(server.wsEndpoint());
    const page = await browser.newPage();
    page.setDefaultTimeout(15 * 60_000);
    const visit = async () => {
      await page.goto(url);
      await page.locator('body[data-ready="true"]').waitFor({ state: 'attached' });
      return page.evaluate(
        (w) => (window as unknown as { kairosBench: { visit(w: SyncWay): Promise<VisitResult> } }).kairosBench.visit(w),
        way,
      );
    };
    const cold = await visit();
    const warm = await visit();
    await browser.close();
    return { cold, warm, peakBytes };
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  } finally {
    clearInterval(sampler);
    await server.close();
  }
}

/** The bench's lake on disk and the snapshot the server's code builds of it (every day but the last). */
export async function buildSnapshot(
  data: SyncBenchData,
  lakeDir: string,
): Promise<OfferedSnapshot & { seconds: number }> {
  for (const [relative, bytes] of data.lake.files) {
    await mkdir(path.dirname(path.join(lakeDir, relative)), { recursive: true });
    await writeFile(path.join(lakeDir, relative), bytes);
  }
  const { version, watermark, files } = data.lake.manifest;
  const manifest = await commitManifest(lakeDir, { version, watermark, files });
  const lastDay = manifest.files.at(-1)?.date ?? '';
  const started = performance.now();
  await refreshConsoleSnapshot(lakeDir, manifest, { now: Date.parse(`${lastDay}T12:00:00Z`), build: true });
  const seconds = (performance.now() - started) / 1000;
  const record = await readSnapshotRecord(lakeDir);
  if (!record) throw new Error('The console snapshot was not built.');
  return { record, file: path.join(snapshotFolder(lakeDir), record.name), offered: false, seconds };
}

const wayLabels = {
  database: 'lake sync, database kept in OPFS',
  snapshot: 'lake sync from the console snapshot, database in OPFS',
  files: 'lake sync, files kept in Cache Storage',
  export: "today's export stream, every visit",
} as const;

export async function consoleSyncBench(): Promise<BenchRow[]> {
  const data = syncBenchData(events);
  const mb = data.lake.manifest.files.reduce((n, f) => n + f.bytes, 0) / 2 ** 20;
  const size = `${(events / 1e6).toLocaleString('en')}M events`;
  console.log(
    `\nConsole sync: ${size}, ${data.lake.manifest.files.length} lake files (${mb.toFixed(1)} MB Parquet), ` +
      `export stream ${(data.exportStream.length / 2 ** 20).toFixed(1)} MB`,
  );
  const lakeDir = await mkdtemp(path.join(tmpdir(), 'kairos-bench-snapshot-'));
  const snapshot = await buildSnapshot(data, lakeDir);
  console.log(
    `  console snapshot: ${(snapshot.record.bytes / 2 ** 20).toFixed(1)} MB for ${snapshot.record.rows} events ` +
      `(${(snapshot.record.bytes / snapshot.record.rows).toFixed(1)} B/event; Parquet ` +
      `${((mb * 2 ** 20) / events).toFixed(1)} B/event), through ${snapshot.record.through}, ` +
      `built in ${snapshot.seconds.toFixed(1)} s (native DuckDB, 1 thread)`,
  );
  const server = await startHarnessServer(
    path.resolve('tests/bench/console-sync-page.ts'),
    process.cwd(),
    lakeRoutesOf(data, events, snapshot),
  );
  const results: Record<keyof typeof wayLabels, WayResult | Error> = {
    database: await measure(server.url, { kind: 'lake', keep: 'database' }),
    snapshot: await (async () => {
      snapshot.offered = true;
      const result = await measure(server.url, { kind: 'lake', keep: 'database' });
      snapshot.offered = false;
      return result;
    })(),
    files: await measure(server.url, { kind: 'lake', keep: 'files' }),
    export: await measure(server.url, { kind: 'export' }),
  };
  await server.close();
  await rm(lakeDir, { recursive: true, force: true });
  for (const [way, r] of Object.entries(results)) {
    const label = wayLabels[way as keyof typeof wayLabels].padEnd(42);
    console.log(
      r instanceof Error
        ? `  ${label} failed: ${r.message.split('\n')[0]}`
        : `  ${label} cold ${r.cold.readyMs.toFixed(0).padStart(7)} ms  warm ${r.warm.readyMs.toFixed(0).padStart(7)} ms` +
            ` (loaded at ${r.cold.loadedMs.toFixed(0)} / ${r.warm.loadedMs.toFixed(0)} ms)` +
            `  peak ${Math.round(r.peakBytes / 2 ** 20)} MB  (rows ${r.warm.rows}, RFM customers ${r.warm.rfmCustomers},` +
            ` files fetched ${r.cold.fetchedFiles} then ${r.warm.fetchedFiles}, kept ${r.warm.keep},` +
            `${r.cold.fromSnapshot ? ' cold from the snapshot,' : ''}` +
            ` engine ${Math.round(r.cold.engineBytes / r.cold.rows)} B/event)`,
    );
  }
  const rows: BenchRow[] = [];
  for (const way of ['database', 'snapshot', 'files'] as const) {
    const ours = results[way];
    if (ours instanceof Error) continue;
    // The snapshot stands beside the file-by-file sync it replaces on a cold start; the others beside the export.
    const peerWay = way === 'snapshot' ? 'database' : 'export';
    const peerResult = results[peerWay];
    const peer = peerResult instanceof Error ? undefined : peerResult;
    for (const [what, pick] of [
      ['cold sync to the first RFM grid', (r: WayResult) => r.cold.readyMs],
      ['warm reopen, no new data, to the first RFM grid', (r: WayResult) => r.warm.readyMs],
      ['warm reopen, no new data, to the loaded dataset', (r: WayResult) => r.warm.loadedMs],
      ['peak resident memory of the browser', (r: WayResult) => r.peakBytes / 2 ** 20],
    ] as const) {
      rows.push({
        name: `${what}, ${size}`,
        unit: what.startsWith('peak') ? 'MB' : 'ms',
        ours: { label: wayLabels[way], value: pick(ours) },
        peer: { label: wayLabels[peerWay], value: peer && pick(peer) },
      });
    }
  }
  return rows;
}
