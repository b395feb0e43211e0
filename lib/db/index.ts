import 'server-only';
import { openDatabase, type DatabaseHandle } from './client';
import { ensureEventPartitions } from './event-partitions';
import { startEventUpkeep } from './event-upkeep';
import { migrateDatabase } from './migrate';

export * from './client';
export { migrateDatabase } from './migrate';

// One handle per server process. Kept on globalThis so Next's dev reloads and
// the several bundles of one `next start` share it (PGlite allows one opener).
const holder = globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> };

/** Next's PHASE_PRODUCTION_BUILD (next/constants; lib/ imports nothing of Next). */
export const productionBuildPhase = 'phase-production-build';

/** The server's database, opened and migrated on first use. */
export function serverDatabase(): Promise<DatabaseHandle> {
  // `next build` renders every page once to learn which are static. Storage
  // opened there would migrate (and lock, with a build worker's pid that dies
  // with it) the data folder of whatever server runs beside the build. Pages
  // read the request (cookies()) before storage, which tells Next they are
  // dynamic before storage is reached; a page that does not fails the build here.
  if (process.env.NEXT_PHASE === productionBuildPhase) {
    return Promise.reject(new Error('Storage is not opened during `next build`: read the request first.'));
  }
  holder.kairosDatabase ??= (async () => {
    const handle = await openDatabase();
    await migrateDatabase(handle);
    // This month's partition must exist before the first event: the rest runs in the background.
    await ensureEventPartitions(handle.db);
    startEventUpkeep(handle);
    return handle;
  })();
  holder.kairosDatabase.catch(() => {
    holder.kairosDatabase = undefined;
  });
  return holder.kairosDatabase;
}
