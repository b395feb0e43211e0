// Browser side of the intent benchmark (bundled by tests/fixtures/harness-server.ts):
// CDNOW_master through the analytics worker (load, then the `intent` call:
// DuckDB's per-customer summary and the fit), and the BG/NBD fit alone on a
// generated summary, in the page (the same lib/intent code the worker runs).
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import type { ColumnMapping } from '@/lib/contracts/analytics';
import { fitBgNbd } from '@/lib/intent/bgnbd';
import { generatedSummary } from './intent-data';

export interface WorkerFitResult {
  customers: number;
  loadMs: number;
  /** The whole `intent` call, as the console waits for it. */
  intentMs: number;
  /** The fit alone, measured inside the worker. */
  fitMs: number;
  logLikelihood: number;
}

async function fitFile(name: string, base64: string, mapping: ColumnMapping, calibrationEnd: string) {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
  const engine = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
  await engine.query({ sql: 'SELECT 1' }); // instantiate DuckDB before the clock starts
  let started = performance.now();
  await engine.loadFile({ file: { name, bytes }, mapping });
  const loadMs = performance.now() - started;
  started = performance.now();
  const report = await engine.intent({ calibrationEnd, horizonDays: 90 });
  const intentMs = performance.now() - started;
  await engine.close();
  return {
    customers: report.customers,
    loadMs,
    intentMs,
    fitMs: report.fitMs,
    logLikelihood: report.bgnbd.logLikelihood,
  } satisfies WorkerFitResult;
}

function fitGenerated(count: number) {
  const customers = generatedSummary(count);
  const started = performance.now();
  const fit = fitBgNbd(customers);
  return { fitMs: performance.now() - started, logLikelihood: fit.logLikelihood, parameters: fit.parameters };
}

Object.assign(window, { kairosIntentBench: { fitFile, fitGenerated } });
document.body.dataset.ready = 'true';
