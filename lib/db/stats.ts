import 'server-only';
import { count, max, min } from 'drizzle-orm';
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
