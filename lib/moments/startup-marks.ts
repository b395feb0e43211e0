// User Timing marks of a worker's start, each once per worker life (so they
// never pile up in a long-lived worker): the moments benchmark reads them from
// the worker after a cold start to say where its time went
// (docs/perf-service-worker.md).
const marked = new Set<string>();

export type StartupStep = 'evaluated' | 'store found' | 'state read';

export function markStartup(step: StartupStep): void {
  if (marked.has(step) || typeof performance?.mark !== 'function') return;
  marked.add(step);
  performance.mark(`kairos: ${step}`);
}
