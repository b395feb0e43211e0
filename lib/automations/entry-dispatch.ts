import 'server-only';
// Sending the entries whose wait is over. Due entries are claimed as
// deliveries are (FOR UPDATE SKIP LOCKED, a lease in due_at), checked against
// the exit event and the trigger's "unless" event in the stored events, then
// queued as deliveries of the automation's campaign, one per subscription and
// entry, in the transaction that records each entry's outcome. The delivery's
// unique (campaign, subscription, entry) key makes a retry after a crash
// queue nothing twice; the outbox then sends them as it sends a campaign's.
import { eq, sql } from 'drizzle-orm';
import type { AutomationTrigger, EventMatch } from '../contracts/automation';
import { type CampaignMessage, campaignLimits } from '../contracts/campaign';
import { campaignPayload, campaignVariants, payloadSizeProblem } from '../contracts/campaign-message';
import { bigintArray, textArray } from '../db/array-params';
import type { AutomationRow } from '../db/automations';
import type { CampaignRow } from '../db/campaigns';
import type { Database } from '../db/client';
import { devicesOfMembers } from '../db/identity-links';
import { traitsOf } from '../db/visitor-traits';
import { recordControls } from '../db/campaign-controls';
import { analyzeDeliveries, queueDeliveries, type DeliveryTarget } from '../db/deliveries';
import { readGlobalHoldout } from '../db/global-holdout';
import { inGlobalHoldout } from '../results/global-holdout';
import { subscriptionTargetsOf } from '../db/push-subscriptions';
import { rowsOf } from '../db/rows';
import { automationEntries, automations, campaigns, events } from '../db/schema';
import { campaignArm } from '../results/arm-assignment';
import { matchesEvent } from './event-match';
import { countHoldoutSkips } from '../push/campaign-send';
import { type BestTimeSource, timedTargets } from '../push/delivery-timing';

export interface ClaimedEntry {
  id: number;
  automationId: number;
  anonymousId: string;
  enteredAt: Date;
}

/**
 * Claims up to `limit` entries due by `now` of automations that are active or
 * ended (a paused one holds its waits); 'sending' ones whose lease ran out
 * (their process died) come back too.
 */
export async function claimDueEntries(
  db: Database,
  options: { limit: number; leaseMs: number; now: Date },
): Promise<ClaimedEntry[]> {
  const leaseEnd = new Date(options.now.getTime() + options.leaseMs);
  // The automations are a handful: read as an array first, so the due entries are a walk of
  // automation_entries_due_idx in claim order that stops at the limit (a join would let the
  // planner sort every due entry instead), and the update finds its rows by primary key.
  const result = await db.execute(sql`
    with due as (
      select e.id from ${automationEntries} e
      where e.status in ('waiting', 'sending') and e.due_at <= ${options.now.toISOString()}::timestamptz
        and e.automation_id = any(array(select a.id from ${automations} a where a.status in ('active', 'ended')))
      order by e.due_at, e.id
      limit ${options.limit}
      for update skip locked
    )
    update ${automationEntries} e
    set status = 'sending', attempts = e.attempts + 1, due_at = ${leaseEnd.toISOString()}::timestamptz
    where e.id = any(array(select id from due))
    returning e.id, e.automation_id, e.anonymous_id, e.entered_at`);
  return rowsOf<{ id: number | string; automation_id: number | string; anonymous_id: string; entered_at: unknown }>(
    result,
  ).map((row) => ({
    id: Number(row.id),
    automationId: Number(row.automation_id),
    anonymousId: row.anonymous_id,
    enteredAt: new Date(row.entered_at as string),
  }));
}

/**
 * Returns claimed entries to waiting. Only for a database one process owns
 * (embedded PGlite): a 'sending' entry then belongs to a run that died.
 */
export async function releaseAbandonedEntries(db: Database, now: Date): Promise<number> {
  const released = await db
    .update(automationEntries)
    .set({ status: 'waiting', dueAt: now })
    .where(eq(automationEntries.status, 'sending'))
    .returning({ id: automationEntries.id });
  return released.length;
}

/**
 * How far before entering an exit or "unless" event still counts as after it.
 * The collector corrects each batch's times by that batch's own clock skew,
 * latency included (lib/collect), so two events sent in separate batches a few
 * milliseconds apart can be stored in either order: an order placed the
 * moment after the product was added must still count as after.
 */
export const eventOrderToleranceMs = 5_000;

/** An entry's end; a control entry names its member (recorded in the campaign's control group). */
export type Outcome = {
  status: 'sent' | 'exited' | 'control' | 'unreachable' | 'failed';
  reason?: string;
  member?: string;
};

const heldOutReason = 'in the global holdout';

