import 'server-only';
// The delivery policy as stored (one settings row; absent or unreadable: the
// defaults), and the server's counts the policy needs: each visitor's recent
// messages for the caps, and the subscriptions the engagement guard holds back.
import { and, eq, gte, inArray, sql } from 'drizzle-orm';
import { type DeliveryPolicy, defaultDeliveryPolicy, deliveryPolicySchema } from '../contracts/delivery-policy';
import { momentEventNames, momentRuleIdProperty } from '../contracts/event-names';
import type { PastMessage } from '../delivery-policy/send-decision';
import { messageKeyOf } from '../delivery-policy/send-decision';
import { weekMs } from '../delivery-policy/frequency-cap';
import type { Database } from './client';
import { deliveries, events, pushSubscriptions } from './schema';
import { readSetting, settingKeys, writeSetting } from './settings';

export async function readDeliveryPolicy(db: Database): Promise<DeliveryPolicy> {
  const stored = await readSetting(db, settingKeys.deliveryPolicy);
  const parsed = deliveryPolicySchema.safeParse({ ...defaultDeliveryPolicy, ...(stored as object | undefined) });
  return parsed.success ? parsed.data : defaultDeliveryPolicy;
}

export async function writeDeliveryPolicy(db: Database, policy: DeliveryPolicy): Promise<DeliveryPolicy> {
  const valid = deliveryPolicySchema.parse(policy);
  await writeSetting(db, settingKeys.deliveryPolicy, valid);
  return valid;
}

/**
 * Each visitor's messages of the last week: deliveries sent (one per
 * campaign and automation entry, however many devices got it) and the
 * moments their devices reported firing (`Moment Fired`, from the stored
 * events: the database keeps 30 days by default, KAIROS_EVENTS_KEEP_DAYS).
 */
export async function recentMessages(
  db: Database,
  anonymousIds: readonly string[],
  now: Date,
): Promise<Map<string, PastMessage[]>> {
  const byVisitor = new Map<string, PastMessage[]>();
  const ids = [...new Set(anonymousIds)];
  if (ids.length === 0) return byVisitor;
  const since = new Date(now.getTime() - weekMs);
  const add = (anonymousId: string | null, message: PastMessage) => {
    if (!anonymousId) return;
    byVisitor.set(anonymousId, [...(byVisitor.get(anonymousId) ?? []), message]);
  };
  const sent = await db
    .select({
      anonymousId: deliveries.anonymousId,
      campaignId: deliveries.campaignId,
      entryId: deliveries.entryId,
      at: sql<Date | string>`min(${deliveries.sentAt})`,
    })
    .from(deliveries)
    .where(and(inArray(deliveries.anonymousId, ids), eq(deliveries.status, 'sent'), gte(deliveries.sentAt, since)))
    .groupBy(deliveries.anonymousId, deliveries.campaignId, deliveries.entryId);
  for (const row of sent) {
    add(row.anonymousId, { at: new Date(row.at).getTime(), key: messageKeyOf(row.campaignId, Number(row.entryId)) });
  }
  const fired = await db
    .select({ anonymousId: events.anonymousId, id: events.id, at: events.timestamp, properties: events.properties })
    .from(events)
    .where(
      and(
        inArray(events.anonymousId, ids),
        eq(events.type, 'track'),
        eq(events.event, momentEventNames.fired),
        gte(events.timestamp, since),
      ),
    );
  for (const row of fired) {
    const rule = (row.properties as Record<string, unknown> | null)?.[momentRuleIdProperty];
    add(row.anonymousId, { at: row.at.getTime(), key: `moment:${String(rule ?? '')}:${row.id}` });
  }
  return byVisitor;
}

/** Subscriptions whose last `unclicked` notifications drew no click: the guard sends them only important campaigns. */
export async function guardedSubscriptions(db: Database, policy: DeliveryPolicy): Promise<number> {
  if (policy.guardUnclicked <= 0) return 0;
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(pushSubscriptions)
    .where(gte(pushSubscriptions.unclickedSends, policy.guardUnclicked));
  return Number(row?.n ?? 0);
}
