import 'server-only';
// Where the lake lives under the data folder and what its files are called.
// A file's name holds its id range and the start of its sha256, so a rewrite
// (a forget, a merge) is a new name and a cached copy can never be stale.
import path from 'node:path';
import { lakeFileSchema } from '../contracts/lake';

/** `<dataDir>/lake`: the manifest and `events/date=YYYY-MM-DD/…parquet`. */
export const lakeFolder = (dataDir: string) => path.join(dataDir, 'lake');

export const manifestFile = (lakeDir: string) => path.join(lakeDir, 'manifest.json');

/** Every name the writer gives a file before it is complete ends so: at the start of a run they are orphans. */
export const temporarySuffix = '.tmp';

/** A lake file's path relative to the lake. */
export function lakeFilePath(date: string, firstId: number, lastId: number, sha256: string): string {
  return `events/date=${date}/part-${firstId}-${lastId}-${sha256.slice(0, 8)}.parquet`;
}

/** The folder of one UTC day. */
export const dateFolder = (lakeDir: string, date: string) => path.join(lakeDir, 'events', `date=${date}`);

/** Whether a client-given relative path has a lake file's shape (no `..`, no other folders). */
export const isLakeFilePath = (relative: string) => lakeFileSchema.shape.path.safeParse(relative).success;
