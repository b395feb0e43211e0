import 'server-only';
import path from 'node:path';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { lockDataDir } from './data-dir-lock';
import * as schema from './schema';

export type Database = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  /** 'pglite' (embedded, a data folder) or 'postgres' (DATABASE_URL). */
  kind: 'pglite' | 'postgres';
  /** Where the data lives, for messages: a folder or the URL without its password. */
  location: string;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… selects PostgreSQL; otherwise PGlite is used. */
  url?: string | undefined;
  /** PGlite's data folder; 'memory://' keeps it in memory (tests). */
  dataDir?: string | undefined;
}

export const migrationsFolder = path.join(/*turbopackIgnore: true*/ process.cwd(), 'lib', 'db', 'migrations');

/** The data folder of the embedded database: KAIROS_DATA_DIR, else ./data. */
export function defaultDataDir(): string {
  // The folder is chosen at run time; keep Next's file tracing out of it.
  return path.resolve(/*turbopackIgnore: true*/ process.env.KAIROS_DATA_DIR ?? 'data');
}

export function optionsFromEnv(): DatabaseOptions {
  return { url: process.env.DATABASE_URL, dataDir: path.join(defaultDataDir(), 'pglite') };
}

export async function openDatabase(options: DatabaseOptions = optionsFromEnv()): Promise<DatabaseHandle> {
  const { url } = options;
  if (url && /^postgres(ql)?:\/\//.test(url)) return openPostgres(url);
  if (url) throw new Error(`DATABASE_URL must start with postgres:// or postgresql:// (got "${url.split(':')[0]}:")`);
  return openPglite(options.dataDir ?? path.join(defaultDataDir(), 'pglite'));
}

async function openPostgres(url: string): Promise<DatabaseHandle> {
  const { Pool } = await import('pg');
  const { drizzle } = await import('drizzle-orm/node-postgres');
  const pool = new Pool({ connectionString: url, max: 10 });
  // An idle connection the server ends (a restart, a failover, an administrator's
  // terminate) is an 'error' event on the pool: unheard, it would end the process.
  // The pool replaces the connection on the next query.
  pool.on('error', (error) => console.error(`PostgreSQL connection lost while idle: ${error.message}`));
  // Fail at start, with the reason, rather than on the first request.
  await pool.query('select 1');
  const db = drizzle(pool, { schema }) as unknown as Database;
  const safe = new URL(url);
  safe.password = safe.password ? '***' : '';
  return { db, kind: 'postgres', location: safe.toString(), close: () => pool.end() };
}

/**
 * PGlite's own start parameters plus a write-ahead log sized for one embedded
 * writer. Its defaults are a server's: min_wal_size 80 MB and segments recycled
 * rather than removed, so a data folder kept 128 MB of WAL whatever its data.
 * Nothing replicates from PGlite and it runs in one process, so segments a
 * checkpoint no longer needs are removed (wal_recycle off) and two are kept;
 * max_wal_size stays large enough that a bulk load is not slowed by a
 * checkpoint every few seconds (measured: `npm run bench -- storage`).
 */
function embeddedStartParams(pglite: { defaultStartParams: string[] }): string[] {
  const settings = ['wal_recycle=off', 'min_wal_size=32MB', 'max_wal_size=256MB'];
  return [...pglite.defaultStartParams, ...settings.flatMap((setting) => ['-c', setting])];
}

async function openPglite(dataDir: string): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dataDir.startsWith('memory://');
  const release = inMemory ? () => {} : lockDataDir(dataDir);
  try {
    const client = inMemory ? new PGlite() : new PGlite(dataDir, { startParams: embeddedStartParams(PGlite) });
    await client.waitReady;
    const db = drizzle(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'pglite',
      location: inMemory ? 'memory' : dataDir,
      close: async () => {
        await client.close();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}
