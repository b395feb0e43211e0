import 'server-only';
import { and, eq, inArray, notInArray, or, sql } from 'drizzle-orm';
import type { CampaignMessage, Urgency } from '../contracts/campaign';
import { type SkipReason, skipReasons } from '../contracts/delivery-policy';
import { campaignVariants } from '../contracts/campaign-message';
import { awaitingWinner } from './campaign-stage';
import type { Database } from './client';
import { bigintArray, textArray, timestampArray } from './array-params';
import { rowsOf } from './rows';
import { campaigns, deliveries, pushSubscriptions, visitors } from './schema';

/** One claimed delivery with what sending it needs. */
export interface ClaimedDelivery {
  id: number;
  campaignId: number;
  subscriptionId: number;
  attempts: number;
  /** The campaign's variant for this visitor (0 = A). */
  variant: number;
  /** Null when the subscription was deleted after the row was queued. */
  target: { endpoint: string; p256dh: string; auth: string } | null;
  message: CampaignMessage;
  ttlSeconds: number;
  urgency: Urgency;
  topic: string | null;
  traits: Record<string, unknown>;
  /** What the delivery policy reads (lib/delivery-policy/send-decision.ts). */
  anonymousId: string | null;
  entryId: number;
  /** When it was due at queue time (its TTL counts from here). */
  dueAt: number;
  important: boolean;
  perMinute: number | null;
  timeZone: string | null;
  unclickedSends: number;
}

/** One delivery to queue: the subscription, its visitor, and the variant the visitor was given. */
export interface DeliveryTarget {
  subscriptionId: number;
  anonymousId: string;
  variant: number;
  /** The automation entry it sends (each entry of a visitor gets its own delivery); absent for a campaign send. */
  entryId?: number;
  /** When it is due, if not at the send's own time (a local or best time, lib/delivery-policy/send-time.ts). */
  notBefore?: Date;
}

/**
 * Queues one delivery per subscription (a subscription already queued for the
 * campaign, or the entry, is skipped): one statement per 5,000 targets, each
 * column one array parameter (lib/db/array-params.ts).
 */
export async function queueDeliveries(
  db: Database,
  campaignId: number,
  targets: readonly DeliveryTarget[],
  notBefore: Date,
  options: { analyze?: boolean } = {},
): Promise<number> {
  let queued = 0;
  for (let start = 0; start < targets.length; start += 5_000) {
    const chunk = targets.slice(start, start + 5_000);
    const result = await db.execute(sql`
      with inserted as (
        insert into ${deliveries} (campaign_id, subscription_id, anonymous_id, variant, entry_id, next_attempt_at, not_before)
        select ${campaignId}, v.subscription_id, v.anonymous_id, v.variant, v.entry_id, v.due, v.due
        from unnest(
          ${bigintArray(chunk.map((target) => target.subscriptionId))}::bigint[],
          ${textArray(chunk.map((target) => target.anonymousId))}::text[],
          ${bigintArray(chunk.map((target) => target.variant))}::int[],
          ${bigintArray(chunk.map((target) => target.entryId ?? 0))}::bigint[],
          ${timestampArray(chunk.map((target) => target.notBefore ?? notBefore))}::timestamptz[]
        ) as v(subscription_id, anonymous_id, variant, entry_id, due)
        on conflict do nothing
        returning 1
      )
      select count(*)::int as n from inserted`);
    queued += Number(rowsOf<{ n: number | string }>(result)[0]?.n ?? 0);
  }
  // Embedded PGlite runs no autovacuum, so the planner would think the outbox
  // tiny and sort every due row at each claim; with statistics a claim walks
  // deliveries_due_idx in order and stops at its limit (PostgreSQL gets the same).
  // A caller queueing in many small batches (an automation's waits) analyzes once at the end instead.
  if (queued >= 500 && options.analyze !== false) await analyzeDeliveries(db);
  return queued;
}

export async function analyzeDeliveries(db: Database): Promise<void> {
  await db.execute(sql`analyze ${deliveries}`);
}

/**
 * Claims up to `limit` due deliveries: queued ones whose time has come, and
 * 'sending' ones whose lease ran out (their worker crashed). Rows locked by
 * another worker are skipped (FOR UPDATE SKIP LOCKED), so several processes can
 * share the outbox on PostgreSQL. The lease is the claim's `next_attempt_at`.
 */
