import 'server-only';
// Segment and recurring triggers, evaluated when their time comes with the
// server's audience engine (lib/audience/server-audience.ts, as a segment
// campaign's send is). A segment trigger compares the members with those of
// its previous evaluation (stored in automation_members) and enters who
// entered or left; its first evaluation only records the members. A recurring
// trigger enters every member, as of the run's scheduled time. The membership,
// the entries and the next run are written in one transaction that holds the
// automation's row and checks the run is still due: a crash mid-way or a
// second process evaluating the same run changes nothing twice.
import { and, eq, inArray, isNotNull, lte, sql } from 'drizzle-orm';
import type { AutomationTrigger } from '../contracts/automation';
import { parseSegmentTree, type SegmentTree } from '../contracts/segment';
import type { AutomationRow } from '../db/automations';
import type { Database } from '../db/client';
import { automationMembers, automations } from '../db/schema';
import { findSegment } from '../db/segments';
import { sendTimeOptions, type ServerAudiences } from '../audience/server-audience';
import { enterVisitors } from './entries';
import { nextRecurringRun } from './recurring-schedule';

async function treeOf(db: Database, trigger: AutomationTrigger): Promise<SegmentTree | undefined> {
  if (trigger.kind === 'event') return undefined;
  if (trigger.definition) return parseSegmentTree(trigger.definition);
  const saved = trigger.segmentId === undefined ? undefined : await findSegment(db, trigger.segmentId);
  return saved && parseSegmentTree(saved.definition);
}

function nextRun(trigger: AutomationTrigger, now: Date): Date | null {
  if (trigger.kind === 'segment') return new Date(now.getTime() + trigger.everyMinutes * 60_000);
  if (trigger.kind === 'recurring') return new Date(nextRecurringRun(trigger.schedule, now.getTime()));
  return null;
}

/** Replaces the stored membership with `members`; returns who entered and who left. */
async function updateMembership(
  db: Database,
  automationId: number,
  members: readonly string[],
): Promise<{ entered: string[]; left: string[] }> {
  const previous = new Set(
    (
      await db
        .select({ anonymousId: automationMembers.anonymousId })
        .from(automationMembers)
        .where(eq(automationMembers.automationId, automationId))
    ).map((row) => row.anonymousId),
  );
  const current = new Set(members);
  const entered = [...current].filter((id) => !previous.has(id));
  const left = [...previous].filter((id) => !current.has(id));
  for (let start = 0; start < left.length; start += 1_000) {
    await db
      .delete(automationMembers)
      .where(
        and(
          eq(automationMembers.automationId, automationId),
          inArray(automationMembers.anonymousId, left.slice(start, start + 1_000)),
        ),
      );
  }
  for (let start = 0; start < entered.length; start += 1_000) {
    await db
      .insert(automationMembers)
      .values(entered.slice(start, start + 1_000).map((anonymousId) => ({ automationId, anonymousId })))
      .onConflictDoNothing();
  }
  return { entered, left };
}

export interface SegmentRun {
  automationId: number;
  members: number;
  entered: number;
  error?: string;
}

async function evaluate(db: Database, audiences: ServerAudiences, row: AutomationRow, now: Date): Promise<SegmentRun> {
  const trigger = row.trigger as AutomationTrigger;
  const tree = await treeOf(db, trigger);
  if (!tree) {
    const error = 'The automation\u2019s saved segment no longer exists.';
    await db
      .update(automations)
      .set({ lastError: error, nextRunAt: nextRun(trigger, now), updatedAt: now })
      .where(eq(automations.id, row.id));
    return { automationId: row.id, members: 0, entered: 0, error };
  }
  const audience = await audiences.members(tree, await sendTimeOptions(db, now));
  const scheduledFor = row.nextRunAt;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const [locked] = await t.select().from(automations).where(eq(automations.id, row.id)).for('update');
    // Another process evaluated this run meanwhile (or it was paused or deleted).
    if (!locked || locked.status !== 'active' || locked.nextRunAt?.getTime() !== scheduledFor?.getTime()) {
      return { automationId: row.id, members: audience.members.length, entered: 0 };
    }
    let candidates: { anonymousId: string; enteredAt: Date }[] = [];
    if (trigger.kind === 'segment') {
      const change = await updateMembership(t, row.id, audience.members);
      // The first evaluation is the baseline: its members were there before the automation.
      if (locked.lastRunAt) {
        candidates = (trigger.on === 'enter' ? change.entered : change.left).map((anonymousId) => ({
          anonymousId,
          enteredAt: now,
        }));
      }
    } else {
      // Entered as of the scheduled time, so "again after 1 day" lets a daily run in each day.
      const at = scheduledFor ?? now;
      candidates = audience.members.map((anonymousId) => ({ anonymousId, enteredAt: at }));
    }
    const { entered } = await enterVisitors(t, locked, candidates);
    await t
      .update(automations)
      .set({ lastRunAt: now, nextRunAt: nextRun(trigger, now), lastError: null, updatedAt: now })
      .where(eq(automations.id, row.id));
    return { automationId: row.id, members: audience.members.length, entered };
  });
}

/** Evaluates every active segment and recurring trigger whose time has come (the engine opens only if one has). */
export async function runDueSegmentTriggers(
  db: Database,
  audiences: () => Promise<ServerAudiences>,
  now: Date,
): Promise<SegmentRun[]> {
  const due = await db
    .select()
    .from(automations)
    .where(
      and(
        eq(automations.status, 'active'),
        isNotNull(automations.nextRunAt),
        lte(automations.nextRunAt, now),
        sql`${automations.trigger}->>'kind' in ('segment', 'recurring')`,
      ),
    );
  const runs: SegmentRun[] = [];
  for (const row of due) runs.push(await evaluate(db, await audiences(), row, now));
  return runs;
}
