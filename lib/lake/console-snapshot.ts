import 'server-only';
// The console's cold start as one file: the lake's closed days (every UTC day
// before today) already in the console engine's tables, rollups and ledger
// (lib/segments/dataset-schema.ts, lib/analytics/lake-ledger.ts), written by
// the server's native DuckDB as a DuckDB database the console's DuckDB-WASM
// opens as it is. A cold console then downloads one file instead of turning
// every row of every Parquet file into Arrow and inserting it, and syncs only
// the days after it and the tail the usual way (lib/analytics/lake-calls.ts).
//
// The snapshot is derived from the lake and follows it: it is dropped as soon
// as the closed days' files differ from the ones it was built from (a forget's
// rewrite, a merge, a new closed day), so it never holds an event the lake no
// longer has, and rebuilt when the caller asks. It holds no identity graph
// (the console applies the server's own at every sync), so a forgotten
// visitor's links never outlive the database's.
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { consoleSnapshotStorageVersion, lakeRoutes, type LakeFile, type LakeManifest } from '../contracts/lake';
import { DatasetSession } from '../analytics/dataset-session';
import { addLedgerFilesSql, setLedgerStateSql } from '../analytics/lake-ledger';
import { emptyWindow } from '../analytics/lake-window';
import { NativeSql } from '../audience/native-sql';
import { datasetTables } from '../segments/dataset-schema';
import { finalizeDatasetSql } from '../segments/visitor-rollups';
import { sqlString } from '../segments/sql-literal';
import { publish, sha256OfFile, temporaryName, writeFileDurably } from './durable-file';
import { describeLakeSql, insertLakeRowsSql } from './lake-select';
import type { StoredManifest } from './manifest-store';

/**
 * The version of the console's tables a snapshot holds (lib/segments/dataset-schema.ts,
 * datasetCurrentSql): a console refuses a snapshot of older tables after downloading it, so one
 * written before the visitors' own customer_key is neither served nor kept, but rebuilt.
 */
export const snapshotTablesVersion = 2;