export async function claimDeliveries(
  db: Database,
  options: { limit: number; leaseMs: number; now?: Date },
): Promise<ClaimedDelivery[]> {
  const now = options.now ?? new Date();
  const leaseEnd = new Date(now.getTime() + options.leaseMs);
  // One statement: claim and read what sending needs (a round trip per batch, not two).
  const result = await db.execute(sql`
    with due as (
      select id from ${deliveries}
      where status in ('queued', 'sending') and next_attempt_at <= ${now.toISOString()}::timestamptz
      order by next_attempt_at, id
      limit ${options.limit}
      for update skip locked
    ), claimed as (
      update ${deliveries} d
      set status = 'sending', attempts = d.attempts + 1, next_attempt_at = ${leaseEnd.toISOString()}::timestamptz
      from due where d.id = due.id
      returning d.id, d.campaign_id, d.subscription_id, d.attempts, d.variant, d.anonymous_id, d.entry_id,
        coalesce(d.not_before, d.created_at) as due_at
    )
    select c.id, c.campaign_id, c.subscription_id, c.attempts, c.variant, s.endpoint, s.p256dh, s.auth,
      k.message::text as message, k.variants::text as variants, k.ttl_seconds, k.urgency, k.topic, v.traits,
      c.anonymous_id, c.entry_id, c.due_at, k.important, k.per_minute, v.time_zone, s.unclicked_sends
    from claimed c
    join ${campaigns} k on k.id = c.campaign_id
    left join ${pushSubscriptions} s on s.id = c.subscription_id
    left join ${visitors} v on v.anonymous_id = s.anonymous_id
    order by c.id`);
  // One campaign's rows share its messages: read once per claim, so the sender's
  // payload cache (lib/push/payload-json.ts) sees the same message object.
  const messagesOf = new Map<number, CampaignMessage[]>();
  return rowsOf<ClaimRow>(result).map((row) => {
    const variant = Number(row.variant);
    const campaignId = Number(row.campaign_id);
    let variants = messagesOf.get(campaignId);
    if (!variants) {
      variants = campaignVariants({
        message: parsedJson(row.message) as CampaignMessage,
        variants: (parsedJson(row.variants) as CampaignMessage[] | null) ?? [],
      });
      messagesOf.set(campaignId, variants);
    }
    return {
      id: Number(row.id),
      campaignId,
      subscriptionId: Number(row.subscription_id),
      attempts: Number(row.attempts),
      variant,
      target:
        row.endpoint && row.p256dh && row.auth ? { endpoint: row.endpoint, p256dh: row.p256dh, auth: row.auth } : null,
      // A variant removed after queueing (a scheduled campaign edited) falls back to A.
      message: variants[variant] ?? variants[0]!,
      ttlSeconds: Number(row.ttl_seconds),
      urgency: row.urgency,
      topic: row.topic,
      traits: (parsedJson(row.traits) as Record<string, unknown> | null) ?? {},
      anonymousId: row.anonymous_id,
      entryId: Number(row.entry_id),
      dueAt: new Date(row.due_at as string).getTime(),
      important: row.important === true,
      perMinute: row.per_minute === null ? null : Number(row.per_minute),
      timeZone: row.time_zone,
      unclickedSends: Number(row.unclicked_sends ?? 0),
    };
  });
}

interface ClaimRow {
  id: number | string;
  campaign_id: number | string;
  subscription_id: number | string;
  attempts: number;
  variant: number;
  endpoint: string | null;
  p256dh: string | null;
  auth: string | null;
  message: unknown;
  variants: unknown;
  ttl_seconds: number;
  urgency: Urgency;
  topic: string | null;
  traits: unknown;
  anonymous_id: string | null;
  entry_id: number | string;
  due_at: unknown;
  important: boolean;
  per_minute: number | null;
  time_zone: string | null;
  unclicked_sends: number | null;
}

/** jsonb arrives parsed from both drivers; a string is parsed for safety. */
const parsedJson = (value: unknown): unknown => (typeof value === 'string' ? JSON.parse(value) : value);

/** Final outcomes and retries, written together (one statement per kind). */
export interface DeliveryOutcomes {
  sent: number[];
  expired: { id: number; subscriptionId: number; error: string }[];
  failed: { id: number; error: string }[];
  retry: { id: number; at: Date; error: string; refundAttempt?: boolean; skipReason?: SkipReason }[];
  /** Left unsent by the delivery policy: skipped (capped, guard) or expired (its TTL ran out in quiet hours). */
  dropped: { id: number; status: 'skipped' | 'expired'; reason: SkipReason }[];
}

/**
 * `id = any('{…}'::bigint[])`: one parameter for the whole batch where
 * inArray binds one per id; the statement costs PGlite about a quarter less
 * per row (docs/perf-push-and-intent.md). Ids are integers, so the literal is safe.
 */
