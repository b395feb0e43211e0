import 'server-only';
import { count, desc, eq, max, min, sql } from 'drizzle-orm';
import { ecommerceEvents, revenueProperty } from '../contracts/event';
import type { Database } from './client';
import { events, visitors } from './schema';

export interface DatasetSummary {
  visitors: number;
  events: number;
  firstEventAt: Date | null;
  lastEventAt: Date | null;
}

/** The size of the stored dataset, for the console home and the CLI. */
export async function datasetSummary(db: Database): Promise<DatasetSummary> {
  const [visitorRows, eventRows] = await Promise.all([
    db.select({ n: count() }).from(visitors),
    db.select({ n: count(), first: min(events.timestamp), last: max(events.timestamp) }).from(events),
  ]);
  const eventRow = eventRows[0];
  return {
    visitors: visitorRows[0]?.n ?? 0,
    events: eventRow?.n ?? 0,
    firstEventAt: toDate(eventRow?.first),
    lastEventAt: toDate(eventRow?.last),
  };
}

// min()/max() come back as strings from some drivers.
function toDate(value: Date | string | null | undefined): Date | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value : new Date(value);
}

export interface EventBreakdown {
  /** Event counts by name (`page` and `identify` calls by their type), most frequent first. */
  byName: { name: string; count: number }[];
  purchases: number;
  revenue: number;
}

/** What the stored events are made of, for the console home. */
export async function eventBreakdown(db: Database, limit = 8): Promise<EventBreakdown> {
  const name = sql<string>`coalesce(${events.event}, ${events.type})`;
  const [byName, orders] = await Promise.all([
    db.select({ name, count: count() }).from(events).groupBy(name).orderBy(desc(count()), name).limit(limit),
    db
      .select({
        purchases: count(),
        // Only numeric revenue counts: a visitor's malformed value must not break the console.
        revenue: sql<string | null>`sum(case when jsonb_typeof(${events.properties} -> ${revenueProperty}) = 'number'
          then (${events.properties} ->> ${revenueProperty})::numeric end)`,
      })
      .from(events)
      .where(eq(events.event, ecommerceEvents.orderCompleted)),
  ]);
  return {
    byName: byName.map((row) => ({ name: row.name, count: Number(row.count) })),
    purchases: orders[0]?.purchases ?? 0,
    revenue: Number(orders[0]?.revenue ?? 0),
  };
}
