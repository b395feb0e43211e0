import 'server-only';
import { sql } from 'drizzle-orm';
import type { Database } from './client';
import { rowsOf } from './rows';
import type { events } from './schema';

type EventRow = typeof events.$inferInsert;

const iso = (time: Date | null | undefined) => (time ? time.toISOString() : null);

/**
 * Inserts the rows whose message id was never stored: the ledger of message
 * ids (event_message_ids) decides, so an event stays stored once even after its
 * row was deleted. Returns the message ids stored now. Run it in a transaction:
 * a refused event row must take its ledger row with it.
 *
 * The batch travels as one JSON parameter read by `json_to_recordset`, and both
 * inserts are one statement: building a statement with a parameter per column
 * of every row cost the server more CPU than storing the rows
 * (docs/benchmarks.md, "Ingest"). Every text reaching here is storable (no NUL,
 * no lone surrogate: lib/http/json-body.ts), so the JSON is too.
 */
export async function storeEvents(db: Database, rows: readonly EventRow[]): Promise<Set<string>> {
  if (rows.length === 0) return new Set();
  // The first of a repeated id wins, as the collector's own batch check does.
  const seen = new Set<string>();
  const unique = rows.filter((row) => !seen.has(row.messageId) && Boolean(seen.add(row.messageId)));
  const batch = JSON.stringify(
    unique.map((row, ord) => ({
      ord,
      message_id: row.messageId,
      type: row.type,
      event: row.event ?? null,
      anonymous_id: row.anonymousId,
      user_id: row.userId ?? null,
      session_id: row.sessionId ?? null,
      properties: row.properties ?? {},
      traits: row.traits ?? {},
      context: row.context ?? {},
      timestamp: iso(row.timestamp),
      original_timestamp: iso(row.originalTimestamp),
      received_at: iso(row.receivedAt) ?? new Date().toISOString(),
      extra: row.extra ?? null,
    })),
  );
  const result = await db.execute(sql`
    with batch as (
      select * from json_to_recordset(${batch}::json) as r(
        ord int, message_id text, type text, event text, anonymous_id text, user_id text, session_id text,
        properties jsonb, traits jsonb, context jsonb, "timestamp" timestamptz, original_timestamp timestamptz,
        received_at timestamptz, extra jsonb)
    ), claimed as (
      insert into event_message_ids (message_id, "timestamp")
      select message_id, "timestamp" from batch
      on conflict (message_id) do nothing
      returning message_id
    ), stored as (
      insert into events (message_id, type, event, anonymous_id, user_id, session_id, properties, traits, context,
        "timestamp", original_timestamp, received_at, extra)
      select b.message_id, b.type, b.event, b.anonymous_id, b.user_id, b.session_id, b.properties, b.traits,
        b.context, b."timestamp", b.original_timestamp, b.received_at, b.extra
      from batch b join claimed c on c.message_id = b.message_id
      order by b.ord
      returning 1
    )
    select message_id from claimed`);
  return new Set(rowsOf<{ message_id: string }>(result).map((row) => row.message_id));
}
