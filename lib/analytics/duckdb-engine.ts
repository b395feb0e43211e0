// The engine over DuckDB-WASM's synchronous bindings: the same code in Node
// (lib/analytics/duckdb-node.ts) and in the browser's analytics worker
// (lib/analytics/duckdb-browser.ts). Data comes in as Arrow, never row by row.
// Each part of the calls is its own module over one session; joined here, every
// call waits for the one before it on the session's connection.
import type { EngineMethod } from '../contracts/analytics';
import { datasetCalls } from './dataset-calls';
import { DatasetSession, type SessionCalls } from './dataset-session';
import { openAnalyticsDatabase, type DuckDbBindings, type ParquetReader } from './duckdb-bindings';
import type { AnalyticsEngine } from './engine';
import { intentCalls } from './intent-calls';
import { resultsCalls } from './results-calls';
import { rfmCalls } from './rfm-calls';
import { segmentCalls } from './segment-calls';
import { SqlRunner } from './sql-runner';

export type DuckDbEngine = AnalyticsEngine;

export function createDuckDbEngine(bindings: DuckDbBindings, readParquet: ParquetReader): DuckDbEngine {
  const session = new DatasetSession(new SqlRunner(bindings, openAnalyticsDatabase(bindings)), () => bindings.reset());
  const calls: SessionCalls<EngineMethod> = {
    ...datasetCalls(session, readParquet),
    ...rfmCalls(session),
    ...segmentCalls(session),
    ...intentCalls(session),
    ...resultsCalls(session),
  };
  return { ...session.methods(calls), close: () => session.close() };
}