/** Why each entry ends without a send: the goal happened since it entered, or the "unless" event within its window. */
async function exitReasons(
  db: Database,
  entries: readonly ClaimedEntry[],
  exit: EventMatch | null,
  unless: { event: EventMatch; withinMinutes: number } | undefined,
): Promise<Map<number, string>> {
  const reasons = new Map<number, string>();
  const names = [...new Set([exit?.name, unless?.event.name].filter((name): name is string => Boolean(name)))];
  if (names.length === 0 || entries.length === 0) return reasons;
  const earliest = entries.reduce((min, entry) => Math.min(min, entry.enteredAt.getTime()), Infinity);
  const result = await db.execute(sql`
    select anonymous_id, event, "timestamp", properties from ${events}
    where anonymous_id = any(${textArray([...new Set(entries.map((entry) => entry.anonymousId))])}::text[])
      and type = 'track' and event = any(${textArray(names)}::text[])
      and "timestamp" >= ${new Date(earliest - eventOrderToleranceMs).toISOString()}::timestamptz`);
  const byVisitor = new Map<string, { event: string; at: number; properties: Record<string, unknown> }[]>();
  for (const row of rowsOf<{ anonymous_id: string; event: string; timestamp: unknown; properties: unknown }>(result)) {
    const properties = (typeof row.properties === 'string' ? JSON.parse(row.properties) : row.properties) ?? {};
    const list = byVisitor.get(row.anonymous_id) ?? [];
    list.push({ event: row.event, at: new Date(row.timestamp as string).getTime(), properties });
    byVisitor.set(row.anonymous_id, list);
  }
  for (const entry of entries) {
    const entered = entry.enteredAt.getTime();
    for (const event of byVisitor.get(entry.anonymousId) ?? []) {
      if (event.at < entered - eventOrderToleranceMs) continue;
      if (exit && matchesEvent(exit, event.event, event.properties)) {
        reasons.set(entry.id, `goal: ${exit.name}`);
        break;
      }
      if (
        unless &&
        event.at <= entered + unless.withinMinutes * 60_000 &&
        matchesEvent(unless.event, event.event, event.properties)
      ) {
        reasons.set(entry.id, `unless: ${unless.event.name}`);
        break;
      }
    }
  }
  return reasons;
}

/**
 * Whether a variant's payload is too large for a visitor's traits: computed
 * once per variant when its message has no {{placeholder}} (every visitor then
 * gets the same bytes), else per visitor. `personalised` says whether traits
 * are needed at all.
 */
function payloadProblems(campaignId: number, messages: readonly CampaignMessage[]) {
  const fixed = messages.map((message, variant) =>
    JSON.stringify(message).includes('{{')
      ? null
      : { problem: payloadSizeProblem(campaignPayload(campaignId, message, {}, { variant })) },
  );
  return {
    personalised: fixed.some((each) => each === null),
    problemOf: (variant: number, traits: Readonly<Record<string, unknown>>): string | undefined =>
      fixed[variant]
        ? fixed[variant].problem
        : payloadSizeProblem(campaignPayload(campaignId, messages[variant]!, traits, { variant })),
  };
}

/** What sending a batch of entries writes: each entry's outcome, the deliveries, the control and the holdout's count. */
export interface SendPlan {
  outcomes: Map<number, Outcome>;
  targets: DeliveryTarget[];
}

/**
 * Decides each entry's send (reads only). An entry's visitor is a member as a
 * campaign's is (docs/people.md#campaigns-to-people): an anonymous device, or
 * a person whose every signed-in device gets its own delivery; the arm, the
 * control and the global holdout are the member's.
 */
export async function planSends(
  db: Database,
  automation: AutomationRow,
  campaign: CampaignRow,
  entries: readonly ClaimedEntry[],
  now: Date,
  bestTimes: BestTimeSource | undefined,
): Promise<SendPlan> {
  const trigger = automation.trigger as AutomationTrigger;
  const exits = await exitReasons(
    db,
    entries,
    (automation.exitEvent as EventMatch | null) ?? null,
    trigger.kind === 'event' ? trigger.unless : undefined,
  );
  const outcomes = new Map<number, Outcome>();
  for (const [id, reason] of exits) outcomes.set(id, { status: 'exited', reason });
  const open = entries.filter((entry) => !outcomes.has(entry.id));
  const messages = campaignVariants({
    message: campaign.message as CampaignMessage,
    variants: campaign.variants as CampaignMessage[],
  });
  const members = [...new Set(open.map((entry) => entry.anonymousId))];
  const reach = await devicesOfMembers(db, members, now.getTime());
  const subscriptions = await subscriptionTargetsOf(db, [...reach.keys()]);
  const devicesByMember = new Map<string, typeof subscriptions>();
  for (const subscription of subscriptions) {
    const member = reach.get(subscription.anonymousId) ?? subscription.anonymousId;
    const own = devicesByMember.get(member);
    if (own) own.push(subscription);
    else devicesByMember.set(member, [subscription]);
  }
  const { personalised, problemOf } = payloadProblems(campaign.id, messages);
  const traits = personalised
    ? await traitsOf(db, [...new Set(subscriptions.map((subscription) => subscription.anonymousId))])
    : new Map<string, Record<string, unknown>>();
  const targets: DeliveryTarget[] = [];
  const holdout = await readGlobalHoldout(db);
  for (const entry of open) {
    // The global holdout's visitors get no campaign, automations included (lib/results/global-holdout.ts).
    if (inGlobalHoldout(holdout, entry.anonymousId, now.getTime())) {
      outcomes.set(entry.id, { status: 'unreachable', reason: heldOutReason });
      continue;
    }
    const own = devicesByMember.get(entry.anonymousId) ?? [];
    if (own.length === 0) {
      outcomes.set(entry.id, { status: 'unreachable', reason: 'no push subscription' });
      continue;
    }
    const arm = campaignArm(campaign.id, entry.anonymousId, {
      controlShare: campaign.controlShare,
      variants: messages.length,
    });
    if (arm.control) {
      outcomes.set(entry.id, { status: 'control', member: entry.anonymousId });
      continue;
    }
    let problem: string | undefined;
    for (const subscription of own) {
      problem ??= problemOf(arm.variant, traits.get(subscription.anonymousId) ?? {});
    }
    if (problem) {
      outcomes.set(entry.id, { status: 'failed', reason: problem });
      continue;
    }
    for (const subscription of own) {
      targets.push({
        subscriptionId: subscription.id,
        anonymousId: subscription.anonymousId,
        variant: arm.variant,
        entryId: entry.id,
      });
    }
    outcomes.set(entry.id, { status: 'sent' });
  }
  // The campaign's time mode applies to each entry's send: a local or best time from now (lib/push/delivery-timing.ts).
  return { outcomes, targets: await timedTargets(db, campaign, targets, now, { bestTimes }) };
}

