import 'server-only';
// The demo's story (lib/demo/story.ts) stored the way the console and the send
// path store things: saved segments sized by the server's engine, validated
// moment rules, and past campaigns sent to their segments through the real
// send path (members computed by the server as of the send time, variants and
// control by the arm hash, one delivery per subscription), their deliveries
// claimed and recorded sent by the outbox's own queries, and the recipients'
// device events stored like collected ones. The campaigns' results are then
// whatever the results engine computes from those rows and events.
// docs/console.md#getting-started-with-the-demo says what a user sees.
import { and, count, eq, gte, like } from 'drizzle-orm';
import { sendToSegment } from '../audience/segment-send';
import { decideDueStages } from '../audience/stage-decision';
import type { Recipient } from '../contracts/campaign-results';
import { sendTimeOptions, type ServerAudiences } from '../audience/server-audience';
import type { DemoStoryMarker } from '../contracts/getting-started';
import { createMomentRuleSchema } from '../contracts/moment-rule';
import { campaignRecipients } from '../db/campaign-recipients';
import { createCampaign } from '../db/campaigns';
import type { Database } from '../db/client';
import { claimDeliveries, emptyOutcomes, finishCampaigns, recordOutcomes } from '../db/deliveries';
import { ensureEventPartitionsBetween } from '../db/event-partitions';
import { toEventRow } from '../db/event-row';
import { storeEvents } from '../db/event-store';
import { createMomentRule } from '../db/moment-rules';
import { campaigns, events, momentRules, pushSubscriptions, segments, visitors } from '../db/schema';
import type { KairosEvent } from '../contracts/event';
import { ecommerceEvents, momentEventNames } from '../contracts/event-names';
import { type DemoSearch, momentEvents } from './demo-moments';
import { createSegment } from '../db/segments';
import { readSetting, settingKeys, writeSetting } from '../db/settings';
import { engagementEvents } from '../demo/campaign-engagement';
import { Random } from '../demo/random';
import {
  demoCampaigns,
  type DemoCampaign,
  demoMomentHistory,
  demoMomentRules,
  demoSegments,
  demoSubscribedShare,
  type DemoSegmentKey,
  gettingStartedQuery,
} from '../demo/story';

export type DemoStoryResult =
  | { skipped: true; reason: string }
  | {
      skipped: false;
      segments: number;
      rules: number;
      /** Past moment decisions (fired or held out) recorded for the rules that ran before the demo. */
      moments: number;
      campaigns: { name: string; queued: number; control: number }[];
    };

const day = 86_400_000;
const seed = 2026;
/** The past campaigns' stand-in subscriptions: never sent to (deliveries are recorded, not pushed), deleted after. */
const demoEndpointPrefix = 'https://push.demo.invalid/kairos-demo/';

/** Sets up the story once, on a database that has the demo's events and nothing of a user's own yet. */
export async function seedDemoStory(
  db: Database,
  audiences: ServerAudiences,
  now = new Date(),
): Promise<DemoStoryResult> {
  if (await readSetting<DemoStoryMarker>(db, settingKeys.demoStory)) {
    return { skipped: true, reason: 'the demo story is already set up' };
  }
  for (const table of [segments, momentRules, campaigns]) {
    const [row] = await db.select({ n: count() }).from(table);
    if ((row?.n ?? 0) > 0) return { skipped: true, reason: 'the database holds segments, rules or campaigns' };
  }

  const segmentIds = new Map<DemoSegmentKey, number>();
  for (const segment of demoSegments) {
    const stats = await audiences.stats(segment.tree, await sendTimeOptions(db, now));
    const share = stats.customers > 0 ? stats.members / stats.customers : 0;
    const saved = await createSegment(
      db,
      {
        name: segment.name,
        description: segment.description,
        definition: segment.tree,
        size: { size: stats.members, share },
      },
      now,
    );
    segmentIds.set(segment.key, saved.id);
  }
  let moments = 0;
  for (const input of demoMomentRules) {
    const history = demoMomentHistory.find((entry) => entry.rule === input.name);
    const since = new Date(now.getTime() - (history?.daysAgo ?? 0) * day);
    const rule = await createMomentRule(db, createMomentRuleSchema.parse(input), since);
    if (!history) continue;
    const events = momentEvents(rule, await pastSearches(db, since), history.engagement, {
      seed,
      since: since.getTime(),
      until: now.getTime(),
    });
    await storeDemoEvents(db, events, since, now);
    moments += events.filter(
      (event) => event.event === momentEventNames.fired || event.event === momentEventNames.heldOut,
    ).length;
  }

  await subscribeDemoVisitors(db, now);
  const sent: { name: string; queued: number; control: number }[] = [];
  try {
    for (const plan of [...demoCampaigns].sort((a, b) => b.daysAgo - a.daysAgo)) {
      const sentAt = new Date(now.getTime() - plan.daysAgo * day);
      const campaign = await createCampaign(
        db,
        {
          name: plan.name,
          segmentId: segmentIds.get(plan.segment) ?? null,
          message: plan.message,
          variants: plan.variants,
          controlShare: plan.controlShare,
          stagedSend: plan.stagedSend ?? null,
        },
        new Date(sentAt.getTime() - 2 * 3_600_000),
      );
      const result = await sendToSegment(db, audiences, campaign, sentAt);
      if (!result.ok) throw new Error(`The demo campaign "${plan.name}" was not sent: ${result.message}`);
      if (result.scheduled) throw new Error(`The demo campaign "${plan.name}" was scheduled, not sent.`);
      await deliverAll(db, campaign.id, sentAt);
      const recipients = await campaignRecipients(db, campaign.id);
      const events = engagementEvents(campaign.id, recipients, plan.engagement, { seed, until: now.getTime() });
      await storeDemoEvents(db, events, sentAt, now);
      if (plan.stagedSend) await sendTheWinner(db, audiences, campaign.id, plan, sentAt, recipients, now);
      sent.push({ name: plan.name, queued: result.queued, control: result.control });
    }
  } finally {
    // New campaigns must reach real browsers only, never these.
    await db.delete(pushSubscriptions).where(like(pushSubscriptions.endpoint, `${demoEndpointPrefix}%`));
  }
  const marker: DemoStoryMarker = { preparedAt: now.toISOString(), query: gettingStartedQuery };
  await writeSetting(db, settingKeys.demoStory, marker);
  return { skipped: false, segments: segmentIds.size, rules: demoMomentRules.length, moments, campaigns: sent };
}

