import 'server-only';
// The server's events for the console's analytics worker: read in pages by id
// (keyset pagination, so memory stays flat however many events there are) and
// turned into Arrow batches in the engine's load shape.
import { asc, count, gt } from 'drizzle-orm';
import type { Table } from 'apache-arrow';
import { factsToTable } from '../analytics/event-arrow';
import type { KairosEvent } from '../contracts/event';
import { eventFacts } from '../segments/event-facts';
import type { Database } from './client';
import { events } from './schema';

export const exportPageRows = 5_000;

type EventRow = typeof events.$inferSelect;

/** A stored row as the event the device sent (the collector validated it on the way in). */
function toEvent(row: EventRow): KairosEvent {
  return {
    messageId: row.messageId,
    type: row.type,
    ...(row.event !== null && { event: row.event }),
    properties: row.properties,
    traits: row.traits,
    anonymousId: row.anonymousId,
    userId: row.userId,
    sessionId: row.sessionId,
    timestamp: row.timestamp.toISOString(),
    context: row.context as KairosEvent['context'],
  };
}

export async function exportedEventCount(db: Database): Promise<number> {
  const [row] = await db.select({ n: count() }).from(events);
  return Number(row?.n ?? 0);
}

export async function* exportEventTables(db: Database, pageRows = exportPageRows): AsyncGenerator<Table> {
  let after = 0;
  for (;;) {
    const rows = await db.select().from(events).where(gt(events.id, after)).orderBy(asc(events.id)).limit(pageRows);
    if (rows.length === 0) return;
    yield factsToTable(rows.map((row) => eventFacts(toEvent(row))));
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < pageRows) return;
  }
}
