// The analytics engine: one interface, two implementations. DuckDbEngine runs
// DuckDB-WASM in the same thread (Node: CLI and unit tests; the browser: inside
// the analytics worker), WorkerEngine is the page's typed client of that worker.
import type { EngineCalls, EngineMethod, LoadProgress } from '../contracts/analytics';

export interface CallOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Aborting cancels a running query (DuckDB's pending-query cancel). */
  signal?: AbortSignal;
}

export type AnalyticsEngine = {
  [K in EngineMethod]: (params: EngineCalls[K]['params'], options?: CallOptions) => Promise<EngineCalls[K]['result']>;
} & { close(): Promise<void> };

/** The error of a cancelled call, by name so it survives the worker boundary. */
export function abortError(): Error {
  const error = new Error('The query was cancelled by a newer one.');
  error.name = 'AbortError';
  return error;
}
