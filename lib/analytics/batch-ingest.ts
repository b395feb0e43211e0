// One Arrow IPC batch into the dataset tables, in two steps: staged as table
// load_batch (so its rows can be counted, and a lake file refused, before any
// row reaches the dataset), then moved (lib/analytics/event-ingest.ts).
import { batchColumnsSql, ingestBatchSql, loadBatchTable } from './event-ingest';
import { num } from './row-values';
import type { SqlRunner } from './sql-runner';

export interface StagedBatch {
  columns: ReadonlySet<string>;
  rows: number;
}

export async function stageBatch(sql: SqlRunner, ipc: Uint8Array): Promise<StagedBatch> {
  sql.insertArrow(loadBatchTable, ipc, true);
  const columns = new Set((await sql.rows(batchColumnsSql)).map((row) => String(row.column_name)));
  const rows = num(await sql.scalar(`SELECT CAST(count(*) AS DOUBLE) FROM ${loadBatchTable}`));
  return { columns, rows };
}

/** Moves the staged batch into the dataset; row ids continue from `base` unless it carries server ids. */
export const moveStagedBatch = (sql: SqlRunner, staged: StagedBatch, base: number) =>
  sql.exec(...ingestBatchSql(base, staged.columns));

export const dropStagedBatch = (sql: SqlRunner) => sql.exec(`DROP TABLE IF EXISTS ${loadBatchTable}`);
