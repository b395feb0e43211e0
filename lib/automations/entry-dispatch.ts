import 'server-only';
// Sending the entries whose wait is over. Due entries are claimed as
// deliveries are (FOR UPDATE SKIP LOCKED, a lease in due_at), checked against
// the exit event and the trigger's "unless" event in the stored events, then
// queued as deliveries of the automation's campaign, one per subscription and
// entry, in the transaction that records each entry's outcome. The delivery's
// unique (campaign, subscription, entry) key makes a retry after a crash
// queue nothing twice; the outbox then sends them as it sends a campaign's.
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import type { AutomationTrigger, EventMatch } from '../contracts/automation';
import type { CampaignMessage } from '../contracts/campaign';
import { campaignPayload, campaignVariants, payloadSizeProblem } from '../contracts/campaign-message';
import type { Database } from '../db/client';
import { traitsOf } from '../db/visitor-traits';
import { recordControls } from '../db/campaign-controls';
import { analyzeDeliveries, queueDeliveries, type DeliveryTarget } from '../db/deliveries';
import { readGlobalHoldout } from '../db/global-holdout';
import { inGlobalHoldout } from '../results/global-holdout';
import { subscriptionsOf } from '../db/push-subscriptions';
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
  const result = await db.execute(sql`
    with due as (
      select e.id from ${automationEntries} e
      join ${automations} a on a.id = e.automation_id
      where e.status in ('waiting', 'sending') and e.due_at <= ${options.now.toISOString()}::timestamptz
        and a.status in ('active', 'ended')
      order by e.due_at, e.id
      limit ${options.limit}
      for update of e skip locked
    )
    update ${automationEntries} e
    set status = 'sending', attempts = e.attempts + 1, due_at = ${leaseEnd.toISOString()}::timestamptz
    from due where e.id = due.id
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

type Outcome = { status: 'sent' | 'exited' | 'control' | 'unreachable' | 'failed'; reason?: string };

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
  const since = new Date(Math.min(...entries.map((entry) => entry.enteredAt.getTime())) - eventOrderToleranceMs);
  const done = await db
    .select({
      anonymousId: events.anonymousId,
      event: events.event,
      timestamp: events.timestamp,
      properties: events.properties,
    })
    .from(events)
    .where(
      and(
        inArray(events.anonymousId, [...new Set(entries.map((entry) => entry.anonymousId))]),
        eq(events.type, 'track'),
        inArray(events.event, names),
        gte(events.timestamp, since),
      ),
    );
  for (const entry of entries) {
    const entered = entry.enteredAt.getTime();
    for (const event of done) {
      if (event.anonymousId !== entry.anonymousId) continue;
      const at = event.timestamp.getTime();
      if (at < entered - eventOrderToleranceMs) continue;
      if (exit && matchesEvent(exit, event.event, event.properties)) {
        reasons.set(entry.id, `goal: ${exit.name}`);
        break;
      }
      if (
        unless &&
        at <= entered + unless.withinMinutes * 60_000 &&
        matchesEvent(unless.event, event.event, event.properties)
      ) {
        reasons.set(entry.id, `unless: ${unless.event.name}`);
        break;
      }
    }
  }
  return reasons;
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
  const { automation, campaign } = row;
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
  const subscriptions = await subscriptionsOf(db, [...new Set(open.map((entry) => entry.anonymousId))]);
  const traits = await traitsOf(db, [...new Set(open.map((entry) => entry.anonymousId))]);
  const subscriptionsByVisitor = new Map<string, typeof subscriptions>();
  for (const subscription of subscriptions) {
    subscriptionsByVisitor.set(subscription.anonymousId, [
      ...(subscriptionsByVisitor.get(subscription.anonymousId) ?? []),
      subscription,
    ]);
  }
  const targets: DeliveryTarget[] = [];
  const control: string[] = [];
  const holdout = await readGlobalHoldout(db);
  for (const entry of open) {
    // The global holdout's visitors get no campaign, automations included (lib/results/global-holdout.ts).
    if (inGlobalHoldout(holdout, entry.anonymousId, now.getTime())) {
      outcomes.set(entry.id, { status: 'unreachable', reason: 'in the global holdout' });
      continue;
    }
    const own = subscriptionsByVisitor.get(entry.anonymousId) ?? [];
    if (own.length === 0) {
      outcomes.set(entry.id, { status: 'unreachable', reason: 'no push subscription' });
      continue;
    }
    const arm = campaignArm(campaign.id, entry.anonymousId, {
      controlShare: campaign.controlShare,
      variants: messages.length,
    });
    if (arm.control) {
      control.push(entry.anonymousId);
      outcomes.set(entry.id, { status: 'control' });
      continue;
    }
    const payload = campaignPayload(campaign.id, messages[arm.variant]!, traits.get(entry.anonymousId) ?? {}, {
      variant: arm.variant,
    });
    const problem = payloadSizeProblem(payload);
    if (problem) {
      outcomes.set(entry.id, { status: 'failed', reason: problem });
      continue;
    }
    for (const subscription of own) {
      targets.push({
        subscriptionId: subscription.id,
        anonymousId: entry.anonymousId,
        variant: arm.variant,
        entryId: entry.id,
      });
    }
    outcomes.set(entry.id, { status: 'sent' });
  }
  // The campaign's time mode applies to each entry's send: a local or best time from now (lib/push/delivery-timing.ts).
  const timed = await timedTargets(db, campaign, targets, now, { bestTimes });
  const heldOut = [...outcomes.values()].filter((outcome) => outcome.reason === 'in the global holdout').length;
  return db.transaction(async (tx) => {
    const t = tx as unknown as Database;
    const queued = await queueDeliveries(t, campaign.id, timed, now, { analyze: false });
    await recordControls(t, campaign.id, control, now);
    await countHoldoutSkips(t, campaign.id, heldOut);
    const byOutcome = new Map<string, { status: Outcome['status']; reason: string | null; ids: number[] }>();
    for (const [id, outcome] of outcomes) {
      const key = `${outcome.status}\u0000${outcome.reason ?? ''}`;
      const group = byOutcome.get(key) ?? { status: outcome.status, reason: outcome.reason ?? null, ids: [] };
      group.ids.push(id);
      byOutcome.set(key, group);
    }
    for (const group of byOutcome.values()) {
      await t
        .update(automationEntries)
        .set({ status: group.status, reason: group.reason })
        .where(and(inArray(automationEntries.id, group.ids), eq(automationEntries.status, 'sending')));
    }
    return queued;
  });
}

/** Sends every entry due by `now`, a batch at a time; returns the deliveries queued. */
export async function dispatchDueEntries(
  db: Database,
  now: Date,
  options: { batch?: number; leaseMs?: number; bestTimes?: BestTimeSource } = {},
): Promise<number> {
  const limit = options.batch ?? 500;
  let queued = 0;
  for (;;) {
    const claimed = await claimDueEntries(db, { limit, leaseMs: options.leaseMs ?? 5 * 60_000, now });
    const byAutomation = new Map<number, ClaimedEntry[]>();
    for (const entry of claimed) {
      byAutomation.set(entry.automationId, [...(byAutomation.get(entry.automationId) ?? []), entry]);
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
