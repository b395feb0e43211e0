// Browser side of the console-sync benchmark (bundled by the harness server):
// one visit of the console's analytics worker, from its start to the first RFM
// grid, by the lake sync (keeping the database in OPFS, or the lake's files in
// Cache Storage) or by today's path (the whole export as one Arrow stream).
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import type { LakeKeep } from '@/lib/contracts/analytics';
import { lakeRoutes } from '@/lib/contracts/lake';

/** `budgetBytes`: the memory window's budget (default 3 GB: 1M events fit, as in a roomy tab). */
export type SyncWay = { kind: 'lake'; keep: LakeKeep; budgetBytes?: number } | { kind: 'export' };

export interface VisitResult {
  /** Worker start to the RFM grid's numbers. */
  readyMs: number;
  /** Worker start to the loaded dataset (the sync's or the load's answer), before RFM. */
  loadedMs: number;
  rows: number;
  rfmCustomers: number;
  fetchedFiles: number;
  /** DuckDB's own memory after the RFM grid (duckdb_memory()): the engine's bytes per event, measured. */
  engineBytes: number;
  /** What the engine really kept (a database that could not be opened falls back to files). */
  keep: LakeKeep | 'export';
  /** Whether the sync started from the server's console snapshot. */
  fromSnapshot: boolean;
}

async function visit(way: SyncWay): Promise<VisitResult> {
  const started = performance.now();
  const keep = way.kind === 'lake' ? `?keep=${way.keep}` : '';
  const engine = new WorkerEngine(new Worker(new URL(`${analyticsWorkerPath}${keep}`, window.location.href)));
  let rows: number;
  let fetchedFiles = 0;
  let kept: VisitResult['keep'] = 'export';
  let fromSnapshot = false;
  if (way.kind === 'lake') {
    const result = await engine.syncLake({
      manifestUrl: new URL(lakeRoutes.manifest, window.location.href).href,
      budgetBytes: way.budgetBytes ?? 3 * 2 ** 30,
    });
    rows = result.summary.rows;
    fetchedFiles = result.fetchedFiles;
    kept = result.keep;
    fromSnapshot = result.fromSnapshot;
  } else {
    rows = (await engine.loadArrowFromUrl({ url: new URL('/bench/export', window.location.href).href })).rows;
  }
  const loadedMs = performance.now() - started;
  const report = await engine.rfm({});
  const readyMs = performance.now() - started;
  const memory = await engine.query({ sql: 'SELECT sum(memory_usage_bytes) AS bytes FROM duckdb_memory()' });
  await engine.close();
  const engineBytes = Number(memory.rows[0]?.bytes ?? 0);
  return {
    readyMs,
    loadedMs,
    rows,
    rfmCustomers: report.customers,
    fetchedFiles,
    keep: kept,
    engineBytes,
    fromSnapshot,
  };
}

(window as unknown as { kairosBench: unknown }).kairosBench = { visit };
document.body.dataset.ready = 'true';
