// A staged send (docs/campaigns-and-push.md#staged-send): the variants go to a
// test share, the server picks the winner from the test share's results when
// the wait is over (lib/results/stage-winner.ts), and the rest gets it. The
// outbox, the database, the results engine and the lake files are real; the
// devices' Shown/Clicked events are written to the lake as the tracker would
// have stored them.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { decideDueStages } from '@/lib/audience/stage-decision';
import { campaignItem, createCampaign, findCampaign } from '@/lib/db/campaigns';
import { claimDueStages, stageLeaseMs } from '@/lib/db/campaign-stage';
import { claimDeliveries, emptyOutcomes, finishCampaigns, recordOutcomes } from '@/lib/db/deliveries';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { campaignControls, campaignStageRest, deliveries, pushSubscriptions } from '@/lib/db/schema';
import { inTestShare, queueCampaign } from '@/lib/push/campaign-send';
import { Random } from '@/lib/demo/random';
import { pickStageWinner, type StageArm } from '@/lib/results/stage-winner';
import { lakeAudiences } from '../fixtures/lake-audiences';
import { writeLakeFiles } from '../fixtures/lake-files';
import { message, outboxHarness } from '../fixtures/outbox-harness';
import { sinkSubscription } from '../fixtures/push-sink';
import { trackEvent } from '../fixtures/track-event';

const arm = (variant: number, shown: number, clicked: number, visitors = shown, converted = 0): StageArm => ({
  variant,
  visitors,
  shown,
  clicked,
  converted,
});

