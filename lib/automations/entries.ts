import 'server-only';
// Entering visitors into an automation under its entry rules: once per
// visitor, or again once `reentryAfterDays` have passed since they last
// entered; no one after the end date. Run it inside the transaction that
// holds the automation's row (FOR UPDATE), so two processes reading the same
// trigger cannot both enter a visitor; the unique (automation, visitor,
// entered at) index catches a trigger read twice. A batch costs two
// statements whatever its size: one reads when each candidate last entered,
// one inserts the entries (each column one array parameter); entries already
// due are sent in the same transaction (enterVisitors says how).
import { eq, sql } from 'drizzle-orm';
import type { AutomationTrigger } from '../contracts/automation';
import { nullableTextArray, textArray, timestampArray } from '../db/array-params';
import type { AutomationRow } from '../db/automations';
import type { Database } from '../db/client';
import { rowsOf } from '../db/rows';
import { automationEntries, campaigns } from '../db/schema';
import { type Outcome, planSends, writeSends } from './entry-dispatch';

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
  if (anonymousIds.length === 0) return last;
  const result = await db.execute(sql`
    select anonymous_id, max(entered_at) as at from ${automationEntries}
    where automation_id = ${automationId} and anonymous_id = any(${textArray(anonymousIds)}::text[])
    group by anonymous_id`);
  for (const row of rowsOf<{ anonymous_id: string; at: Date | string }>(result)) {
    last.set(row.anonymous_id, new Date(row.at).getTime());
  }
  return last;
}

export interface Entered {
  entered: number;
  /** Deliveries queued for entries whose wait was already over. */
  queued: number;
}

/**
 * Enters the candidates the rules let in (in the order given). With `sendAt`,
 * an entry whose wait is already over by then (no delay, or a trigger read
 * late) is sent in the same transaction: it is stored with its outcome and its
 * deliveries are queued beside it, as a claimed wait's would be (the goal, the
 * "unless" event, the global holdout, the control and the delivery policy's due
 * times alike), without a claim and an outcome write of its own. A campaign at
 * each visitor's best time waits for the dispatch instead: its times come from
 * the server's engine, which is not read while the entries are locked.
 */
export async function enterVisitors(
  db: Database,
  automation: AutomationRow,
  candidates: readonly Candidate[],
  sendAt?: Date,
): Promise<Entered> {
  const endsAt = automation.endsAt?.getTime() ?? Infinity;
  const inTime = candidates.filter((candidate) => candidate.enteredAt.getTime() <= endsAt);
  if (inTime.length === 0) return { entered: 0, queued: 0 };
  const last = await lastEntered(db, automation.id, [...new Set(inTime.map((c) => c.anonymousId))]);
  const gap = automation.reentryAfterDays === null ? Infinity : automation.reentryAfterDays * dayMs;
  const wait = waitMinutes(automation) * 60_000;
  const rows: { anonymousId: string; enteredAt: Date; dueAt: Date }[] = [];
  for (const candidate of inTime) {
    const at = candidate.enteredAt.getTime();
    const previous = last.get(candidate.anonymousId);
    if (previous !== undefined && !(at - previous >= gap)) continue;
    last.set(candidate.anonymousId, at);
    rows.push({ anonymousId: candidate.anonymousId, enteredAt: candidate.enteredAt, dueAt: new Date(at + wait) });
  }
  if (rows.length === 0) return { entered: 0, queued: 0 };
  const due = sendAt ? rows.flatMap((row, index) => (row.dueAt <= sendAt ? [index] : [])) : [];
  const [campaign] =
    due.length > 0 ? await db.select().from(campaigns).where(eq(campaigns.id, automation.campaignId)) : [];
  const sending = sendAt && campaign && campaign.timeMode !== 'bestTime' ? { at: sendAt, campaign } : undefined;
  // Entries sent as they enter are planned under provisional ids (-1, -2, …) until the insert gives theirs.
  const provisional = (index: number) => -(index + 1);
  const plan = sending
    ? await planSends(
        db,
        automation,
        sending.campaign,
        due.map((index) => ({ id: provisional(index), automationId: automation.id, ...rows[index]! })),
        sending.at,
        undefined,
      )
    : undefined;
  const outcomeOf = (index: number) => plan?.outcomes.get(provisional(index));
  const result = await db.execute(sql`
    insert into ${automationEntries} (automation_id, anonymous_id, entered_at, due_at, status, reason, attempts)
    select ${automation.id}, v.anonymous_id, v.entered_at, v.due_at, v.status, v.reason,
      case when v.status = 'waiting' then 0 else 1 end
    from unnest(${textArray(rows.map((row) => row.anonymousId))}::text[],
      ${timestampArray(rows.map((row) => row.enteredAt))}::timestamptz[],
      ${timestampArray(rows.map((row) => row.dueAt))}::timestamptz[],
      ${textArray(rows.map((_, index) => outcomeOf(index)?.status ?? 'waiting'))}::text[],
      ${nullableTextArray(rows.map((_, index) => outcomeOf(index)?.reason ?? null))}::text[])
      as v(anonymous_id, entered_at, due_at, status, reason)
    on conflict do nothing
    returning ${plan ? sql`id, anonymous_id, (extract(epoch from entered_at) * 1000)::float8 as at` : sql`id`}`);
  const inserted = rowsOf<{ id: number | string; anonymous_id: string; at: number }>(result);
  if (!plan || !sending) return { entered: inserted.length, queued: 0 };
  // The plan's entries by their stored ids; one already entered (a trigger read twice) is sent nothing again.
  const keyOf = (anonymousId: string, at: number) => `${at}\u0000${anonymousId}`;
  const stored = new Map(inserted.map((row) => [keyOf(row.anonymous_id, Number(row.at)), Number(row.id)]));
  const idOf = new Map<number, number>();
  for (const index of due) {
    const id = stored.get(keyOf(rows[index]!.anonymousId, rows[index]!.enteredAt.getTime()));
    if (id !== undefined) idOf.set(provisional(index), id);
  }
  const outcomes = new Map<number, Outcome>();
  for (const [id, outcome] of plan.outcomes) {
    const real = idOf.get(id);
    if (real !== undefined) outcomes.set(real, outcome);
  }
  const targets = plan.targets.flatMap((target) => {
    const real = idOf.get(target.entryId ?? 0);
    return real === undefined ? [] : [{ ...target, entryId: real }];
  });
  const queued = await writeSends(db, sending.campaign.id, { outcomes, targets }, sending.at, {
    outcomesStored: true,
  });
  return { entered: inserted.length, queued };
}

/**
 * Fresh statistics for the entries table, after a round that entered many.
 * Embedded PGlite runs no autovacuum: without them the planner takes the table
 * for a few rows and sorts every due entry at each claim (a cost that grows
 * with the waits), where with them a claim walks automation_entries_due_idx in
 * order and stops at its limit (the outbox's deliveries get the same).
 */
export async function analyzeEntries(db: Database): Promise<void> {
  await db.execute(sql`analyze ${automationEntries}`);
}