const idIn = (ids: readonly number[]) =>
  sql`${deliveries.id} = any(${`{${ids.map((id) => Math.trunc(id)).join(',')}}`}::bigint[])`;

export const emptyOutcomes = (): DeliveryOutcomes => ({ sent: [], expired: [], failed: [], retry: [], dropped: [] });

export async function recordOutcomes(db: Database, outcomes: DeliveryOutcomes, now = new Date()): Promise<void> {
  const { sent, expired, failed, retry, dropped } = outcomes;
  if (sent.length > 0) {
    // One statement for the batch (a statement costs far more than a row): the
    // deliveries marked sent, and the engagement guard's count of their
    // subscriptions, one more notification without a click (a click resets it,
    // lib/db/ingest.ts).
    await db.execute(sql`with marked as (
        update deliveries set status = 'sent', sent_at = ${now.toISOString()}::timestamptz, last_error = null, skip_reason = null
        where ${idIn(sent)} and status = 'sending'
        returning subscription_id)
      update push_subscriptions set unclicked_sends = unclicked_sends + 1
      where id in (select subscription_id from marked)`);
  }
  for (const status of ['skipped', 'expired'] as const) {
    for (const reason of skipReasons) {
      const ids = dropped
        .filter((entry) => entry.status === status && entry.reason === reason)
        .map((entry) => entry.id);
      if (ids.length === 0) continue;
      await db
        .update(deliveries)
        .set({ status, skipReason: reason, lastError: null })
        .where(and(idIn(ids), eq(deliveries.status, 'sending')));
    }
  }
  if (expired.length > 0) {
    // 404/410: the browser dropped the subscription; never send to it again (RFC 8030 §7.3).
    await db.transaction(async (tx) => {
      await tx.delete(pushSubscriptions).where(
        inArray(
          pushSubscriptions.id,
          expired.map((entry) => entry.subscriptionId),
        ),
      );
      for (const entry of expired) {
        await tx
          .update(deliveries)
          .set({ status: 'expired', lastError: entry.error })
          .where(eq(deliveries.id, entry.id));
      }
    });
  }
  for (const entry of failed) {
    await db.update(deliveries).set({ status: 'failed', lastError: entry.error }).where(eq(deliveries.id, entry.id));
  }
  for (const entry of retry) {
    await db
      .update(deliveries)
      .set({
        status: 'queued',
        nextAttemptAt: entry.at,
        lastError: entry.error,
        skipReason: entry.skipReason ?? null,
        ...(entry.refundAttempt ? { attempts: sql`greatest(${deliveries.attempts} - 1, 0)` } : {}),
      })
      .where(eq(deliveries.id, entry.id));
  }
}

/** Marks 'sent' the campaigns among `ids` whose deliveries are all final (sent, failed or expired). */
export async function finishCampaigns(db: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  const open = db
    .select({ campaignId: deliveries.campaignId })
    .from(deliveries)
    .where(and(inArray(deliveries.campaignId, ids), inArray(deliveries.status, ['queued', 'sending'])));
  await db
    .update(campaigns)
    .set({ status: 'sent', updatedAt: new Date() })
    .where(
      and(
        inArray(campaigns.id, ids),
        or(eq(campaigns.status, 'sending'), eq(campaigns.status, 'scheduled')),
        notInArray(campaigns.id, open),
        // A staged send is not done while its rest waits for the winner.
        notInArray(campaigns.id, awaitingWinner(db)),
      ),
    );
}

/** A scheduled campaign whose first delivery is claimed is now sending. */
export async function markCampaignsSending(db: Database, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .update(campaigns)
    .set({ status: 'sending', updatedAt: new Date() })
    .where(and(inArray(campaigns.id, ids), eq(campaigns.status, 'scheduled')));
}

/** When the next queued delivery is due (for the worker's sleep), or undefined when none is queued. */
export async function nextDueAt(db: Database): Promise<Date | undefined> {
  const [row] = await db
    .select({ at: sql<Date | string | null>`min(${deliveries.nextAttemptAt})` })
    .from(deliveries)
    .where(inArray(deliveries.status, ['queued', 'sending']));
  return row?.at ? new Date(row.at) : undefined;
}

/**
 * Returns every claimed row to the queue. Only for a database one process owns
 * (embedded PGlite, locked to this process): any 'sending' row then belongs to
 * a previous run that died, so waiting out its lease would only delay it.
 */
export async function releaseAbandonedClaims(db: Database, now = new Date()): Promise<number> {
  const released = await db
    .update(deliveries)
    .set({ status: 'queued', nextAttemptAt: now })
    .where(eq(deliveries.status, 'sending'))
    .returning({ id: deliveries.id });
  return released.length;
}