describe('the winner of a staged send', () => {
  // Injected failure: a winner picked by the higher rate alone, significant or not.
  it('is the variant significantly ahead of every other, else variant A with the reason', () => {
    const clear = pickStageWinner([arm(0, 1000, 75), arm(1, 1000, 141)], 'clickThrough');
    expect(clear).toMatchObject({ winner: 1, significant: true });
    expect(clear.reason).toMatch(/^Variant B won on click-through \(B 14\.1% against A 7\.5%, p < 0\.001\)/);

    const close = pickStageWinner([arm(0, 100, 9), arm(1, 100, 11)], 'clickThrough');
    expect(close).toMatchObject({ winner: 0, significant: false });
    expect(close.reason).toMatch(
      /^No variant was significantly better on click-through \(B 11\.0% against A 9\.0%, p = 0\.6/,
    );
    expect(close.reason).toMatch(/variant A was sent to the rest\.$/);

    expect(pickStageWinner([arm(0, 200, 20), arm(1, 400, 40)], 'clickThrough').reason).toMatch(/^The variants tied/);
  });

  // Injected failure: the best variant declared the winner while a third is as good as it.
  it('with more variants, needs a significant lead over each of them', () => {
    const arms = [arm(0, 1000, 70), arm(1, 1000, 140), arm(2, 1000, 130)];
    const choice = pickStageWinner(arms, 'clickThrough');
    expect(choice).toMatchObject({ winner: 0, significant: false });
    expect(choice.reason).toContain('B 14.0% against C 13.0%');
  });

  // Injected failure this catches: a winner by the better rate alone (an A/A test would pick B about half the time).
  it('over seeded simulations, rarely picks B in an A/A test and nearly always finds a real 2× winner', () => {
    const random = new Random(2026, 3);
    const clicks = (shown: number, rate: number) => {
      let n = 0;
      for (let i = 0; i < shown; i += 1) if (random.chance(rate)) n += 1;
      return n;
    };
    const runs = 1_000;
    let falseWinners = 0;
    let found = 0;
    for (let run = 0; run < runs; run += 1) {
      const aa = [arm(0, 1_000, clicks(1_000, 0.08)), arm(1, 1_000, clicks(1_000, 0.08))];
      if (pickStageWinner(aa, 'clickThrough').winner !== 0) falseWinners += 1;
      const real = [arm(0, 1_000, clicks(1_000, 0.05)), arm(1, 1_000, clicks(1_000, 0.1))];
      if (pickStageWinner(real, 'clickThrough').winner === 1) found += 1;
    }
    console.log(
      `staged send: B picked in ${((falseWinners / runs) * 100).toFixed(1)}% of A/A runs, a real 2× found in ${((found / runs) * 100).toFixed(1)}%`,
    );
    // B is picked only when it is significantly ahead: one side of a 5% two-sided test, about 2.5% (σ ≈ 0.5 points).
    expect(falseWinners / runs).toBeLessThan(0.045);
    expect(falseWinners / runs).toBeGreaterThan(0.01);
    expect(found / runs).toBeGreaterThan(0.95);
  });

  it('compares conversion per recipient when the metric is conversion, and says when nothing can be compared', () => {
    // B has the better click-through, A the better conversion: the metric decides.
    const arms = [arm(0, 900, 60, 1000, 90), arm(1, 900, 120, 1000, 40)];
    expect(pickStageWinner(arms, 'conversion')).toMatchObject({ winner: 0, significant: true });
    expect(pickStageWinner(arms, 'clickThrough')).toMatchObject({ winner: 1, significant: true });
    expect(pickStageWinner([arm(0, 0, 0, 50), arm(1, 0, 0, 50)], 'clickThrough').reason).toMatch(
      /^No notification of the test share was shown/,
    );
  });
});

describe('a staged send through the outbox', () => {
  const t = outboxHarness();
  const hour = 3_600_000;
  const lake = lakeAudiences('kairos-stage-');

  const visitorsOf = async (table: typeof deliveries | typeof campaignStageRest, campaignId: number) =>
    (await t.handle.db.select().from(table).where(eq(table.campaignId, campaignId))) as {
      anonymousId: string | null;
      variant?: number;
    }[];

  /** The outbox's own claim and outcome queries, with every push accepted. */
  async function deliverAll(at: number) {
    for (;;) {
      const claimed = await claimDeliveries(t.handle.db, { limit: 500, leaseMs: 60_000, now: new Date(at) });
      if (claimed.length === 0) return;
      await recordOutcomes(t.handle.db, { ...emptyOutcomes(), sent: claimed.map((d) => d.id) }, new Date(at));
      await finishCampaigns(t.handle.db, [...new Set(claimed.map((d) => d.campaignId))]);
    }
  }

  // Injected failures: the rest sent at once; a visitor in the test share and the rest; the rest sent
  // before the wait is over, twice, or in a variant other than the winner; the campaign called sent while
  // the rest waits; a decision lost when its process dies after claiming it.
  it('sends the test share, waits, then sends the winner to the rest, once', async () => {
    const ids = Array.from({ length: 300 }, (_, i) => `v${String(i).padStart(3, '0')}`);
    for (const anonymousId of ids) {
      await t.visitor(anonymousId);
      await upsertSubscription(t.handle.db, {
        subscription: sinkSubscription(t.sink.origin, `/${anonymousId}`),
        anonymousId,
      });
    }
    const campaign = await createCampaign(t.handle.db, {
      name: 'Staged',
      message,
      variants: [{ ...message, title: 'Last call' }],
      controlShare: 0.1,
      stagedSend: { testShare: 0.3, waitHours: 4, metric: 'clickThrough' },
    });
    const sentAt = t.clock;
    const queued = await queueCampaign(t.handle.db, campaign, ids, new Date(sentAt));
    if (!queued.ok) throw new Error(queued.message);

    const tests = await visitorsOf(deliveries, campaign.id);
    const rest = await visitorsOf(campaignStageRest, campaign.id);
    const controls = await t.handle.db.select().from(campaignControls);
    expect(tests.length).toBe(queued.queued);
    expect(rest.length).toBe(queued.awaitingWinner);
    expect(tests.length + rest.length + controls.length).toBe(ids.length);
    expect(tests.every((row) => inTestShare(campaign.id, row.anonymousId!, 0.3))).toBe(true);
    expect(rest.some((row) => inTestShare(campaign.id, row.anonymousId!, 0.3))).toBe(false);
    expect(new Set(tests.map((row) => row.variant))).toEqual(new Set([0, 1]));
    expect(tests.length / (tests.length + rest.length)).toBeGreaterThan(0.15);
    expect(tests.length / (tests.length + rest.length)).toBeLessThan(0.45);

    // The test share is delivered; the campaign is still sending (its rest waits).
    await deliverAll(sentAt + 1_000);
    expect((await findCampaign(t.handle.db, campaign.id))?.status).toBe('sending');
    expect((await campaignItem(t.handle.db, campaign.id))?.stage).toMatchObject({
      testVisitors: tests.length,
      restVisitors: rest.length,
      decideAt: new Date(sentAt + 4 * hour).toISOString(),
      winner: null,
    });
    expect(await decideDueStages(t.handle.db, async () => lake.audiences, new Date(sentAt + 4 * hour - 1))).toEqual([]);

    // Every test recipient's device showed it; B drew far more clicks than A.
    const events = tests.flatMap((row, i) => {
      const at = sentAt + 60_000 + i;
      const origin = { campaignId: campaign.id, variant: row.variant };
      const shown = trackEvent(row.anonymousId!, 'Notification Shown', at, origin);
      const clicks = row.variant === 1 ? i % 2 === 0 : i % 12 === 0;
      return clicks ? [shown, trackEvent(row.anonymousId!, 'Notification Clicked', at + 5_000, origin)] : [shown];
    });
    lake.files = writeLakeFiles(lake.dir, events);

    // The process that claimed the decision died before deciding: after the lease, another decides.
    const decideAt = sentAt + 4 * hour;
    expect((await claimDueStages(t.handle.db, new Date(decideAt))).map((row) => row.id)).toEqual([campaign.id]);
    expect(await decideDueStages(t.handle.db, async () => lake.audiences, new Date(decideAt + 1_000))).toEqual([]);
    const [decision] = await decideDueStages(
      t.handle.db,
      async () => lake.audiences,
      new Date(decideAt + stageLeaseMs),
    );
    expect(decision).toMatchObject({ campaignId: campaign.id, winner: 1, queued: rest.length });
    expect(decision?.reason).toMatch(/^Variant B won on click-through/);

    const after = await visitorsOf(deliveries, campaign.id);
    expect(after.length).toBe(tests.length + rest.length);
    expect(new Set(after.map((row) => row.anonymousId)).size).toBe(after.length);
    const restIds = new Set(rest.map((row) => row.anonymousId));
    expect(after.filter((row) => restIds.has(row.anonymousId)).every((row) => row.variant === 1)).toBe(true);
    expect(await visitorsOf(campaignStageRest, campaign.id)).toEqual([]);
    expect(
      await decideDueStages(t.handle.db, async () => lake.audiences, new Date(decideAt + 2 * stageLeaseMs)),
    ).toEqual([]);

    await deliverAll(decideAt + stageLeaseMs + 1_000);
    const item = await campaignItem(t.handle.db, campaign.id);
    expect(item?.status).toBe('sent');
    expect(item?.stage).toMatchObject({ winner: 1, testVisitors: tests.length, restVisitors: rest.length });
    expect(item?.stage?.reason).toMatch(/^Variant B won/);
    await t.handle.db.delete(pushSubscriptions);
  });

  it('is refused without a second variant to pick from', async () => {
    const { stagedSendProblem } = await import('@/lib/contracts/campaign');
    expect(stagedSendProblem([], { testShare: 0.2, waitHours: 4, metric: 'clickThrough' })).toMatch(/second variant/);
    expect(stagedSendProblem([message], { testShare: 0.2, waitHours: 4, metric: 'clickThrough' })).toBeUndefined();
  });
});
