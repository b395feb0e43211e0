// What the engine has loaded of the lake, kept in the same database as the
// rows: each file's path, sha256 and id range, the watermark and the tail's
// digest, and the window of the last sync. Kept in the database, the ledger
// survives a reopen exactly when the rows do, and a file's rows and its entry
// change in one transaction.
import type { DatasetSummary, LakeWindow } from '../contracts/analytics';
import type { LakeFile } from '../contracts/lake';
import { sqlInteger, sqlString } from '../segments/sql-literal';
import { num } from './row-values';
import type { SqlRunner } from './sql-runner';

export interface LedgerFile {
  path: string;
  sha256: string;
  firstId: number;
  lastId: number;
}

export interface LedgerState {
  watermark: number;
  /** sha256 of the tail's bytes as loaded; null when the tail was empty. */
  tailSha256: string | null;
  window: LakeWindow;
  /** The loaded rows' summary as of this state: a reopen with nothing new need not scan them again. */
  summary: DatasetSummary | null;
}

export const lakeLedgerDdl = [
  `CREATE OR REPLACE TABLE lake_files (path VARCHAR NOT NULL, sha256 VARCHAR NOT NULL, first_id BIGINT NOT NULL,
    last_id BIGINT NOT NULL)`,
  `CREATE OR REPLACE TABLE lake_state (watermark BIGINT NOT NULL, tail_sha256 VARCHAR, window_json VARCHAR NOT NULL,
    summary_json VARCHAR)`,
] as const;

/** A kept database has this ledger when its lake_state has the newest column; an older one is rebuilt. */
export const ledgerCurrentSql = `SELECT count(*) FROM duckdb_columns() WHERE table_name = 'lake_state'
  AND column_name = 'summary_json'`;

export async function ledgerFiles(sql: SqlRunner): Promise<LedgerFile[]> {
  const rows = await sql.rows('SELECT path, sha256, first_id, last_id FROM lake_files');
  return rows.map((row) => ({
    path: String(row.path),
    sha256: String(row.sha256),
    firstId: num(row.first_id),
    lastId: num(row.last_id),
  }));
}

/** The last sync's state; null when the loaded rows did not come from a sync. */
export async function ledgerState(sql: SqlRunner): Promise<LedgerState | null> {
  const [row] = await sql.rows('SELECT watermark, tail_sha256, window_json, summary_json FROM lake_state');
  if (!row) return null;
  return {
    watermark: num(row.watermark),
    tailSha256: row.tail_sha256 === null ? null : String(row.tail_sha256),
    window: JSON.parse(String(row.window_json)) as LakeWindow,
    summary: row.summary_json === null ? null : (JSON.parse(String(row.summary_json)) as DatasetSummary),
  };
}

/** One statement for many files: a sync of hundreds of files must not pay a query each. */
export const addLedgerFilesSql = (files: readonly LakeFile[]) =>
  files.length === 0
    ? []
    : [
        `INSERT INTO lake_files VALUES ${files
          .map(
            (file) =>
              `(${sqlString(file.path)}, ${sqlString(file.sha256)}, ${sqlInteger(file.firstId)}, ${sqlInteger(file.lastId)})`,
          )
          .join(', ')}`,
      ];

export const dropLedgerFilesSql = (files: readonly LedgerFile[]) =>
  files.length === 0
    ? []
    : [`DELETE FROM lake_files WHERE path IN (${files.map((f) => sqlString(f.path)).join(', ')})`];

export const setLedgerStateSql = (state: LedgerState) => [
  'DELETE FROM lake_state',
  `INSERT INTO lake_state VALUES (${sqlInteger(state.watermark)},
    ${state.tailSha256 === null ? 'NULL' : sqlString(state.tailSha256)}, ${sqlString(JSON.stringify(state.window))},
    ${state.summary === null ? 'NULL' : sqlString(JSON.stringify(state.summary))})`,
];
