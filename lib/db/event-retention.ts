import 'server-only';
import { type SQL, sql } from 'drizzle-orm';
import { collectLimits } from '../contracts/collect-limits';
import type { Database } from './client';
import { rowsOf } from './rows';

/** Days of events kept in the database once they are in the lake, unless KAIROS_EVENTS_KEEP_DAYS says otherwise. */
export const defaultKeepDays = 30;

/**
 * KAIROS_EVENTS_KEEP_DAYS: a number of days (0 keeps only what the lake does
 * not hold yet), or `off` to keep every event. Unset: defaultKeepDays.
 */
export function keepDaysFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): number | undefined {
  const value = env.KAIROS_EVENTS_KEEP_DAYS?.trim();
  if (value === undefined || value === '') return defaultKeepDays;
  if (value === 'off') return undefined;
  const days = Number(value);
  if (!Number.isFinite(days) || days < 0) {
    throw new Error(`KAIROS_EVENTS_KEEP_DAYS must be a number of days or "off" (got "${value}").`);
  }
  return days;
}

/**
 * A message id is kept while a replay of its event could still be accepted:
 * the collector refuses events older than maxAgeMs, and a replayed batch's skew
 * correction can move a timestamp by the device's clock drift, so a week more.
 */
export const messageIdKeepMs = collectLimits.maxAgeMs + 7 * 86_400_000;

export interface RetentionResult {
  /** Whole monthly partitions dropped. */
  partitionsDropped: string[];
  /** Rows deleted one by one (from partly kept months and the default partition). */
  eventsDeleted: number;
  /** Ledger rows no replay can need any more. */
  messageIdsDeleted: number;
}

const partitionName = /^events_(\d{4})(\d{2})$/;

const rows = async <T>(db: Database, query: SQL): Promise<T[]> => rowsOf<T>(await db.execute(query));

/**
 * Deletes stored events received before `keepDays` ago whose id is at or below
 * the lake's `watermark` (they are in the lake's files). With no watermark,
 * only message ids too old to matter go. A month whose partition lies wholly
 * before the cut and holds no id above the watermark is dropped whole (no
 * row-by-row delete, no dead rows left behind).
 */
export async function pruneStoredEvents(
  db: Database,
  options: { keepDays: number | undefined; watermark: number | undefined; now?: Date },
): Promise<RetentionResult> {
  const now = options.now ?? new Date();
  const result: RetentionResult = { partitionsDropped: [], eventsDeleted: 0, messageIdsDeleted: 0 };
  const { keepDays, watermark } = options;
  if (keepDays !== undefined && watermark !== undefined) {
    const cutoff = new Date(now.getTime() - keepDays * 86_400_000);
    const partitions = await rows<{ name: string }>(
      db,
      sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'events'::regclass order by 1`,
    );
    for (const { name } of partitions) {
      const match = partitionName.exec(name);
      if (!match) continue; // events_default holds rows of any month: deleted row by row below
      const monthEnd = new Date(Date.UTC(Number(match[1]), Number(match[2]), 1));
      if (monthEnd > cutoff) continue;
      const dropped = await db.transaction(async (tx) => {
        // The lock keeps an insert of a late row (received_at is the server's clock,
        // so only a clock set back) from slipping in between the check and the drop.
        await tx.execute(sql.raw(`lock table "${name}" in access exclusive mode`));
        const [top] = await rows<{ top: string | null }>(
          tx as unknown as Database,
          sql.raw(`select max(id) as top from "${name}"`),
        );
        if (Number(top?.top ?? 0) > watermark) return false;
        await tx.execute(sql.raw(`alter table events detach partition "${name}"`));
        await tx.execute(sql.raw(`drop table "${name}"`));
        return true;
      });
      if (dropped) result.partitionsDropped.push(name);
    }
    const deleted = await rows<{ n: string }>(
      db,
      sql`with gone as (delete from events where received_at < ${cutoff.toISOString()}::timestamptz
        and id <= ${watermark} returning 1) select count(*) as n from gone`,
    );
    result.eventsDeleted = Number(deleted[0]?.n ?? 0);
  }
  const expired = await rows<{ n: string }>(
    db,
    sql`with gone as (delete from event_message_ids
      where timestamp < ${new Date(now.getTime() - messageIdKeepMs).toISOString()}::timestamptz returning 1)
      select count(*) as n from gone`,
  );
  result.messageIdsDeleted = Number(expired[0]?.n ?? 0);
  return result;
}
