import 'server-only';
import { openDatabase, type DatabaseHandle } from './client';
import { migrateDatabase } from './migrate';

export * from './client';
export { migrateDatabase } from './migrate';

// One handle per server process. Kept on globalThis so Next's dev reloads and
// the several bundles of one `next start` share it (PGlite allows one opener).
const holder = globalThis as typeof globalThis & { kairosDatabase?: Promise<DatabaseHandle> };

/** The server's database, opened and migrated on first use. */
export function serverDatabase(): Promise<DatabaseHandle> {
  holder.kairosDatabase ??= (async () => {
    const handle = await openDatabase();
    await migrateDatabase(handle);
    return handle;
  })();
  holder.kairosDatabase.catch(() => {
    holder.kairosDatabase = undefined;
  });
  return holder.kairosDatabase;
}
