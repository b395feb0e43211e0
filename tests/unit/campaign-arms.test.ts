// A campaign's arms: the control and the message variants, chosen per visitor
// by a hash of (campaign, visitor) (lib/results/arm-assignment.ts), and what
// queueing does with them (lib/push/campaign-send.ts): the control recorded and
// sent nothing, each delivery in its visitor's variant, the variant in the payload.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { createCampaign } from '@/lib/db/campaigns';
import { controlsOf } from '@/lib/db/campaign-controls';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { campaignArm } from '@/lib/results/arm-assignment';
import { message, outboxHarness } from '../fixtures/outbox-harness';

const visitorIds = Array.from({ length: 20_000 }, (_, i) => `visitor-${i}`);
const armKey = (arm: ReturnType<typeof campaignArm>) => (arm.control ? 'control' : `variant-${arm.variant}`);

describe('the arm hash', () => {
  // Injected failures: a random draw per call (a resend moves visitors); a draw of the visitor alone (one
  // campaign's control is every campaign's control); shares off by the control's slice.
  it('gives a visitor one arm per campaign, every time, in the configured shares', () => {
    const options = { controlShare: 0.1, variants: 3 };
    const counts = new Map<string, number>();
    for (const id of visitorIds) {
      const arm = campaignArm(7, id, options);
      expect(campaignArm(7, id, options)).toEqual(arm);
      counts.set(armKey(arm), (counts.get(armKey(arm)) ?? 0) + 1);
    }
    // Expected 2,000 control and 6,000 per variant; ±4 standard deviations of a binomial count.
    expect(Math.abs((counts.get('control') ?? 0) - 2_000)).toBeLessThan(4 * Math.sqrt(20_000 * 0.1 * 0.9));
    for (const variant of [0, 1, 2]) {
      expect(Math.abs((counts.get(`variant-${variant}`) ?? 0) - 6_000)).toBeLessThan(4 * Math.sqrt(20_000 * 0.3 * 0.7));
    }
    // Another campaign draws again: its control overlaps this one's about as much as chance says (10% of 10%).
    const both = visitorIds.filter(
      (id) => campaignArm(7, id, options).control && campaignArm(8, id, options).control,
    ).length;
    expect(Math.abs(both - 200)).toBeLessThan(4 * Math.sqrt(20_000 * 0.01 * 0.99));
  });

  it('holds out nobody at a control share of 0, and everybody is variant A with one message', () => {
    for (const id of visitorIds.slice(0, 2_000)) {
      expect(campaignArm(3, id, { controlShare: 0, variants: 1 })).toEqual({ control: false, variant: 0 });
    }
  });
});

describe('queueing a campaign with variants and a control', () => {
  const t = outboxHarness();

  // Injected failures: the control sent anyway; a visitor in two arms; a resend recording the control twice
  // or moving a visitor; the payload without its variant.
  it('records the control and sends it nothing; each delivery is in its visitor’s variant, in the payload too', async () => {
    const ids = Array.from({ length: 24 }, (_, i) => `arm-${i}`);
    const subscriptions = new Map<string, Awaited<ReturnType<typeof t.pushService.subscribe>>>();
    for (const id of ids) {
      await t.visitor(id);
      const subscription = await t.pushService.subscribe(t.keys.publicKey);
      subscriptions.set(id, subscription);
      await upsertSubscription(t.handle.db, { subscription, anonymousId: id });
    }
    const variantB = { ...message, title: 'Last seats to {{city|Lisbon}}' };
    const campaign = await createCampaign(t.handle.db, {
      name: 'Arms',
      message,
      variants: [variantB],
      controlShare: 0.3,
    });
    const first = await queueCampaign(t.handle.db, campaign, [...ids, 'not-subscribed'], new Date(t.clock));
    const expected = new Map(ids.map((id) => [id, campaignArm(campaign.id, id, { controlShare: 0.3, variants: 2 })]));
    const control = ids.filter((id) => expected.get(id)?.control);
    expect(control.length).toBeGreaterThan(0);
    expect(first).toEqual({
      ok: true,
      queued: ids.length - control.length,
      subscribedVisitors: 24,
      control: control.length,
      globalHoldout: 0,
      awaitingWinner: 0,
    });

    const again = await queueCampaign(t.handle.db, campaign, ids, new Date(t.clock + 1_000));
    expect(again).toMatchObject({ queued: 0, control: control.length });
    const stored = await controlsOf(t.handle.db, campaign.id);
    expect(stored.map((row) => row.anonymousId).sort()).toEqual([...control].sort());
    expect(new Set(stored.map((row) => row.selectedAt.getTime()))).toEqual(new Set([t.clock]));

    const rows = await t.handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id));
    for (const row of rows) {
      const arm = expected.get(row.anonymousId ?? '');
      expect(arm).toEqual({ control: false, variant: row.variant });
      expect(control).not.toContain(row.anonymousId);
    }
    await t.outbox().drain();
    for (const id of ids) {
      const delivered = await t.pushService.messages(subscriptions.get(id)!.clientHash);
      const arm = expected.get(id)!;
      if (arm.control) {
        expect(delivered).toEqual([]);
        continue;
      }
      expect(delivered).toHaveLength(1);
      expect(JSON.parse(delivered[0] ?? '{}')).toMatchObject({
        notification: {
          title: arm.variant === 1 ? 'Last seats to Lisbon' : 'Hi there',
          data: { campaignId: campaign.id, variant: arm.variant },
        },
      });
    }
  });
});
