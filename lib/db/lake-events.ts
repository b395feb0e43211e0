import 'server-only';
// The stored events the lake's compactor reads: a watermark every id below
// which is committed, and pages of rows by id as the analytics' facts. Rows
// come as one JSON array each (COPY on PGlite, a SELECT on PostgreSQL), parsed
// here once, rather than through Drizzle's row mapping, the slow part of the
// export's read.
import { sql } from 'drizzle-orm';
import type { EventFacts } from '../segments/event-facts';
import { eventFacts } from '../segments/event-facts';
import type { Database, DatabaseHandle } from './client';
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

/** One stored event as the reader receives it: the columns an event is rebuilt from, jsonb parsed. */
type EventTuple = [
  id: number,
  messageId: string,
  type: EventRowFields['type'],
  event: string | null,
  anonymousId: string,
  userId: string | null,
  sessionId: string | null,
  properties: Record<string, unknown>,
  traits: Record<string, unknown>,
  context: Record<string, unknown>,
  ms: number,
];

const tupleColumns = `id::float8, message_id::text, type, event, anonymous_id, user_id, session_id,
  properties, traits, context, floor(extract(epoch from timestamp) * 1000)::float8`;

function toLakeEvent(tuple: EventTuple): LakeEvent {
  const [id, messageId, type, event, anonymousId, userId, sessionId, properties, traits, context, ms] = tuple;
  const row = { messageId, type, event, anonymousId, userId, sessionId, properties, traits, context };
  return { id, facts: eventFacts(toEvent({ ...row, timestamp: new Date(ms) })) };
}

interface PgliteCopy {
  query(text: string): Promise<{ blob?: Blob }>;
}

/**
 * PGlite: COPY of one JSON array per row to its in-memory /dev/blob, about
 * twice as fast as the same SELECT (no per-row protocol messages and result
 * objects). COPY's text format doubles every backslash and escapes nothing
 * else a JSON text can hold (JSON has no raw tabs or newlines), so halving
 * them gives the JSON back. COPY takes no parameters: the bound is a number we made.
 */
async function copyTuples(db: Database, after: number, limit: number): Promise<EventTuple[]> {
  const client = (db as unknown as { $client: PgliteCopy }).$client;
  const query = `copy (select json_build_array(${tupleColumns})::text from events
    where id > ${Math.trunc(after)} order by id limit ${Math.trunc(limit)}) to '/dev/blob'`;
  const { blob } = await client.query(query);
  const text = blob ? await blob.text() : '';
  return text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line.replaceAll('\\\\', '\\')) as EventTuple);
}

/** PostgreSQL: a plain SELECT of the same columns, one JSON array per row, parsed here. */
async function selectTuples(db: Database, after: number, limit: number): Promise<EventTuple[]> {
  const rows = rowsOf<{ tuple: string }>(
    await db.execute(sql`select json_build_array(${sql.raw(tupleColumns)})::text as tuple from events
      where events.id > ${after} order by events.id limit ${limit}`),
  );
  return rows.map((row) => JSON.parse(row.tuple) as EventTuple);
}

/** At most `limit` events with after < id <= upTo, in id order. */
export async function readLakeEvents(
  handle: Pick<DatabaseHandle, 'db' | 'kind'>,
  after: number,
  upTo: number,
  limit: number,
): Promise<LakeEvent[]> {
  // The upper bound is applied here: in the query it leads the planner from the id index to a sort.
  const read = handle.kind === 'pglite' ? copyTuples : selectTuples;
  const tuples = await read(handle.db, after, limit);
  return tuples.filter((tuple) => tuple[0] <= upTo).map(toLakeEvent);
}