/** What the snapshot folder's record says of the file beside it. */
export const snapshotRecordSchema = z.object({
  /** The file's name in the snapshot folder: `console-<through>-<sha8>.duckdb`. */
  name: z.string().regex(/^console-\d{4}-\d{2}-\d{2}-[0-9a-f]{8}\.duckdb$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  bytes: z.number().int().nonnegative(),
  rows: z.number().int().nonnegative(),
  /** The last UTC day it holds: every lake file of that day and before, and no other. */
  through: z.iso.date(),
  storageVersion: z.string(),
  /** snapshotTablesVersion when it was written; absent in a record written before it was kept. */
  tables: z.number().int().optional(),
  /** The files it was built from (path and sha256): it is current while the lake's closed days are these. */
  files: z.array(z.object({ path: z.string(), sha256: z.string() })),
});
export type SnapshotRecord = z.infer<typeof snapshotRecordSchema>;

export const snapshotFolder = (lakeDir: string) => path.join(lakeDir, 'snapshot');
const recordFile = (lakeDir: string) => path.join(snapshotFolder(lakeDir), 'snapshot.json');

/** The file names a client may ask for (no other folder, no `..`). */
export const isSnapshotName = (name: string) => snapshotRecordSchema.shape.name.safeParse(name).success;

const utcDay = (at: number) => new Date(at).toISOString().slice(0, 10);

/** The lake's files of the days before `now`'s UTC day: no new event lands in them, only forgets and merges change them. */
export function closedFiles(files: readonly LakeFile[], now: number): LakeFile[] {
  const today = utcDay(now);
  return files.filter((file) => file.date < today);
}

const sameFiles = (record: SnapshotRecord, files: readonly LakeFile[]) =>
  record.files.length === files.length &&
  files.every((file) => record.files.some((kept) => kept.path === file.path && kept.sha256 === file.sha256));

export async function readSnapshotRecord(lakeDir: string): Promise<SnapshotRecord | null> {
  let text: string;
  try {
    text = await readFile(recordFile(lakeDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const parsed = snapshotRecordSchema.safeParse(JSON.parse(text));
  return parsed.success ? parsed.data : null;
}

/** The snapshot when it is what the manifest's files of its days are, else null (it is stale: a rebuild is due). */
export function currentSnapshot(record: SnapshotRecord | null, files: readonly LakeFile[]): SnapshotRecord | null {
  if (!record || record.tables !== snapshotTablesVersion) return null;
  const held = files.filter((file) => file.date <= record.through);
  return sameFiles(record, held) ? record : null;
}

/** The manifest's snapshot entry: where to fetch it and what it holds. */
export function snapshotEntry(record: SnapshotRecord): NonNullable<LakeManifest['snapshot']> {
  return {
    url: `${lakeRoutes.snapshot}/${record.name}`,
    sha256: record.sha256,
    bytes: record.bytes,
    rows: record.rows,
    through: record.through,
    storageVersion: record.storageVersion,
  };
}

/** Removes the record first, then the file: a crash in between leaves an unlisted file, never a listed missing one. */
async function dropSnapshot(lakeDir: string, record: SnapshotRecord): Promise<void> {
  await rm(recordFile(lakeDir), { force: true });
  await rm(path.join(snapshotFolder(lakeDir), record.name), { force: true });
}

/** Every file of the snapshot folder but the record (called with no record: a crash mid-build, a dropped snapshot). */
async function removeUnlisted(lakeDir: string): Promise<void> {
  const names = await readdir(snapshotFolder(lakeDir)).catch(() => [] as string[]);
  for (const name of names) {
    if (name !== 'snapshot.json') await rm(path.join(snapshotFolder(lakeDir), name), { force: true });
  }
}

export interface SnapshotOptions {
  /** The clock: which UTC day is open. */
  now?: number;
  threads?: number;
  memoryLimit?: string;
  /** Build a new snapshot when the current one is stale or missing (else a stale one is only dropped). */
  build?: boolean;
}

/**
 * What a refresh did: the snapshot was `current` (it holds every closed day), `behind` (still true of
 * its days, a newer closed day not in it yet, and no build asked for), `built`, `dropped` (its days'
 * files changed and no build was asked for), or there is `none`.
 */
export type SnapshotOutcome = 'current' | 'behind' | 'built' | 'dropped' | 'none';

/**
 * Brings the snapshot to the manifest's closed days: kept when it is still
 * true of its days, dropped at once when it is not (a forget must not leave
 * events on disk or on the wire), and, with `build`, written afresh to hold
 * every closed day.
 */
export async function refreshConsoleSnapshot(
  lakeDir: string,
  manifest: StoredManifest,
  options: SnapshotOptions = {},
): Promise<SnapshotOutcome> {
  const closed = closedFiles(manifest.files, options.now ?? Date.now());
  const record = await readSnapshotRecord(lakeDir);
  if (record && sameFiles(record, closed) && record.tables === snapshotTablesVersion) return 'current';
  const stillTrue = currentSnapshot(record, manifest.files) !== null;
  if (!options.build || closed.length === 0) {
    if (record && stillTrue) return 'behind';
    if (record) await dropSnapshot(lakeDir, record);
    await removeUnlisted(lakeDir);
    return record ? 'dropped' : 'none';
  }
  if (record) await dropSnapshot(lakeDir, record);
  await mkdir(snapshotFolder(lakeDir), { recursive: true });
  await removeUnlisted(lakeDir);
  await writeConsoleSnapshot(lakeDir, manifest.watermark, closed, options);
  return 'built';
}

/** Writes the snapshot of `files` under a temporary name, then publishes it and its record. */
async function writeConsoleSnapshot(
  lakeDir: string,
  watermark: number,
  files: readonly LakeFile[],
  options: SnapshotOptions,
): Promise<SnapshotRecord> {
  const folder = snapshotFolder(lakeDir);
  const temporary = temporaryName(folder, 'console');
  try {
    const rows = await writeDatabase(temporary, lakeDir, watermark, files, options);
    const sha256 = await sha256OfFile(temporary);
    const through = files.reduce((last, file) => (file.date > last ? file.date : last), '');
    const name = `console-${through}-${sha256.slice(0, 8)}.duckdb`;
    await publish(temporary, path.join(folder, name));
    const { size } = await stat(path.join(folder, name));
    const record: SnapshotRecord = {
      name,
      sha256,
      bytes: size,
      rows,
      through,
      storageVersion: consoleSnapshotStorageVersion,
      tables: snapshotTablesVersion,
      files: files.map((file) => ({ path: file.path, sha256: file.sha256 })),
    };
    await writeFileDurably(recordFile(lakeDir), `${JSON.stringify(record)}\n`);
    return record;
  } finally {
    await rm(temporary, { force: true });
    await rm(`${temporary}.wal`, { force: true });
  }
}

/** The console's tables of `files` in a new database at `target`; answers the events' row count. */
async function writeDatabase(
  target: string,
  lakeDir: string,
  watermark: number,
  files: readonly LakeFile[],
  options: SnapshotOptions,
): Promise<number> {
  const sql = await NativeSql.open({
    path: target,
    memoryLimit: options.memoryLimit ?? '1GB',
    threads: options.threads ?? 1,
    storageVersion: consoleSnapshotStorageVersion,
  });
  const session = new DatasetSession(sql, () => sql.close());
  try {
    return await session.inTurn(async () => {
      const list = `[${files.map((file) => sqlString(path.join(lakeDir, file.path))).join(', ')}]`;
      const present = new Set((await sql.rows(describeLakeSql(list))).map((row) => String(row.column_name)));
      await sql.exec(...insertLakeRowsSql(list, present));
      // The rollups a sync leaves (with no identity graph: the console applies the server's own).
      await sql.exec(...finalizeDatasetSql);
      // The ledger a sync of these files leaves: the tail above the watermark is not in the snapshot, and
      // a tail seen empty is what a sync records too (lake_state.tail_sha256 NULL), so a console with nothing
      // newer to load finds nothing changed and rebuilds nothing.
      await sql.exec(
        ...addLedgerFilesSql(files),
        ...setLedgerStateSql({
          watermark,
          tailSha256: null,
          window: emptyWindow({ budgetBytes: 0 }),
          summary: await session.summary(),
        }),
        'CHECKPOINT',
      );
      return Number(await sql.scalar(`SELECT count(*) FROM ${datasetTables.events}`));
    });
  } finally {
    await session.close();
  }
}
