import 'server-only';
import { inArray } from 'drizzle-orm';
import type { CampaignMessage, TestSendResult, Urgency } from '../contracts/campaign';
import { campaignPayload, payloadBytes, payloadSizeProblem } from '../contracts/campaign-message';
import { type CampaignRow, setCampaignStatus } from '../db/campaigns';
import type { PushPayload } from '../contracts/push';
import type { Database } from '../db/client';
import { queueDeliveries } from '../db/deliveries';
import { deleteSubscriptions, subscriptionsOf } from '../db/push-subscriptions';
import { visitors } from '../db/schema';
import type { PushSender } from './sender';

/** What a test send delivers: a saved campaign's message, or an unsaved one (no campaignId). */
export interface TestMessage {
  campaignId?: number;
  message: CampaignMessage;
  ttlSeconds: number;
  urgency: Urgency;
  topic: string | null;
}

export const testMessageOf = (campaign: CampaignRow): TestMessage => ({
  campaignId: campaign.id,
  message: campaign.message as CampaignMessage,
  ttlSeconds: campaign.ttlSeconds,
  urgency: campaign.urgency,
  topic: campaign.topic,
});

/**
 * The test's payload. An unsaved message has no campaign: its payload carries
 * no campaignId (the device's Shown/Clicked events then count for no campaign)
 * and a tag of its own, so repeated tests replace each other on screen.
 */
function testPayload(test: TestMessage, traits: Readonly<Record<string, unknown>>): PushPayload {
  const payload = campaignPayload(test.campaignId ?? 0, test.message, traits);
  if (test.campaignId !== undefined || payload.kind !== 'notification') return payload;
  const unsaved = { ...payload, tag: test.message.tag || 'kairos-test' };
  delete unsaved.campaignId;
  return unsaved;
}

export type QueueResult =
  { ok: true; queued: number; subscribedVisitors: number } | { ok: false; code: 'payload_too_large'; message: string };

async function traitsOf(db: Database, anonymousIds: string[]): Promise<Map<string, Record<string, unknown>>> {
  if (anonymousIds.length === 0) return new Map();
  const rows = await db
    .select({ anonymousId: visitors.anonymousId, traits: visitors.traits })
    .from(visitors)
    .where(inArray(visitors.anonymousId, anonymousIds));
  return new Map(rows.map((row) => [row.anonymousId, row.traits]));
}

/** The message with every placeholder at its fallback: what a visitor without traits gets. */
export function templateSizeProblem(campaignId: number, message: CampaignMessage): string | undefined {
  return payloadSizeProblem(campaignPayload(campaignId, message, {}));
}

/**
 * Queues one delivery per push subscription of the given visitors. Every
 * visitor's personalised payload is size-checked first: if any is over the
 * push limit, nothing is queued and the reason names the biggest one.
 */
export async function queueCampaign(
  db: Database,
  campaign: CampaignRow,
  anonymousIds: string[],
  now = new Date(),
): Promise<QueueResult> {
  const unique = [...new Set(anonymousIds)];
  const subscriptions = await subscriptionsOf(db, unique);
  const traits = await traitsOf(db, [...new Set(subscriptions.map((row) => row.anonymousId))]);
  const message = campaign.message as CampaignMessage;
  let largest: { bytes: number; anonymousId: string } | undefined;
  for (const subscription of subscriptions) {
    const payload = campaignPayload(campaign.id, message, traits.get(subscription.anonymousId) ?? {});
    if (!payloadSizeProblem(payload)) continue;
    const bytes = payloadBytes(payload);
    if (!largest || bytes > largest.bytes) largest = { bytes, anonymousId: subscription.anonymousId };
  }
  if (largest) {
    const problem = payloadSizeProblem(
      campaignPayload(campaign.id, message, traits.get(largest.anonymousId) ?? {}),
    ) as string;
    return { ok: false, code: 'payload_too_large', message: `${problem} (visitor ${largest.anonymousId})` };
  }
  const scheduled = campaign.scheduledAt && campaign.scheduledAt > now ? campaign.scheduledAt : undefined;
  const queued = await queueDeliveries(
    db,
    campaign.id,
    subscriptions.map((row) => row.id),
    scheduled ?? now,
  );
  // No member has a subscription: nothing was sent, so the campaign stays as it was (a draft
  // stays editable and can be sent again once visitors subscribe).
  if (queued > 0) await setCampaignStatus(db, campaign.id, scheduled ? 'scheduled' : 'sending');
  return { ok: true, queued, subscribedVisitors: new Set(subscriptions.map((row) => row.anonymousId)).size };
}

/** Sends the message now, outside the outbox, to every subscription of one visitor (the marketer's own browser). */
export async function testSend(
  db: Database,
  sender: PushSender,
  test: TestMessage,
  anonymousId: string,
): Promise<TestSendResult[] | { ok: false; code: 'payload_too_large'; message: string }> {
  const subscriptions = await subscriptionsOf(db, [anonymousId]);
  // No outbox row, so no delivery id: every test send shows (the marketer asked to see it again).
  const payload = testPayload(test, (await traitsOf(db, [anonymousId])).get(anonymousId) ?? {});
  const problem = payloadSizeProblem(payload);
  if (problem) return { ok: false, code: 'payload_too_large', message: problem };
  const results: TestSendResult[] = [];
  for (const subscription of subscriptions) {
    const response = await sender.send(subscription, JSON.stringify(payload), test);
    const { statusCode } = response;
    const outcome =
      statusCode !== null && statusCode >= 200 && statusCode < 300
        ? 'sent'
        : statusCode === 404 || statusCode === 410
          ? 'expired'
          : 'failed';
    if (outcome === 'expired') await deleteSubscriptions(db, [subscription.id]);
    results.push({
      subscriptionId: subscription.id,
      pushService: new URL(subscription.endpoint).origin,
      outcome,
      statusCode,
      ...(outcome === 'sent' ? {} : { error: response.error ?? `HTTP ${statusCode}` }),
    });
  }
  return results;
}
