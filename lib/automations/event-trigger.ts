import 'server-only';
// Event triggers read the stored events after their cursor, up to the
// committed watermark (every id at or below it is committed, so a slow
// transaction's events are read on a later pass, not skipped), and enter the
// visitors who did the trigger event. The cursor moves in the transaction that
// enters them, with the automation's row locked: a crash or a second process
// re-reads nothing already entered. An entry whose wait is already over is
// sent in that same transaction (entries.ts).
import { and, eq, sql } from 'drizzle-orm';
import type { AutomationTrigger } from '../contracts/automation';
import type { Database } from '../db/client';
import { committedWatermark } from '../db/lake-events';
import { rowsOf } from '../db/rows';
import { automations, events } from '../db/schema';
import { type Entered, enterVisitors } from './entries';
import { matchesEvent } from './event-match';

/** Events read per automation per statement. */
const scanPage = 5_000;

/** Reads one page of events for one automation; returns how many visitors entered and whether it is caught up. */
async function scanPageFor(
  db: Database,
  automationId: number,
  watermark: number,
  now: Date,
): Promise<{ entered: number; queued: number; caughtUp: boolean }> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [row] = await t
      .select()
      .from(automations)
      .where(and(eq(automations.id, automationId), eq(automations.status, 'active')))
      .for('update', { skipLocked: true });
    // Paused, ended, deleted, or another process is reading it now.
    if (!row) return { entered: 0, queued: 0, caughtUp: true };
    const trigger = row.trigger as AutomationTrigger;
    if (trigger.kind !== 'event' || row.eventCursor >= watermark) return { entered: 0, queued: 0, caughtUp: true };
    // Properties only when a filter reads them: most triggers name just the event.
    const filtered = trigger.event.where.length > 0;
    const result = await t.execute(sql`
      select id, anonymous_id, "timestamp"${filtered ? sql`, properties` : sql``} from ${events}
      where id > ${row.eventCursor} and id <= ${watermark} and type = 'track' and event = ${trigger.event.name}
      order by id limit ${scanPage}`);
    const page = rowsOf<{ id: number | string; anonymous_id: string; timestamp: unknown; properties?: unknown }>(
      result,
    ).map((event) => ({
      id: Number(event.id),
      anonymousId: event.anonymous_id,
      timestamp: new Date(event.timestamp as string),
      properties: (typeof event.properties === 'string' ? JSON.parse(event.properties) : event.properties) ?? {},
    }));
    const caughtUp = page.length < scanPage;
    const cursor = caughtUp ? watermark : page.at(-1)!.id;
    const candidates = page
      .filter((event) => !filtered || matchesEvent(trigger.event, trigger.event.name, event.properties))
      .map((event) => ({ anonymousId: event.anonymousId, enteredAt: event.timestamp }));
    const { entered, queued } = await enterVisitors(t, row, candidates, now);
    await t
      .update(automations)
      .set({ eventCursor: cursor, updatedAt: now, lastError: null })
      .where(eq(automations.id, row.id));
    return { entered, queued, caughtUp };
  });
}

/**
 * Brings every active event trigger up to the events committed now; returns the
 * visitors entered and the deliveries queued for those whose wait was already over.
 */
export async function scanEventTriggers(db: Database, now: Date): Promise<Entered> {
  const active = await db
    .select({ id: automations.id })
    .from(automations)
    .where(and(eq(automations.status, 'active'), sql`${automations.trigger}->>'kind' = 'event'`));
  if (active.length === 0) return { entered: 0, queued: 0 };
  const watermark = await committedWatermark(db);
  const total = { entered: 0, queued: 0 };
  for (const { id } of active) {
    for (;;) {
      const page = await scanPageFor(db, id, watermark, now);
      total.entered += page.entered;
      total.queued += page.queued;
      if (page.caughtUp) break;
    }
  }
  return total;
}
