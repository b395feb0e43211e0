import 'server-only';
// Entering visitors into an automation under its entry rules: once per
// visitor, or again once `reentryAfterDays` have passed since they last
// entered; no one after the end date. Run it inside the transaction that
// holds the automation's row (FOR UPDATE), so two processes reading the same
// trigger cannot both enter a visitor; the unique (automation, visitor,
// entered at) index catches a trigger read twice.
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { AutomationTrigger } from '../contracts/automation';
import type { AutomationRow } from '../db/automations';
import type { Database } from '../db/client';
import { automationEntries } from '../db/schema';

export interface Candidate {
  anonymousId: string;
  enteredAt: Date;
}

const dayMs = 86_400_000;

/** Minutes from entering to the send: an event trigger's "unless" window, then the delay. */
export function waitMinutes(automation: Pick<AutomationRow, 'trigger' | 'delayMinutes'>): number {
  const trigger = automation.trigger as AutomationTrigger;
  return (trigger.kind === 'event' ? (trigger.unless?.withinMinutes ?? 0) : 0) + automation.delayMinutes;
}

async function lastEntered(db: Database, automationId: number, anonymousIds: string[]): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  for (let start = 0; start < anonymousIds.length; start += 1_000) {
    const rows = await db
      .select({
        anonymousId: automationEntries.anonymousId,
        at: sql<Date | string>`max(${automationEntries.enteredAt})`,
      })
      .from(automationEntries)
      .where(
        and(
          eq(automationEntries.automationId, automationId),
          inArray(automationEntries.anonymousId, anonymousIds.slice(start, start + 1_000)),
        ),
      )
      .groupBy(automationEntries.anonymousId);
    for (const row of rows) last.set(row.anonymousId, new Date(row.at).getTime());
  }
  return last;
}

/** Enters the candidates the rules let in (in the order given); returns how many entered. */
export async function enterVisitors(
  db: Database,
  automation: AutomationRow,
  candidates: readonly Candidate[],
): Promise<number> {
  const endsAt = automation.endsAt?.getTime() ?? Infinity;
  const inTime = candidates.filter((candidate) => candidate.enteredAt.getTime() <= endsAt);
  if (inTime.length === 0) return 0;
  const last = await lastEntered(db, automation.id, [...new Set(inTime.map((c) => c.anonymousId))]);
  const gap = automation.reentryAfterDays === null ? Infinity : automation.reentryAfterDays * dayMs;
  const wait = waitMinutes(automation) * 60_000;
  const rows: (typeof automationEntries.$inferInsert)[] = [];
  for (const candidate of inTime) {
    const at = candidate.enteredAt.getTime();
    const previous = last.get(candidate.anonymousId);
    if (previous !== undefined && !(at - previous >= gap)) continue;
    last.set(candidate.anonymousId, at);
    rows.push({
      automationId: automation.id,
      anonymousId: candidate.anonymousId,
      enteredAt: candidate.enteredAt,
      dueAt: new Date(at + wait),
    });
  }
  let entered = 0;
  for (let start = 0; start < rows.length; start += 1_000) {
    const inserted = await db
      .insert(automationEntries)
      .values(rows.slice(start, start + 1_000))
      .onConflictDoNothing()
      .returning({ id: automationEntries.id });
    entered += inserted.length;
  }
  return entered;
}
