import 'server-only';
import type { CampaignMessage, TestSendResult, Urgency } from '../contracts/campaign';
import {
  campaignPayload,
  campaignVariants,
  payloadBytes,
  payloadSizeProblem,
  variantLetter,
} from '../contracts/campaign-message';
import { type CampaignRow, setCampaignStatus } from '../db/campaigns';
import type { KairosPushMessage } from '../contracts/push';
import type { Database } from '../db/client';
import { devicesOfMembers } from '../db/identity-links';
import { traitsOf } from '../db/visitor-traits';
import { recordControls } from '../db/campaign-controls';
import { queueDeliveries, type DeliveryTarget } from '../db/deliveries';
import { readGlobalHoldout } from '../db/global-holdout';
import { holdForWinner } from '../db/campaign-stage';
import { campaignArm, uniformDraw } from '../results/arm-assignment';
import { inGlobalHoldout } from '../results/global-holdout';
import { deleteSubscriptions, subscriptionsOf } from '../db/push-subscriptions';
import type { PushSender } from './sender';
import { type BestTimeSource, timedTargets } from './delivery-timing';
import { eq, sql } from 'drizzle-orm';
import { campaigns } from '../db/schema';

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
function testPayload(test: TestMessage, traits: Readonly<Record<string, unknown>>): KairosPushMessage {
  const payload = campaignPayload(test.campaignId ?? 0, test.message, traits);
  if (test.campaignId !== undefined) return payload;
  const data = { ...payload.notification.data };
  delete data.campaignId;
  return { ...payload, notification: { ...payload.notification, tag: test.message.tag || 'kairos-test', data } };
}

export type QueueResult =
  | {
      ok: true;
      queued: number;
      subscribedVisitors: number;
      control: number;
      globalHoldout: number;
      awaitingWinner: number;
    }
  | { ok: false; code: 'payload_too_large'; message: string };

/** Whether a staged send's visitor is in its test share: a draw of its own, so the share holds every arm alike. */
export const inTestShare = (campaignId: number, anonymousId: string, testShare: number): boolean =>
  uniformDraw(`stage\u0000${campaignId}\u0000${anonymousId}`) < testShare;

/** Every variant with every placeholder at its fallback: what a visitor without traits gets. */
export function templateSizeProblem(
  campaignId: number,
  message: CampaignMessage,
  variants: readonly CampaignMessage[] = [],
): string | undefined {
  for (const [variant, each] of campaignVariants({ message, variants }).entries()) {
    const problem = payloadSizeProblem(campaignPayload(campaignId, each, {}, { variant }));
    if (problem) return variants.length > 0 ? `Variant ${variantLetter(variant)}: ${problem}` : problem;
  }
  return undefined;
}

/**
 * Queues one delivery per push subscription of the given visitors that are
 * not in the control; the control (visitors with a subscription whom the arm
 * hash holds out) is recorded and sent nothing, so it is a sample of the same
 * reachable audience. Visitors in the global holdout at the send time get
 * nothing and are not part of the campaign at all (counted as `globalHoldout`).
 * A staged send queues only its test share (a stable hash of the campaign and
 * the visitor, apart from the arm's); the rest waits for the winner
 * (lib/audience/stage-decision.ts). Every queued visitor's personalised
 * payload, in their variant (a waiting one's in every variant: any may win), is
 * size-checked first: if any is over the push limit, nothing is queued or
 * recorded and the reason names the biggest one.
 */
