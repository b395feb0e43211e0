// The event export as it was before it gave waiting requests a turn: pages of
// 5,000 rows read back to back, each awaited query settling as a microtask, so
// the event loop never reads another socket until the export ends. Kept for the
// export benchmark's peer column only.
import { asc, gt } from 'drizzle-orm';
import type { Table } from 'apache-arrow';
import { factsToTable } from '@/lib/analytics/event-arrow';
import { toEvent } from '@/lib/db/events-export';
import type { Database } from '@/lib/db/client';
import { events } from '@/lib/db/schema';
import { eventFacts } from '@/lib/segments/event-facts';

export async function* exportEventTablesWithoutTurns(db: Database, pageRows = 5_000): AsyncGenerator<Table> {
  let after = 0;
  for (;;) {
    const rows = await db.select().from(events).where(gt(events.id, after)).orderBy(asc(events.id)).limit(pageRows);
    if (rows.length === 0) return;
    yield factsToTable(rows.map((row) => eventFacts(toEvent(row))));
    after = rows[rows.length - 1]?.id ?? after;
    if (rows.length < pageRows) return;
  }
}
