// The engine over DuckDB-WASM's synchronous bindings: the same code in Node
// (lib/analytics/duckdb-node.ts) and in the browser's analytics worker
// (lib/analytics/duckdb-browser.ts). Data comes in as Arrow, never row by row.
// Each part of the calls is its own module over one session; joined here, every
// call waits for the one before it on the session's connection.
import type { EngineMethod, LakeKeep } from '../contracts/analytics';
import { datasetCalls } from './dataset-calls';
import { DatasetSession, type SessionCalls } from './dataset-session';
import {
  openAnalyticsDatabase,
  type DuckDbBindings,
  type DuckDbConnection,
  type ParquetReader,
} from './duckdb-bindings';
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
  /**
   * Writes `bytes` as the kept database file (null: an empty one) and opens it, the one open
   * before closed first: a cold sync's console snapshot. Only where a database file is kept.
   */
  replaceDatabase?: (bytes: Uint8Array | null) => Promise<DuckDbConnection>;
}

export function createDuckDbEngine(
  bindings: DuckDbBindings,
  readParquet: ParquetReader,
  storage: EngineStorage = { keep: 'none' },
): DuckDbEngine {
  const connection = openAnalyticsDatabase(bindings, storage.databasePath);
  const sql = new SqlRunner(bindings, connection);
  const session = new DatasetSession(sql, () => bindings.reset());
  const { replaceDatabase } = storage;
  const replace =
    replaceDatabase &&
    (async (bytes: Uint8Array | null) => {
      sql.closeConnection();
      sql.useConnection(await replaceDatabase(bytes));
      session.forgetFacts();
    });
  const calls: SessionCalls<EngineMethod> = {
    ...datasetCalls(session, readParquet),
    ...rfmCalls(session),
    ...segmentCalls(session),
    ...intentCalls(session),
    ...lakeCalls(session, readParquet, storage.keep, replace),
    ...resultsCalls(session),
  };
  return { ...session.methods(calls), close: () => session.close() };
}
