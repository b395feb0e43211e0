import 'server-only';
// One round of every automation, on a clock the caller gives (the scheduler's
// is the wall clock; tests move their own): automations past their end date
// end, event triggers read the events committed since their last round
// (sending at once the entries whose wait is already over),
// segment and recurring triggers whose time has come are evaluated (the
// entries table's statistics refreshed when many entered), then every wait
// that is over is sent.
import { and, eq, lte } from 'drizzle-orm';
import type { ServerAudiences } from '../audience/server-audience';
import type { Database } from '../db/client';
import { analyzeDeliveries } from '../db/deliveries';
import { automations } from '../db/schema';
import { analyzeEntries } from './entries';
import { dispatchDueEntries } from './entry-dispatch';
import { scanEventTriggers } from './event-trigger';
import { runDueSegmentTriggers, type SegmentRun } from './segment-trigger';

export interface AutomationRound {
  ended: number;
  enteredByEvents: number;
  segmentRuns: SegmentRun[];
  /** Deliveries queued for the outbox. */
  queued: number;
}

export async function runAutomations(
  db: Database,
  audiences: () => Promise<ServerAudiences>,
  now: Date,
): Promise<AutomationRound> {
  const ended = await db
    .update(automations)
    .set({ status: 'ended', updatedAt: now })
    .where(and(eq(automations.status, 'active'), lte(automations.endsAt, now)))
    .returning({ id: automations.id });
  const byEvents = await scanEventTriggers(db, now);
  const segmentRuns = await runDueSegmentTriggers(db, audiences, now);
  const entered = byEvents.entered + segmentRuns.reduce((sum, run) => sum + run.entered, 0);
  if (entered >= 500) await analyzeEntries(db);
  // Statistics once for the round's entries sent as they entered (queueDeliveries says why they matter).
  if (byEvents.queued >= 500) await analyzeDeliveries(db);
  // Best times come from the server's engine, opened only when an automation's campaign asks for
  // them; the lake is brought up to date for the round's first batch only.
  let fresh = true;
  const dispatched = await dispatchDueEntries(db, now, {
    bestTimes: async (customers, params) => {
      const found = await (await audiences()).bestTimes(customers, params, fresh);
      fresh = false;
      return found;
    },
  });
  return {
    ended: ended.length,
    enteredByEvents: byEvents.entered,
    segmentRuns,
    queued: byEvents.queued + dispatched,
  };
}
