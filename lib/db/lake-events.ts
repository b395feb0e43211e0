import 'server-only';
// The stored events the lake's compactor reads: a watermark every id below
// which is committed, and pages of rows by id as the analytics' facts. Rows
// come through a plain SELECT that hands jsonb over as text (parsed here, once)
// rather than Drizzle's row mapping, the slow part of the export's read.
import { sql } from 'drizzle-orm';
import type { EventFacts } from '../segments/event-facts';
import { eventFacts } from '../segments/event-facts';
import type { Database } from './client';
import { type EventRowFields, toEvent } from './events-export';
import { rowsOf } from './rows';

export interface LakeEvent {
  id: number;
  facts: EventFacts;
}

/**
 * The highest stored id such that every id at or below it is committed. On
 * PostgreSQL ids are handed out before commit, so a later id can commit before
 * an earlier one; SHARE mode waits for the inserts in flight (and holds new
 * ones back for the moment it takes to read the max). PGlite runs one
 * statement at a time, where the lock is as cheap as it is needless.
 */
export async function committedWatermark(db: Database): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`lock table events in share mode`);
    const [row] = rowsOf<{ max: number }>(
      await tx.execute(sql`select coalesce(max(id), 0)::float8 as max from events`),
    );
    return Number(row?.max ?? 0);
  });
}

/** Stored events with an id above `after`, for the manifest's tail. */
export async function countEventsAbove(db: Database, after: number): Promise<number> {
  const [row] = rowsOf<{ n: number }>(
    await db.execute(sql`select count(*)::float8 as n from events where id > ${after}`),
  );
  return Number(row?.n ?? 0);
}

interface RawEventRow {
  id: number;
  message_id: string;
  type: EventRowFields['type'];
  event: string | null;
  anonymous_id: string;
  user_id: string | null;
  session_id: string | null;
  properties: string;
  traits: string;
  context: string;
  ms: number;
}

/** At most `limit` events with after < id <= upTo, in id order. */
export async function readLakeEvents(db: Database, after: number, upTo: number, limit: number): Promise<LakeEvent[]> {
  const rows = rowsOf<RawEventRow>(
    await db.execute(sql`
      select id::float8 as id, message_id::text as message_id, type, event, anonymous_id, user_id, session_id,
        properties::text as properties, traits::text as traits, context::text as context,
        floor(extract(epoch from timestamp) * 1000)::float8 as ms
      from events where events.id > ${after} order by events.id limit ${limit}`),
  );
  // The bound is applied here: with it in the query the planner leaves the id index for a sort.
  return rows
    .filter((row) => Number(row.id) <= upTo)
    .map((row) => ({
      id: Number(row.id),
      facts: eventFacts(
        toEvent({
          messageId: row.message_id,
          type: row.type,
          event: row.event,
          anonymousId: row.anonymous_id,
          userId: row.user_id,
          sessionId: row.session_id,
          properties: JSON.parse(row.properties) as Record<string, unknown>,
          traits: JSON.parse(row.traits) as Record<string, unknown>,
          context: JSON.parse(row.context) as Record<string, unknown>,
          timestamp: new Date(Number(row.ms)),
        }),
      ),
    }));
}
