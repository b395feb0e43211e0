// Campaigns sent to a segment whose members the server computes when the
// campaign is sent (lib/audience/segment-send.ts): at once, or, when scheduled,
// at its time, over the lake as it is then. The lake here is written by a test
// fixture in the lake's layout; the server's engine and the outbox are real.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { sendDueSegmentCampaigns, sendToSegment } from '@/lib/audience/segment-send';
import type { SegmentTree } from '@/lib/contracts/segment';
import { createCampaign, findCampaign } from '@/lib/db/campaigns';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries, pushSubscriptions } from '@/lib/db/schema';
import { lakeAudiences } from '../fixtures/lake-audiences';
import { writeLakeFiles } from '../fixtures/lake-files';
import { message, outboxHarness } from '../fixtures/outbox-harness';
import { sinkSubscription } from '../fixtures/push-sink';
import { trackEvent } from '../fixtures/track-event';

/** Viewed a product in the last 7 days of the send. */
const viewers: SegmentTree = { kind: 'event', name: 'Product Viewed', atLeast: 1, withinDays: 7, where: [] };

const view = (anonymousId: string, at: number) => trackEvent(anonymousId, 'Product Viewed', at, { product_id: 'p1' });

describe('a campaign sent to a segment computed on the server', () => {
  const t = outboxHarness();
  const lake = lakeAudiences('kairos-send-');

  async function subscribe(...anonymousIds: string[]) {
    for (const anonymousId of anonymousIds) {
      await t.visitor(anonymousId);
      await upsertSubscription(t.handle.db, {
        subscription: sinkSubscription(t.sink.origin, `/${anonymousId}`),
        anonymousId,
      });
    }
  }

  const queuedFor = async (campaignId: number) =>
    (
      await t.handle.db
        .select({ anonymousId: pushSubscriptions.anonymousId })
        .from(deliveries)
        .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, deliveries.subscriptionId))
        .where(eq(deliveries.campaignId, campaignId))
    )
      .map((row) => row.anonymousId)
      .sort();

  // Injected failure: members computed when the campaign was scheduled (a joiner missed, a leaver sent to).
  it('a scheduled campaign gets the members of its send time, once', async () => {
    await t.handle.db.delete(pushSubscriptions);
    const day = 86_400_000;
    const scheduledAt = t.clock + 2 * day;
    await subscribe('early', 'lapsed', 'joiner', 'never');
    // When it is scheduled: "early" viewed yesterday, "lapsed" viewed 6 days ago (out of the window by the send).
    lake.files = writeLakeFiles(lake.dir, [view('lapsed', t.clock - 6 * day), view('early', t.clock - day)]);
    const campaign = await createCampaign(t.handle.db, {
      name: 'Tomorrow',
      message,
      segmentDefinition: viewers,
      scheduledAt: new Date(scheduledAt),
    });
    expect(await sendToSegment(t.handle.db, lake.audiences, campaign, new Date(t.clock))).toEqual({
      ok: true,
      scheduled: true,
    });
    expect(await queuedFor(campaign.id)).toEqual([]);
    expect(await sendDueSegmentCampaigns(t.handle.db, async () => lake.audiences, new Date(t.clock + day))).toEqual([]);

    // "joiner" views a product after the campaign was scheduled.
    lake.files = [...lake.files, ...writeLakeFiles(lake.dir, [view('joiner', t.clock + day)], 3)];
    const [sent] = await sendDueSegmentCampaigns(t.handle.db, async () => lake.audiences, new Date(scheduledAt));
    expect(sent).toMatchObject({ ok: true, scheduled: false, members: 2, queued: 2, subscribedVisitors: 2 });
    expect(await queuedFor(campaign.id)).toEqual(['early', 'joiner']);
    expect(await findCampaign(t.handle.db, campaign.id)).toMatchObject({
      audience: 'segment',
      audienceSize: 2,
      audienceComputedAt: new Date(scheduledAt),
      status: 'sending',
    });
    // Its audience is computed: a later round sends nothing more.
    expect(
      await sendDueSegmentCampaigns(t.handle.db, async () => lake.audiences, new Date(scheduledAt + 60_000)),
    ).toEqual([]);
    expect(await queuedFor(campaign.id)).toEqual(['early', 'joiner']);
  });

  // Injected failure: a send run twice (a retry after a crash) queuing subscribers twice.
  it('a send now queues each member once, however often it runs', async () => {
    await t.handle.db.delete(pushSubscriptions);
    await subscribe('a', 'b');
    lake.files = writeLakeFiles(lake.dir, [view('a', t.clock - 1_000), view('b', t.clock - 2_000)], 10);
    const campaign = await createCampaign(t.handle.db, { name: 'Now', message, segmentDefinition: viewers });
    const first = await sendToSegment(t.handle.db, lake.audiences, campaign, new Date(t.clock));
    expect(first).toMatchObject({ ok: true, members: 2, queued: 2, evaluatedOn: { asOf: t.clock, events: 2 } });
    expect(await sendToSegment(t.handle.db, lake.audiences, campaign, new Date(t.clock))).toMatchObject({ queued: 0 });
    expect(await queuedFor(campaign.id)).toEqual(['a', 'b']);
  });

  it('says so when the campaign has no segment', async () => {
    const campaign = await createCampaign(t.handle.db, { name: 'Nobody', message });
    expect(await sendToSegment(t.handle.db, lake.audiences, campaign, new Date(t.clock))).toMatchObject({
      ok: false,
      code: 'no_segment',
    });
  });
});
