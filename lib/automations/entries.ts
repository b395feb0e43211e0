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
import { planSends, writeSends } from './entry-dispatch';

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
  // Entries already due get provisional ids (-1, -2, …) for their plan, until the insert gives theirs.
  const due = sendAt ? rows.flatMap((row, index) => (row.dueAt <= sendAt ? [index] : [])) : [];
  const [campaign] =
    due.length > 0 ? await db.select().from(campaigns).where(eq(campaigns.id, automation.campaignId)) : [];
  const plan =
    sendAt && campaign && campaign.timeMode !== 'bestTime'
      ? await planSends(
          db,
          automation,
          campaign,
          due.map((index) => ({ id: -(index + 1), automationId: automation.id, ...rows[index]! })),
          sendAt,
          undefined,
        )
      : undefined;
  const status = rows.map((_, index) => plan?.outcomes.get(-(index + 1))?.status ?? 'waiting');
  const reason = rows.map((_, index) => plan?.outcomes.get(-(index + 1))?.reason ?? null);
  const result = await db.execute(sql`
    insert into ${automationEntries} (automation_id, anonymous_id, entered_at, due_at, status, reason, attempts)
    select ${automation.id}, v.anonymous_id, v.entered_at, v.due_at, v.status, v.reason,
      case when v.status = 'waiting' then 0 else 1 end
    from unnest(${textArray(rows.map((row) => row.anonymousId))}::text[],
      ${timestampArray(rows.map((row) => row.enteredAt))}::timestamptz[],
      ${timestampArray(rows.map((row) => row.dueAt))}::timestamptz[],
      ${textArray(status)}::text[], ${nullableTextArray(reason)}::text[])
      as v(anonymous_id, entered_at, due_at, status, reason)
    on conflict do nothing
    returning id, anonymous_id, entered_at`);
  const inserted = rowsOf<{ id: number | string; anonymous_id: string; entered_at: unknown }>(result);
  if (!plan) return { entered: inserted.length, queued: 0 };
  // The plan's entries by their stored ids; one already entered (a trigger read twice) is sent nothing again.
  const keyOf = (anonymousId: string, at: number) => `${anonymousId}\u0000${at}`;
  const stored = new Map(
    inserted.map((row) => [keyOf(row.anonymous_id, new Date(row.entered_at as string).getTime()), Number(row.id)]),
  );
  const idOf = new Map<number, number>();
  for (const index of due) {
    const id = stored.get(keyOf(rows[index]!.anonymousId, rows[index]!.enteredAt.getTime()));
    if (id !== undefined) idOf.set(-(index + 1), id);
  }
  const outcomes = new Map([...plan.outcomes].filter(([id]) => idOf.has(id)).map(([id, o]) => [idOf.get(id)!, o]));
  const targets = plan.targets.flatMap((target) =>
    idOf.has(target.entryId!) ? [{ ...target, entryId: idOf.get(target.entryId!)! }] : [],
  );
  const queued = await writeSends(db, campaign!.id, { outcomes, targets }, sendAt!, { outcomesStored: true });
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