/**
 * A staged demo campaign's second step, as the server's check runs it when the
 * wait is over: the winner picked from the test share's events, sent to the
 * rest, and the rest's device events after it.
 */
async function sendTheWinner(
  db: Database,
  audiences: ServerAudiences,
  campaignId: number,
  plan: DemoCampaign,
  sentAt: Date,
  tested: readonly Recipient[],
  now: Date,
): Promise<void> {
  const decideAt = new Date(sentAt.getTime() + (plan.stagedSend?.waitHours ?? 0) * 3_600_000);
  const [decision] = await decideDueStages(db, async () => audiences, decideAt);
  if (decision?.campaignId !== campaignId) throw new Error(`The demo campaign "${plan.name}" picked no winner.`);
  await deliverAll(db, campaignId, decideAt);
  const before = new Set(tested.map((recipient) => recipient.customer));
  const rest = (await campaignRecipients(db, campaignId)).filter((recipient) => !before.has(recipient.customer));
  // Another stream of draws than the test share's (the seed moved), so the rest is not the test share's mirror.
  const events = engagementEvents(campaignId, rest, plan.engagement, { seed: seed + 1, until: now.getTime() });
  await storeDemoEvents(db, events, decideAt, now);
}

/** Device events stored as collected ones are, received when they happened (so no getting-started step counts them). */
async function storeDemoEvents(db: Database, events: readonly KairosEvent[], from: Date, to: Date): Promise<void> {
  await ensureEventPartitionsBetween(db, from, to);
  for (let start = 0; start < events.length; start += 1_000) {
    await storeEvents(
      db,
      events
        .slice(start, start + 1_000)
        .map((event) => toEventRow(event, { receivedAt: new Date(event.timestamp ?? to) })),
    );
  }
}

/** The demo visitors' searches since a time, as a moment rule would have seen them. */
async function pastSearches(db: Database, since: Date): Promise<DemoSearch[]> {
  const rows = await db
    .select({ anonymousId: events.anonymousId, timestamp: events.timestamp, properties: events.properties })
    .from(events)
    .where(and(eq(events.event, ecommerceEvents.productsSearched), gte(events.timestamp, since)));
  return rows.flatMap((row) => {
    const query = (row.properties as Record<string, unknown> | null)?.query;
    return typeof query === 'string' ? [{ anonymousId: row.anonymousId, at: row.timestamp.getTime(), query }] : [];
  });
}

/** A fixed share of the demo's visitors, the same on every run, had subscribed when the campaigns went out. */
async function subscribeDemoVisitors(db: Database, now: Date): Promise<void> {
  const rows = await db.select({ anonymousId: visitors.anonymousId }).from(visitors).orderBy(visitors.anonymousId);
  const rng = new Random(seed, 1);
  const subscribed = rows.filter(() => rng.chance(demoSubscribedShare));
  for (let start = 0; start < subscribed.length; start += 1_000) {
    await db.insert(pushSubscriptions).values(
      subscribed.slice(start, start + 1_000).map(({ anonymousId }) => ({
        endpoint: `${demoEndpointPrefix}${encodeURIComponent(anonymousId)}`,
        // Shaped like a browser's keys (65-byte P-256 point, 16-byte secret, base64url); nothing is encrypted to them.
        p256dh: `B${'A'.repeat(86)}`,
        auth: 'A'.repeat(22),
        anonymousId,
        createdAt: now,
        updatedAt: now,
      })),
    );
  }
}

/** The outbox's claim and outcome queries, as the sender runs them, with every push accepted at the send time. */
async function deliverAll(db: Database, campaignId: number, sentAt: Date): Promise<void> {
  const at = new Date(sentAt.getTime() + 1_000);
  for (;;) {
    const claimed = await claimDeliveries(db, { limit: 1_000, leaseMs: 60_000, now: at });
    if (claimed.length === 0) break;
    await recordOutcomes(db, { ...emptyOutcomes(), sent: claimed.map((delivery) => delivery.id) }, at);
  }
  await finishCampaigns(db, [campaignId]);
}