/**
 * Writes a plan (in the caller's transaction); returns the deliveries queued.
 * `outcomesStored`: the entries were inserted with their outcomes (entries.ts).
 */
export async function writeSends(
  db: Database,
  campaignId: number,
  plan: SendPlan,
  now: Date,
  options: { outcomesStored?: boolean } = {},
): Promise<number> {
  const control: string[] = [];
  let heldOut = 0;
  for (const outcome of plan.outcomes.values()) {
    if (outcome.member !== undefined) control.push(outcome.member);
    if (outcome.reason === heldOutReason) heldOut++;
  }
  const queued = await queueDeliveries(db, campaignId, plan.targets, now, { analyze: false });
  await recordControls(db, campaignId, control, now);
  await countHoldoutSkips(db, campaignId, heldOut);
  if (!options.outcomesStored) await recordEntryOutcomes(db, plan.outcomes);
  return queued;
}

/** Sends one automation's claimed entries; returns the deliveries queued. */
async function sendEntries(
  db: Database,
  automationId: number,
  entries: ClaimedEntry[],
  now: Date,
  bestTimes: BestTimeSource | undefined,
): Promise<number> {
  const [row] = await db
    .select({ automation: automations, campaign: campaigns })
    .from(automations)
    .innerJoin(campaigns, eq(campaigns.id, automations.campaignId))
    .where(eq(automations.id, automationId));
  if (!row) return 0; // deleted meanwhile: its entries went with it
  const plan = await planSends(db, row.automation, row.campaign, entries, now, bestTimes);
  return db.transaction((tx) => writeSends(tx as unknown as Database, row.campaign.id, plan, now));
}

/**
 * Every entry's outcome: one statement per distinct outcome (a batch has a
 * few), its entries' ids one array parameter. An entry no longer 'sending' was
 * finished by another run.
 */
async function recordEntryOutcomes(db: Database, outcomes: ReadonlyMap<number, Outcome>): Promise<void> {
  const groups = new Map<string, { status: Outcome['status']; reason: string | null; ids: number[] }>();
  for (const [id, outcome] of outcomes) {
    const key = `${outcome.status}\u0000${outcome.reason ?? ''}`;
    const group = groups.get(key);
    if (group) group.ids.push(id);
    else groups.set(key, { status: outcome.status, reason: outcome.reason ?? null, ids: [id] });
  }
  for (const group of groups.values()) {
    await db.execute(sql`
      update ${automationEntries} set status = ${group.status}, reason = ${group.reason}
      where id = any(${bigintArray(group.ids)}::bigint[]) and status = 'sending'`);
  }
}

/**
 * Sends every entry due by `now`, a batch at a time (5,000 by default, a
 * campaign send's chunk: a claim's cost is mostly per statement, and the lease
 * is minutes long); returns the deliveries queued.
 */
export async function dispatchDueEntries(
  db: Database,
  now: Date,
  options: { batch?: number; leaseMs?: number; bestTimes?: BestTimeSource } = {},
): Promise<number> {
  const limit = options.batch ?? campaignLimits.maxSendBatch;
  let queued = 0;
  for (;;) {
    const claimed = await claimDueEntries(db, { limit, leaseMs: options.leaseMs ?? 5 * 60_000, now });
    const byAutomation = new Map<number, ClaimedEntry[]>();
    for (const entry of claimed) {
      const group = byAutomation.get(entry.automationId);
      if (group) group.push(entry);
      else byAutomation.set(entry.automationId, [entry]);
    }
    for (const [automationId, entries] of byAutomation)
      queued += await sendEntries(db, automationId, entries, now, options.bestTimes);
    if (claimed.length < limit) {
      // Statistics once for the whole dispatch, not per batch (queueDeliveries says why they matter).
      if (queued >= 500) await analyzeDeliveries(db);
      return queued;
    }
  }
}