export async function queueCampaign(
  db: Database,
  campaign: CampaignRow,
  anonymousIds: string[],
  now = new Date(),
  options: { bestTimes?: BestTimeSource | undefined } = {},
): Promise<QueueResult> {
  const scheduled = campaign.scheduledAt && campaign.scheduledAt > now ? campaign.scheduledAt : undefined;
  const sendAt = (scheduled ?? now).getTime();
  const holdout = await readGlobalHoldout(db);
  const unique = [...new Set(anonymousIds)];
  // A member is a person or an anonymous device (docs/people.md#campaigns-to-people): every device
  // a person is signed in on gets its own notification; the arm, the control and the global
  // holdout's draw are the person's, as the results count them.
  const reach = await devicesOfMembers(db, unique, sendAt);
  const memberOf = (anonymousId: string) => reach.get(anonymousId) ?? anonymousId;
  const all = await subscriptionsOf(db, [...reach.keys()]);
  const subscriptions = all.filter((row) => !inGlobalHoldout(holdout, memberOf(row.anonymousId), sendAt));
  const globalHoldout =
    new Set(all.map((row) => memberOf(row.anonymousId))).size -
    new Set(subscriptions.map((row) => memberOf(row.anonymousId))).size;
  const messages = campaignVariants({
    message: campaign.message as CampaignMessage,
    variants: campaign.variants as CampaignMessage[],
  });
  const armOf = (anonymousId: string) =>
    campaignArm(campaign.id, memberOf(anonymousId), { controlShare: campaign.controlShare, variants: messages.length });
  const staged = campaign.stagedSend && messages.length > 1 ? campaign.stagedSend : null;
  const control = new Set<string>();
  const targets: DeliveryTarget[] = [];
  const rest: DeliveryTarget[] = [];
  for (const subscription of subscriptions) {
    const arm = armOf(subscription.anonymousId);
    if (arm.control) {
      control.add(memberOf(subscription.anonymousId));
      continue;
    }
    const target = { subscriptionId: subscription.id, anonymousId: subscription.anonymousId, variant: arm.variant };
    // The test share is drawn per person too, so a person's devices all wait or all get the test.
    if (staged && !inTestShare(campaign.id, memberOf(subscription.anonymousId), staged.testShare)) rest.push(target);
    else targets.push(target);
  }
  const traits = await traitsOf(db, [...new Set([...targets, ...rest].map((target) => target.anonymousId))]);
  const payloadOf = (target: DeliveryTarget) =>
    campaignPayload(campaign.id, messages[target.variant]!, traits.get(target.anonymousId) ?? {}, {
      variant: target.variant,
    });
  const checked = [...targets, ...rest.flatMap((target) => messages.map((_, variant) => ({ ...target, variant })))];
  let largest: { bytes: number; target: DeliveryTarget } | undefined;
  for (const target of checked) {
    const payload = payloadOf(target);
    if (!payloadSizeProblem(payload)) continue;
    const bytes = payloadBytes(payload);
    if (!largest || bytes > largest.bytes) largest = { bytes, target };
  }
  if (largest) {
    const problem = payloadSizeProblem(payloadOf(largest.target)) as string;
    const variant = messages.length > 1 ? `, variant ${variantLetter(largest.target.variant)}` : '';
    return {
      ok: false,
      code: 'payload_too_large',
      message: `${problem} (visitor ${largest.target.anonymousId}${variant})`,
    };
  }
  // A local or best time per visitor (lib/push/delivery-timing.ts); else the campaign's time.
  const timed = await timedTargets(db, campaign, targets, scheduled ?? now, options);
  const queued = await queueDeliveries(db, campaign.id, timed, scheduled ?? now);
  await recordControls(db, campaign.id, [...control], scheduled ?? now);
  if (staged) await holdForWinner(db, campaign, rest, scheduled ?? now);
  await countHoldoutSkips(db, campaign.id, globalHoldout);
  // No member has a subscription: nothing was sent, so the campaign stays as it was (a draft
  // stays editable and can be sent again once visitors subscribe).
  if (queued > 0 || rest.length > 0) await setCampaignStatus(db, campaign.id, scheduled ? 'scheduled' : 'sending');
  const subscribedVisitors = new Set(subscriptions.map((row) => memberOf(row.anonymousId))).size;
  const awaitingWinner = new Set(rest.map((target) => memberOf(target.anonymousId))).size;
  return { ok: true, queued, subscribedVisitors, control: control.size, globalHoldout, awaitingWinner };
}

/** The visitors the global holdout kept out of a send, added to the campaign's count (the console's skip reasons). */
export async function countHoldoutSkips(db: Database, campaignId: number, visitors: number): Promise<void> {
  if (visitors <= 0) return;
  await db
    .update(campaigns)
    .set({ holdoutSkips: sql`${campaigns.holdoutSkips} + ${visitors}` })
    .where(eq(campaigns.id, campaignId));
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
