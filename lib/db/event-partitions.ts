import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from './client';

/** Months of partitions kept ready ahead of the server's clock. */
export const partitionMonthsAhead = 3;

/**
 * Creates the monthly partitions of events from last month to a few months on
 * (kairos_ensure_event_partitions, migration 0008). Rows of a month without its
 * partition sit in events_default meanwhile; this moves them in. Two servers
 * running it at once are serialised by an advisory lock, so neither trips on
 * the other's half-made partition.
 */
export async function ensureEventPartitions(db: Database, ahead = partitionMonthsAhead): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kairos_event_partitions'))`);
    await tx.execute(sql`select kairos_ensure_event_partitions(${ahead}::int)`);
  });
}

/**
 * The partitions of every month from `first` to `last`: a bulk load of past
 * events (the demo seed, an import) would otherwise fill events_default, where
 * retention can only delete row by row and never drop a month whole.
 */
export async function ensureEventPartitionsBetween(db: Database, first: Date, last: Date): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext('kairos_event_partitions'))`);
    await tx.execute(
      sql`select kairos_event_partition(month) from generate_series(
        date_trunc('month', ${first.toISOString()}::timestamptz, 'UTC'),
        ${last.toISOString()}::timestamptz, interval '1 month') as month`,
    );
  });
}
