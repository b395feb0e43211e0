import 'server-only';
import { and, inArray, sql } from 'drizzle-orm';
import type { Database } from './client';
import { lakeForgets } from './schema';

export interface LakeForgets {
  anonymousIds: string[];
  /** The latest request read: a visitor asking again after it is kept for the next run. */
  readUpTo: Date;
}

/** Visitors forgotten whose events the lake's files may still hold (forgetVisitor queues them). */
export async function pendingLakeForgets(db: Database): Promise<LakeForgets> {
  const rows = await db.select().from(lakeForgets);
  const readUpTo = new Date(Math.max(0, ...rows.map((row) => row.requestedAt.getTime())));
  return { anonymousIds: rows.map((row) => row.anonymousId), readUpTo };
}

/** Clears requests the lake has carried out (no file its manifest lists holds them any more). */
export async function clearLakeForgets(db: Database, done: LakeForgets): Promise<void> {
  if (done.anonymousIds.length === 0) return;
  await db.delete(lakeForgets).where(
    and(
      inArray(lakeForgets.anonymousId, done.anonymousIds),
      // Compared at the millisecond a Date holds (the column keeps microseconds).
      sql`date_trunc('milliseconds', ${lakeForgets.requestedAt}) <= ${done.readUpTo.toISOString()}::timestamptz`,
    ),
  );
}
