// What the console keeps in a browser between visits: its DuckDB database in
// the Origin Private File System (and the database's write-ahead log), or the
// verified lake files in Cache Storage (lib/analytics/lake-files.ts). Both hold
// visitors' events, so logging out deletes them (app/console/login).
import { lakeCacheName } from './lake-files';

/** The kept database's file in the origin's private file system. */
export const keptDatabaseFile = 'kairos-console.duckdb';

/** A console snapshot while it is written, before it replaces the kept database (lib/analytics/duckdb-browser.ts). */
export const keptDatabaseDownload = 'kairos-console.duckdb.download';

export type KeptDataForgotten = 'deleted' | 'nothing kept' | 'in use';

/**
 * Deletes what the console kept. 'in use' when another console tab still has
 * the database open (the browser refuses to delete a file with an open handle).
 */
export async function forgetKeptConsoleData({ attempts = 6, waitMs = 300 } = {}): Promise<KeptDataForgotten> {
  let found = false;
  if (typeof caches !== 'undefined') found = (await caches.delete(lakeCacheName)) || found;
  const root = await navigator.storage?.getDirectory?.().catch(() => undefined);
  if (!root) return found ? 'deleted' : 'nothing kept';
  const left = [keptDatabaseFile, `${keptDatabaseFile}.wal`, keptDatabaseDownload];
  // The console page just left may take a moment to close its worker's file handles.
  for (let attempt = 0; attempt < attempts && left.length > 0; attempt++) {
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    for (const name of [...left]) {
      try {
        await root.removeEntry(name);
        found = true;
        left.splice(left.indexOf(name), 1);
      } catch (error) {
        if ((error as DOMException).name === 'NotFoundError') left.splice(left.indexOf(name), 1);
      }
    }
  }
  return left.length > 0 ? 'in use' : found ? 'deleted' : 'nothing kept';
}
