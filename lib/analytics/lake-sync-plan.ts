// Which lake files an engine must load and which it must drop to match a
// manifest. A file's path names its date, id range and content hash, so a path
// seen before holds the same rows; a file rewritten after a forget has a new
// path over the same range, and its old rows (the old path) are dropped first.
// A file's rows are the rows of its date within its id range (files of one
// date never overlap; files of different dates may), which is how an engine
// finds them again to drop them (dropFileSql).
import type { LakeFile } from '../contracts/lake';
import { datasetTables } from '../segments/dataset-schema';
import { sqlInteger, sqlString } from '../segments/sql-literal';

export type LoadedFile = Pick<LakeFile, 'path' | 'date' | 'firstId' | 'lastId'>;

export interface LakeSyncPlan<F> {
  /** Loaded files the manifest no longer lists: delete their rows by id range. */
  drop: LoadedFile[];
  /** Listed files not loaded yet. */
  load: F[];
}

export function planLakeSync<F extends LoadedFile>(
  loaded: readonly LoadedFile[],
  listed: readonly F[],
): LakeSyncPlan<F> {
  const listedPaths = new Set(listed.map((file) => file.path));
  const loadedPaths = new Set(loaded.map((file) => file.path));
  return {
    drop: loaded.filter((file) => !listedPaths.has(file.path)),
    load: listed.filter((file) => !loadedPaths.has(file.path)),
  };
}

/** Deletes a loaded file's rows from the dataset tables (props and traits first: they find the rows through events). */
export function dropFileSql(file: LoadedFile): string[] {
  const rows = `SELECT row_id FROM ${datasetTables.events}
    WHERE row_id BETWEEN ${sqlInteger(file.firstId)} AND ${sqlInteger(file.lastId)}
      AND CAST(time AS DATE) = CAST(${sqlString(file.date)} AS DATE)`;
  return [
    `DELETE FROM ${datasetTables.eventProps} WHERE row_id IN (${rows})`,
    `DELETE FROM ${datasetTables.eventTraits} WHERE row_id IN (${rows})`,
    `DELETE FROM ${datasetTables.events} WHERE row_id IN (${rows})`,
  ];
}
