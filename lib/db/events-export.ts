import 'server-only';
// The server's events for the console's analytics worker: read in pages by id
// (keyset pagination, so memory stays flat however many events there are) and
// turned into Arrow batches in the engine's load shape. The export shares the
// request thread (and PGlite's one connection) with every other request, so it
// reads small pages and gives waiting requests a turn after each step.
import { asc, count, gt } from 'drizzle-orm';
import type { Table } from 'apache-arrow';
import { factsToTable } from '../analytics/event-arrow';
import { eventFacts, type EventFacts, type FactsEvent } from '../segments/event-facts';
import type { Database } from './client';
import { yieldToRequests } from './event-loop';
import { events } from './schema';

/** Rows per Arrow batch: the stream's shape, unchanged for the console's loader. */
export const exportPageRows = 5_000;

/**
 * Rows per query. A query's rows are parsed on the request thread in one go
 * (about 60 ms for 1,000 events with PGlite on a small machine, 4–5× that for
 * a whole batch), so a batch is read in several queries.
 */
export const exportReadRows = 1_000;

type EventRow = typeof events.$inferSelect;

/** The columns an event is rebuilt from (the lake's reader selects only these). */
export type EventRowFields = Pick<
  EventRow,
  | 'messageId'
  | 'type'
  | 'event'
  | 'properties'
  | 'traits'
  | 'anonymousId'
  | 'userId'
  | 'sessionId'
  | 'timestamp'
  | 'context'
>;

/** A stored row as the event the device sent (the collector validated it on the way in). */
export function toEvent(row: EventRowFields): FactsEvent {
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
    context: row.context as FactsEvent['context'],
  };
}

/** The events after `after` by id, at most `limit`, as facts with their ids. */
async function readFacts(db: Database, after: number, limit: number): Promise<{ facts: EventFacts[]; ids: number[] }> {
  const rows = await db.select().from(events).where(gt(events.id, after)).orderBy(asc(events.id)).limit(limit);
  return { facts: rows.map((row) => eventFacts(toEvent(row))), ids: rows.map((row) => row.id) };
}

export async function exportedEventCount(db: Database, afterId = 0): Promise<number> {
  const [row] = await db.select({ n: count() }).from(events).where(gt(events.id, afterId));
  return Number(row?.n ?? 0);
}

/** The stored events with an id above `afterId` (the lake's watermark; 0 for every event). */
export async function* exportEventTables(
  db: Database,
  pageRows = exportPageRows,
  readRows = exportReadRows,
  afterId = 0,
): AsyncGenerator<Table> {
  let after = afterId;
  for (;;) {
    const page: EventFacts[] = [];
    const ids: number[] = [];
    let more = true;
    while (more && page.length < pageRows) {
      const wanted = Math.min(readRows, pageRows - page.length);
      const read = await readFacts(db, after, wanted);
      await yieldToRequests();
      page.push(...read.facts);
      ids.push(...read.ids);
      after = ids.at(-1) ?? after;
      more = read.facts.length === wanted;
    }
    if (page.length > 0) {
      const table = factsToTable(page, ids);
      await yieldToRequests();
      yield table;
    }
    if (!more) return;
  }
}
