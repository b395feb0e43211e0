import 'server-only';
import type { Pool } from 'pg';
import { migrationsFolder, type DatabaseHandle } from './client';

/** Applies the SQL migrations in lib/db/migrations that have not run yet (idempotent). */
export async function migrateDatabase(handle: DatabaseHandle): Promise<void> {
  if (handle.kind === 'pglite') {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(handle.db as never, { migrationsFolder });
    return;
  }
  // Servers sharing one PostgreSQL start at once (a deploy of two replicas):
  // unserialised, both would run the same migration and one would fail on
  // "relation already exists". One connection holds a session advisory lock
  // for the whole run; the other server waits, then finds nothing to do.
  const { migrate } = await import('drizzle-orm/node-postgres/migrator');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = (handle.db as unknown as { $client: Pool }).$client;
  const client = await pool.connect();
  try {
    await client.query(`select pg_advisory_lock(hashtext('kairos_migrations'))`);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query(`select pg_advisory_unlock(hashtext('kairos_migrations'))`).catch(() => {});
    client.release();
  }
}
