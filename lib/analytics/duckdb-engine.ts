// The engine over DuckDB-WASM's synchronous bindings: the same code in Node
// (lib/analytics/duckdb-node.ts) and in the browser's analytics worker
// (lib/analytics/duckdb-browser.ts). Data comes in as Arrow, never row by row.
// Each part of the calls is its own module over one session; joined here, every
// call waits for the one before it on the session's connection.
import type { EngineMethod, LakeKeep } from '../contracts/analytics';
import { datasetCalls } from './dataset-calls';
import { DatasetSession, type SessionCalls } from './dataset-session';
import { openAnalyticsDatabase, type DuckDbBindings, type ParquetReader } from './duckdb-bindings';
import type { AnalyticsEngine } from './engine';
import { intentCalls } from './intent-calls';
import { lakeCalls } from './lake-calls';
import { resultsCalls } from './results-calls';
import { rfmCalls } from './rfm-calls';
import { segmentCalls } from './segment-calls';
import { SqlRunner } from './sql-runner';

export type DuckDbEngine = AnalyticsEngine;

export interface EngineStorage {
  /** A database file kept between visits (opfs://…); without, the database lives in memory. */
  databasePath?: string;
  /** What a lake sync keeps between visits: the database itself, the lake's files, or nothing. */
  keep: LakeKeep;
}

export function createDuckDbEngine(
  bindings: DuckDbBindings,
  readParquet: ParquetReader,
  storage: EngineStorage = { keep: 'none' },
): DuckDbEngine {
  const connection = openAnalyticsDatabase(bindings, storage.databasePath);
  const session = new DatasetSession(new SqlRunner(bindings, connection), () => bindings.reset());
  const calls: SessionCalls<EngineMethod> = {
    ...datasetCalls(session, readParquet),
    ...rfmCalls(session),
    ...segmentCalls(session),
    ...intentCalls(session),
    ...lakeCalls(session, readParquet, storage.keep),
    ...resultsCalls(session),
  };
  return { ...session.methods(calls), close: () => session.close() };
}
