// The tracker's size on every change, against its budget (the first goal of a
// tracker is to be small). Exits non-zero above the budget, so CI fails.
import { isMainModule } from './main-module';
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { buildTracker, trackerOutputs } from './tracker';

export const trackerBudgetGzipBytes = 3 * 1024;

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
  printSizes([
    tracker,
    measure('kairos-push.js (Web Push, loaded on demand)', trackerOutputs.push),
    measure('kairos-sw.js (service worker, not on the page)', trackerOutputs.serviceWorker),
  ]);
  const verdict = tracker.gzip <= trackerBudgetGzipBytes ? 'within' : 'OVER';
  console.log(`\nkairos.js: ${tracker.gzip} B gzip, ${verdict} the ${trackerBudgetGzipBytes} B budget.`);
  if (tracker.gzip > trackerBudgetGzipBytes) process.exitCode = 1;
}
