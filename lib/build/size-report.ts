// The tracker's and the service worker's sizes on every change, against their
// budgets (the first goal of a tracker is to be small; the worker is fetched and
// parsed on every update and on a cold start before a moment can be decided,
// docs/perf-service-worker.md). Exits non-zero above a budget, so CI fails.
import { isMainModule } from './main-module';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildTracker, trackerOutputs } from './tracker';

export const trackerBudgetGzipBytes = 3 * 1024;
export const serviceWorkerBudgetGzipBytes = 19 * 1024;

export interface SizeRow {
  name: string;
  raw: number;
  gzip: number;
  brotli: number;
}

export function measure(name: string, file: string): SizeRow {
  const bytes = readFileSync(file);
  return {
    name,
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

export function printSizes(rows: SizeRow[]): void {
  console.log(`${'file'.padEnd(44)} ${'raw'.padStart(9)} ${'gzip'.padStart(9)} ${'brotli'.padStart(9)}`);
  for (const row of rows) {
    console.log(
      `${row.name.padEnd(44)} ${String(row.raw).padStart(9)} ${String(row.gzip).padStart(9)} ${String(row.brotli).padStart(9)}`,
    );
  }
}

if (isMainModule(import.meta.url)) {
  await buildTracker();
  const tracker = measure('kairos.js (page-side tracker)', trackerOutputs.tracker);
  const serviceWorker = measure('kairos-sw.js (service worker, not on the page)', trackerOutputs.serviceWorker);
  printSizes([tracker, measure('kairos-push.js (Web Push, loaded on demand)', trackerOutputs.push), serviceWorker]);
  console.log('');
  for (const [row, budget] of [
    [tracker, trackerBudgetGzipBytes],
    [serviceWorker, serviceWorkerBudgetGzipBytes],
  ] as const) {
    const verdict = row.gzip <= budget ? 'within' : 'OVER';
    console.log(`${row.name.split(' ')[0]}: ${row.gzip} B gzip, ${verdict} the ${budget} B budget.`);
    if (row.gzip > budget) process.exitCode = 1;
  }
}
