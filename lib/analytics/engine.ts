// The analytics engine: one interface, two implementations. DuckDbEngine runs
// DuckDB-WASM in the same thread (Node: CLI and unit tests; the browser: inside
// the analytics worker), WorkerEngine is the page's typed client of that worker.
import type { EngineCalls, EngineMethod, LoadProgress } from '../contracts/analytics';

export interface CallOptions {
  onProgress?: (progress: LoadProgress) => void;
  /** Aborting cancels a running query (DuckDB's pending-query cancel). */
  signal?: AbortSignal;
}

/** A call's arguments: its params (which a call that takes none can leave out) and, optionally, `Options`. */
export type CallArguments<M extends EngineMethod, Options = CallOptions> =
  EngineCalls[M]['params'] extends Record<string, never>
    ? [params?: EngineCalls[M]['params'], options?: Options]
    : [params: EngineCalls[M]['params'], options?: Options];

/** Methods for some of the engine's calls. */
export type EngineMethods<K extends EngineMethod, Options extends CallOptions = CallOptions> = {
  [M in K]: (...args: CallArguments<M, Options>) => Promise<EngineCalls[M]['result']>;
};

export type AnalyticsEngine = EngineMethods<EngineMethod> & { close(): Promise<void> };

/** The error of a cancelled call, by name so it survives the worker boundary. */
export function abortError(): Error {
  const error = new Error('The query was cancelled by a newer one.');
  error.name = 'AbortError';
  return error;
}
