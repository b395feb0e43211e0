// Queueing a campaign into the durable delivery outbox (tests/fixtures/outbox-harness.ts):
// nothing queued for nobody, payloads over the push limit refused by visitor,
// each delivery's id in its payload, and the campaign's TTL, urgency and topic.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { type CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, payloadBytes } from '@/lib/contracts/campaign-message';
import { maxPushPayloadBytes } from '@/lib/contracts/push';
import { campaignItem, createCampaign, findCampaign } from '@/lib/db/campaigns';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries, pushSubscriptions } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { message, outboxHarness } from '../fixtures/outbox-harness';
import { sinkSubscription } from '../fixtures/push-sink';

describe('queueing a campaign into the outbox', () => {
  const t = outboxHarness();

  // Injected failure: marking it sent (or scheduled) though nothing was queued locks the draft.
  it('a send to visitors without a subscription queues nothing and leaves the campaign a draft', async () => {
    const campaign = await createCampaign(t.handle.db, { name: 'Nobody subscribed', message });
    expect(await queueCampaign(t.handle.db, campaign, ['never-subscribed'], new Date(t.clock))).toEqual({
      ok: true,
      queued: 0,
      subscribedVisitors: 0,
      control: 0,
      globalHoldout: 0,
      awaitingWinner: 0,
    });
    expect(await campaignItem(t.handle.db, campaign.id)).toMatchObject({
      status: 'draft',
      counts: { queued: 0, sent: 0, failed: 0, expired: 0 },
    });
    const later = await createCampaign(t.handle.db, {
      name: 'Nobody subscribed, tonight',
      message,
      scheduledAt: new Date(t.clock + 3_600_000),
    });
    expect(await queueCampaign(t.handle.db, later, ['never-subscribed'], new Date(t.clock))).toMatchObject({
      queued: 0,
    });
    expect((await findCampaign(t.handle.db, later.id))?.status).toBe('draft');
  });

  it('refuses to queue a campaign whose personalised payload is over the push limit, naming the visitor', async () => {
    await t.visitor('verbose', { bio: 'x'.repeat(4_000) });
    await t.visitor('terse', { bio: 'x' });
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/big'),
      anonymousId: 'verbose',
    });
    const campaign = await createCampaign(t.handle.db, {
      name: 'Big',
      message: { title: 'Hello', body: 'A long link', url: 'https://shop.example/{{bio}}' },
    });
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/small'),
      anonymousId: 'terse',
    });
    const result = await queueCampaign(t.handle.db, campaign, ['terse', 'verbose'], new Date(t.clock));
    expect(result).toMatchObject({
      ok: false,
      code: 'payload_too_large',
      message: expect.stringMatching(/at most 3993.*\(visitor verbose\)/),
    });
    expect(await t.handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toEqual([]);
  });

  it('puts each delivery row’s id in its payload, so the device can show a delivery once', async () => {
    await t.visitor('ids-a');
    await t.visitor('ids-b');
    const a = await t.pushService.subscribe(t.keys.publicKey);
    const b = await t.pushService.subscribe(t.keys.publicKey);
    await upsertSubscription(t.handle.db, { subscription: a, anonymousId: 'ids-a' });
    await upsertSubscription(t.handle.db, { subscription: b, anonymousId: 'ids-b' });
    const campaign = await createCampaign(t.handle.db, { name: 'Ids', message });
    await queueCampaign(t.handle.db, campaign, ['ids-a', 'ids-b'], new Date(t.clock));
    await t.outbox().drain();
    const rows = await t.handle.db
      .select({ id: deliveries.id, endpoint: pushSubscriptions.endpoint })
      .from(deliveries)
      .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, deliveries.subscriptionId))
      .where(eq(deliveries.campaignId, campaign.id));
    const idOf = (endpoint: string) => rows.find((row) => row.endpoint === endpoint)?.id;
    for (const subscription of [a, b]) {
      const [delivered] = await t.pushService.messages(subscription.clientHash);
      expect(JSON.parse(delivered ?? '{}')).toMatchObject({
        notification: { data: { campaignId: campaign.id, deliveryId: idOf(subscription.endpoint) } },
      });
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });

  it('counts the delivery id in the size check before queueing (injected: a visitor whose copy fits only without it)', async () => {
    const edgeMessage: CampaignMessage = { title: 'Edge', body: '', url: 'https://shop.example/{{bio}}' };
    const campaign = await createCampaign(t.handle.db, { name: 'Edge', message: edgeMessage });
    // A trait that fills the limit exactly once the longest id is in; one character more is over.
    const spare = maxPushPayloadBytes - payloadBytes(campaignPayload(campaign.id, edgeMessage, { bio: '' }));
    await t.visitor('edge-fits', { bio: 'x'.repeat(spare) });
    await t.visitor('edge-over', { bio: 'x'.repeat(spare + 1) });
    for (const anonymousId of ['edge-fits', 'edge-over']) {
      await upsertSubscription(t.handle.db, {
        subscription: sinkSubscription(t.sink.origin, `/${anonymousId}`),
        anonymousId,
      });
    }
    // Without the id the longer copy would fit: a check that forgot the id would queue it.
    const withoutId = JSON.stringify(campaignPayload(campaign.id, edgeMessage, { bio: 'x'.repeat(spare + 1) }));
    expect(new TextEncoder().encode(withoutId).byteLength).toBeLessThan(maxPushPayloadBytes);

    expect(await queueCampaign(t.handle.db, campaign, ['edge-over'], new Date(t.clock))).toMatchObject({
      ok: false,
      code: 'payload_too_large',
      message: expect.stringMatching(/\(visitor edge-over\)/),
    });
    expect(await queueCampaign(t.handle.db, campaign, ['edge-fits'], new Date(t.clock))).toMatchObject({
      ok: true,
      queued: 1,
    });
    await t.outbox().drain();
    expect(await campaignItem(t.handle.db, campaign.id)).toMatchObject({ counts: { sent: 1, failed: 0 } });
  });

  it('sends one TTL, Urgency and Topic as set on the campaign, and reuses one VAPID token per push service', async () => {
    await t.visitor('headers');
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/h1'),
      anonymousId: 'headers',
    });
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/h2'),
      anonymousId: 'headers',
    });
    const campaign = await createCampaign(t.handle.db, {
      name: 'Headers',
      message,
      ttlSeconds: 600,
      urgency: 'high',
      topic: 'flash-sale',
    });
    await queueCampaign(t.handle.db, campaign, ['headers'], new Date(t.clock));
    await t.outbox().drain();
    const one = t.sink.lastHeaders.get('/h1');
    const two = t.sink.lastHeaders.get('/h2');
    expect(one).toMatchObject({ ttl: '600', urgency: 'high', topic: 'flash-sale', 'content-encoding': 'aes128gcm' });
    expect(one?.authorization).toMatch(/^vapid t=.+, k=/);
    expect(two?.authorization).toBe(one?.authorization);
  });
});
