import 'server-only';
// One writer at a time. Within a process, runs wait their turn (a request that
// asked for a compaction gets the one in progress, then its own). Across
// processes on PostgreSQL, a session advisory lock keyed by the lake's folder:
// a second process finds it taken and skips its run (the holder compacts for
// both); the lock goes with the session if its process dies. Embedded PGlite
// needs no more: its data folder is already one process's (lib/db/data-dir-lock.ts).
import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import type { DatabaseHandle } from '../db/client';

// On globalThis: Next bundles the background schedule (instrumentation) and the
// routes separately, each with its own copy of this module, and both must share
// one queue (tests/e2e/campaign-results.spec.ts saw one run delete the other's
// staging file when they did not).
const holder = globalThis as typeof globalThis & { kairosLakeTurns?: Map<string, Promise<unknown>> };
const queues = (holder.kairosLakeTurns ??= new Map<string, Promise<unknown>>());

/** Runs `work` once this process's previous runs on the lake are done. */
function inTurn<T>(lakeDir: string, work: () => Promise<T>): Promise<T> {
  const previous = queues.get(lakeDir) ?? Promise.resolve();
  const run = previous.then(work, work);
  const settled = run.catch(() => {});
  queues.set(lakeDir, settled);
  void settled.then(() => {
    if (queues.get(lakeDir) === settled) queues.delete(lakeDir);
  });
  return run;
}

/** The advisory lock's key for a lake folder: a signed 64-bit number (processes with other folders do not wait on it). */
export const lakeWriterKey = (lakeDir: string) =>
  createHash('sha256').update(`kairos-lake:${lakeDir}`).digest().readBigInt64BE(0);

/**
 * `work`'s result, or undefined when another process holds the lake. With
 * `wait`, it waits for that process instead, then runs: a caller that needs
 * every stored event in the lake (a send's audience) gets them.
 */
export function withLakeWriter<T>(
  handle: DatabaseHandle,
  lakeDir: string,
  work: () => Promise<T>,
  { wait = false }: { wait?: boolean } = {},
): Promise<T | undefined> {
  return inTurn(lakeDir, async () => {
    if (handle.kind !== 'postgres') return work();
    // A session lock needs one connection for the whole run, not whichever the pool hands out.
    const pool = (handle.db as unknown as { $client: Pool }).$client;
    const client = await pool.connect();
    const key = String(lakeWriterKey(lakeDir));
    try {
      if (wait) {
        await client.query('select pg_advisory_lock($1::bigint)', [key]);
      } else {
        const taken = await client.query<{ taken: boolean }>('select pg_try_advisory_lock($1::bigint) as taken', [key]);
        if (!taken.rows[0]?.taken) return undefined;
      }
      try {
        return await work();
      } finally {
        await client.query('select pg_advisory_unlock($1::bigint)', [key]);
      }
    } finally {
      client.release();
    }
  });
}
