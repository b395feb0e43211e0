import 'server-only';
// Automations as stored: the row, its campaign (message, variants, control,
// delivery options) and its entries' counts, for the admin API and the CLI.
import { desc, eq, inArray, sql } from 'drizzle-orm';
import type { AutomationInput, AutomationListItem, EntryCounts } from '../contracts/automation';
import type { AutomationTrigger, EventMatch } from '../contracts/automation';
import type { CampaignMessage } from '../contracts/campaign';
import { nextRecurringRun } from '../automations/recurring-schedule';
import { deliveryCounts, noCounts, skipCounts } from './campaigns';
import { noSkips } from '../contracts/delivery-policy';
import type { Database } from './client';
import { committedWatermark } from './lake-events';
import { automationEntries, automations, campaigns } from './schema';

export type AutomationRow = typeof automations.$inferSelect;

const noEntries = (): EntryCounts => ({ waiting: 0, sent: 0, exited: 0, control: 0, unreachable: 0, failed: 0 });

/** When a new automation's trigger first evaluates: a segment at once (its first membership), a schedule at its time. */
function firstRunAt(trigger: AutomationTrigger, now: Date): Date | null {
  if (trigger.kind === 'segment') return now;
  if (trigger.kind === 'recurring') return new Date(nextRecurringRun(trigger.schedule, now.getTime()));
  return null;
}

/**
 * Stores the automation and its campaign in one transaction. An event trigger
 * starts reading at the events committed now: it reacts to what visitors do
 * from now on, not to their history.
 */
export async function createAutomation(db: Database, input: AutomationInput, now = new Date()): Promise<AutomationRow> {
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [campaign] = await t
      .insert(campaigns)
      .values({
        name: input.name,
        message: input.message,
        variants: input.variants,
        controlShare: input.controlShare,
        ttlSeconds: input.ttlSeconds,
        urgency: input.urgency,
        timeMode: input.timeMode,
        localTime: input.localTime,
        perMinute: input.perMinute,
        important: input.important,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: campaigns.id });
    if (!campaign) throw new Error('The automation\u2019s campaign was not stored.');
    const trigger = input.trigger;
    const [created] = await t
      .insert(automations)
      .values({
        name: input.name,
        trigger,
        segmentId: trigger.kind === 'event' ? null : (trigger.segmentId ?? null),
        campaignId: campaign.id,
        delayMinutes: input.delayMinutes,
        exitEvent: input.exitEvent,
        reentryAfterDays: input.reentryAfterDays,
        endsAt: input.endsAt ? new Date(input.endsAt) : null,
        eventCursor: trigger.kind === 'event' ? await committedWatermark(t) : 0,
        nextRunAt: firstRunAt(trigger, now),
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (!created) throw new Error('The automation was not stored.');
    return created;
  });
}

export async function findAutomation(db: Database, id: number): Promise<AutomationRow | undefined> {
  return (await db.select().from(automations).where(eq(automations.id, id)))[0];
}

/**
 * Pauses or resumes; an ended automation stays ended. A resumed event trigger
 * reads on from the events committed now: what visitors did while it was
 * paused enters no one. Returns the row, or undefined when there is none.
 */
export async function setAutomationStatus(
  db: Database,
  id: number,
  status: 'active' | 'paused',
  now = new Date(),
): Promise<AutomationRow | undefined> {
  const resumedCursor =
    status === 'active'
      ? sql`case when ${automations.status} = 'paused' and ${automations.trigger}->>'kind' = 'event'
          then ${await committedWatermark(db)} else ${automations.eventCursor} end`
      : automations.eventCursor;
  const [row] = await db
    .update(automations)
    .set({
      status: sql`case when ${automations.status} = 'ended' then 'ended' else ${status} end`,
      eventCursor: resumedCursor,
      updatedAt: now,
    })
    .where(eq(automations.id, id))
    .returning();
  return row;
}

/** Deletes the automation's campaign, and with it (cascade) the automation, its entries and deliveries. */
export async function deleteAutomation(db: Database, row: AutomationRow): Promise<void> {
  await db.delete(campaigns).where(eq(campaigns.id, row.campaignId));
}

async function entryCounts(db: Database, ids: number[]): Promise<Map<number, EntryCounts>> {
  const counts = new Map(ids.map((id) => [id, noEntries()]));
  if (ids.length === 0) return counts;
  const rows = await db
    .select({ id: automationEntries.automationId, status: automationEntries.status, n: sql<number>`count(*)::int` })
    .from(automationEntries)
    .where(inArray(automationEntries.automationId, ids))
    .groupBy(automationEntries.automationId, automationEntries.status);
  for (const row of rows) {
    const entry = counts.get(row.id);
    if (entry) entry[row.status === 'sending' ? 'waiting' : row.status] += Number(row.n);
  }
  return counts;
}

export async function listAutomations(db: Database, ids?: number[]): Promise<AutomationListItem[]> {
  const rows = await db
    .select({
      automation: automations,
      message: campaigns.message,
      policy: {
        timeMode: campaigns.timeMode,
        localTime: campaigns.localTime,
        perMinute: campaigns.perMinute,
        important: campaigns.important,
      },
    })
    .from(automations)
    .innerJoin(campaigns, eq(campaigns.id, automations.campaignId))
    .where(ids ? inArray(automations.id, ids) : undefined)
    .orderBy(desc(automations.createdAt), desc(automations.id));
  const entries = await entryCounts(
    db,
    rows.map((row) => row.automation.id),
  );
  const deliveries = await deliveryCounts(
    db,
    rows.map((row) => row.automation.campaignId),
  );
  const skips = await skipCounts(
    db,
    rows.map((row) => row.automation.campaignId),
  );
  return rows.map(({ automation: row, message, policy }) => ({
    id: row.id,
    name: row.name,
    status: row.status,
    trigger: row.trigger as AutomationTrigger,
    delayMinutes: row.delayMinutes,
    exitEvent: (row.exitEvent as EventMatch | null) ?? null,
    reentryAfterDays: row.reentryAfterDays,
    endsAt: row.endsAt?.toISOString() ?? null,
    campaignId: row.campaignId,
    message: message as CampaignMessage,
    nextRunAt: row.nextRunAt?.toISOString() ?? null,
    lastRunAt: row.lastRunAt?.toISOString() ?? null,
    lastError: row.lastError,
    createdAt: row.createdAt.toISOString(),
    entries: entries.get(row.id) ?? noEntries(),
    deliveries: deliveries.get(row.campaignId) ?? noCounts(),
    skips: skips.get(row.campaignId) ?? noSkips(),
    policy,
  }));
}

export async function automationItem(db: Database, id: number): Promise<AutomationListItem | undefined> {
  return (await listAutomations(db, [id]))[0];
}
