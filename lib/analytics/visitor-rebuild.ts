// When a lake sync rebuilds the per-visitor tables, and how: from every row
// when there are none yet (a first sync, a reset: nothing to keep), else only
// for the customers the sync's marks lead to (lib/analytics/stale-rows.ts,
// lib/segments/visitor-rollups.ts). A full rebuild costs the same whatever
// changed, the incremental one grows with the customers touched, so past a
// large share of them (a quarter: a round figure, not tuned) the full one runs.
import { finalizeDatasetSql, refreshMarkedSql } from '../segments/visitor-rollups';
import type { SqlRunner } from './sql-runner';
import { anyStaleSql } from './stale-rows';

/** Whether the per-visitor tables exist for the loaded rows: then a sync marks what it changes. */
export const visitorTablesBuilt = async (sql: SqlRunner) =>
  (await sql.scalar('SELECT count(*) > 0 FROM visitors')) === true;

/**
 * Whether a rebuild is owed from before this sync: marks that a sync which
 * stopped before its rebuild left, or rows loaded without their tables.
 */
export async function rebuildOwed(sql: SqlRunner, built: boolean): Promise<boolean> {
  return (await sql.scalar(built ? anyStaleSql : 'SELECT count(*) > 0 FROM events')) === true;
}

const fewMarkedSql = `SELECT (SELECT count(*) FROM stale_rows) * 4 <= (SELECT count(*) FROM events)
  AND (SELECT count(DISTINCT customer) FROM stale_customers) * 4 <= (SELECT count(*) FROM visitors)`;

/** Rebuilds after a sync that changed rows; `built`: the tables existed, and the sync marked its changes. */
export async function rebuildVisitorTables(sql: SqlRunner, built: boolean): Promise<void> {
  if (built && (await sql.scalar(fewMarkedSql)) === true) await sql.inTransaction(...refreshMarkedSql);
  else await sql.exec(...finalizeDatasetSql);
}
