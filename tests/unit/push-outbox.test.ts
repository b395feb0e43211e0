// The durable delivery outbox (issue 6) against PGlite, with web-push-testing as
// the push service (it checks the VAPID signature and decrypts) and a scripted
// loopback sink for the failure answers (429, 5xx, 410). Each test names the
// failure it injects.
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type CampaignMessage } from '@/lib/contracts/campaign';
import { campaignPayload, payloadBytes } from '@/lib/contracts/campaign-message';
import { maxPushPayloadBytes } from '@/lib/contracts/push';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { campaignItem, createCampaign, findCampaign } from '@/lib/db/campaigns';
import { claimDeliveries, queueDeliveries } from '@/lib/db/deliveries';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries, pushSubscriptions, visitors } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { DeliveryOutbox } from '@/lib/push/delivery-outbox';
import { EncryptionPool } from '@/lib/push/encryption-pool';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { type PushService, startPushService } from '../fixtures/push-service';
import { type PushSink, sinkSubscription, startPushSink } from '../fixtures/push-sink';

const keys = webpush.generateVAPIDKeys();
const message: CampaignMessage = {
  title: 'Hi {{first_name|there}}',
  body: 'Flights to {{city|Lisbon}} from €19',
  url: '/deals',
};

describe('delivery outbox', () => {
  let handle: DatabaseHandle;
  let pushService: PushService;
  let sink: PushSink;
  let sender: PushSender;
  let clock: number;
  const now = () => clock;
  const outbox = (options = {}) =>
    new DeliveryOutbox(handle.db, sender, { now, random: () => 0.5, concurrency: 8, ...options });

  beforeAll(async () => {
    handle = await openDatabase({ dataDir: 'memory://' });
    await migrateDatabase(handle);
    pushService = await startPushService();
    sink = await startPushSink();
    sender = new PushSender({ signer: new VapidSigner(keys, 'mailto:test@example.com'), allowLocal: true });
  });
  afterAll(async () => {
    sender.close();
    await pushService.close();
    await sink.close();
    await handle.close();
  });
  beforeEach(() => {
    clock = Date.parse('2026-11-23T12:00:00Z');
  });

  async function visitor(anonymousId: string, traits: Record<string, unknown> = {}) {
    await handle.db
      .insert(visitors)
      .values({ anonymousId, traits, firstSeen: new Date(clock), lastSeen: new Date(clock) })
      .onConflictDoNothing();
  }

  it('delivers a personalised, encrypted, VAPID-signed message the push service decrypts; the campaign ends sent', async () => {
    await visitor('ada', { first_name: 'Ada' });
    await visitor('bob');
    const adaSubscription = await pushService.subscribe(keys.publicKey);
    const bobSubscription = await pushService.subscribe(keys.publicKey);
    await upsertSubscription(handle.db, { subscription: adaSubscription, anonymousId: 'ada' });
    await upsertSubscription(handle.db, { subscription: bobSubscription, anonymousId: 'bob' });
    const campaign = await createCampaign(handle.db, { name: 'Deals', message, topic: 'deals' });
    const queued = await queueCampaign(handle.db, campaign, ['ada', 'bob', 'ada', 'nobody'], new Date(clock));
    expect(queued).toEqual({ ok: true, queued: 2, subscribedVisitors: 2 });
    expect((await findCampaign(handle.db, campaign.id))?.status).toBe('sending');

    expect(await outbox().drain()).toBe(2);

    const [ada] = await pushService.messages(adaSubscription.clientHash);
    expect(JSON.parse(ada ?? '{}')).toMatchObject({
      kind: 'notification',
      campaignId: campaign.id,
      title: 'Hi Ada',
      body: 'Flights to Lisbon from €19',
      url: '/deals',
    });
    expect(JSON.parse((await pushService.messages(bobSubscription.clientHash))[0] ?? '{}').title).toBe('Hi there');
    const item = await campaignItem(handle.db, campaign.id);
    expect(item).toMatchObject({ status: 'sent', counts: { queued: 0, sent: 2, failed: 0, expired: 0 } });
  });

  it('encrypts in worker threads when set (KAIROS_PUSH_ENCRYPT_THREADS), and the push service still decrypts', async () => {
    const pool = new EncryptionPool(2);
    const threaded = new PushSender({
      signer: new VapidSigner(keys, 'mailto:test@example.com'),
      allowLocal: true,
      encrypt: pool.encrypt,
    });
    const { clientHash, endpoint, keys: clientKeys } = await pushService.subscribe(keys.publicKey);
    const target = { endpoint, ...clientKeys };
    const payloads = ['{"kind":"config"}', JSON.stringify({ kind: 'notification', title: 'Ünïcödé ✓' })];
    for (const payload of payloads) {
      expect((await threaded.send(target, payload, { ttlSeconds: 60, urgency: 'normal' })).statusCode).toBe(201);
    }
    // A malformed key is refused with the reason, not a crash (failure injected: a 10-byte p256dh).
    const broken = await threaded.send({ ...target, p256dh: 'AAAAAAAAAAAAAA' }, '{}', {
      ttlSeconds: 60,
      urgency: 'normal',
    });
    expect(broken).toMatchObject({ statusCode: null, error: expect.stringMatching(/Encryption failed: .*65-byte/) });
    threaded.close();
    await pool.close();
    expect(await pushService.messages(clientHash)).toEqual(payloads);
  });

  it('on 410 Gone (web-push-testing expire route) marks the delivery expired and deletes the subscription', async () => {
    await visitor('gone');
    const subscription = await pushService.subscribe(keys.publicKey);
    const stored = await upsertSubscription(handle.db, { subscription, anonymousId: 'gone' });
    await pushService.expire(subscription.clientHash);
    const campaign = await createCampaign(handle.db, { name: 'Expired', message });
    await queueCampaign(handle.db, campaign, ['gone'], new Date(clock));
    await outbox().drain();
    const rows = await handle.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, stored.id));
    expect(rows).toEqual([]);
    expect(await campaignItem(handle.db, campaign.id)).toMatchObject({
      status: 'sent',
      counts: { queued: 0, sent: 0, failed: 0, expired: 1 },
    });
  });

  it('backs off on 500 with growing delays and gives up after maxAttempts (failure injected: the sink answers 500)', async () => {
    const path = '/always-500';
    sink.script(path, [{ status: 500 }]);
    await visitor('flaky');
    await upsertSubscription(handle.db, { subscription: sinkSubscription(sink.origin, path), anonymousId: 'flaky' });
    const campaign = await createCampaign(handle.db, { name: 'Backoff', message });
    await queueCampaign(handle.db, campaign, ['flaky'], new Date(clock));
    const worker = outbox({ maxAttempts: 3, backoffBaseMs: 1_000 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = clock;
      expect(await worker.drain()).toBe(1);
      expect(await worker.drain()).toBe(0); // not due again yet
      const [row] = await handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id));
      if (attempt < 3) {
        expect(row).toMatchObject({
          status: 'queued',
          attempts: attempt,
          lastError: expect.stringMatching(/HTTP 500/),
        });
        delays.push((row?.nextAttemptAt.getTime() ?? 0) - before);
        clock = row?.nextAttemptAt.getTime() ?? clock;
      } else {
        expect(row).toMatchObject({ status: 'failed', attempts: 3 });
      }
    }
    // Equal jitter at random 0.5: three quarters of base · 2^(attempt-1).
    expect(delays).toEqual([750, 1_500]);
    expect(sink.received.get(path)).toBe(3);
    expect((await campaignItem(handle.db, campaign.id))?.counts).toEqual({ queued: 0, sent: 0, failed: 1, expired: 0 });
  });

  it('honours Retry-After on 429 for the whole push service (failure injected: the sink answers 429, Retry-After 120)', async () => {
    const first = '/rate-limited-a';
    const second = '/rate-limited-b';
    sink.script(first, [{ status: 429, headers: { 'Retry-After': '120' } }, { status: 201 }]);
    sink.script(second, [{ status: 201 }]);
    await visitor('busy');
    await upsertSubscription(handle.db, { subscription: sinkSubscription(sink.origin, first), anonymousId: 'busy' });
    await upsertSubscription(handle.db, { subscription: sinkSubscription(sink.origin, second), anonymousId: 'busy' });
    const campaign = await createCampaign(handle.db, { name: 'Rate limited', message });
    await queueCampaign(handle.db, campaign, ['busy'], new Date(clock));
    // One lane: the first message meets the 429, the second waits without being sent.
    const worker = outbox({ concurrency: 1 });
    await worker.drain();
    expect((sink.received.get(first) ?? 0) + (sink.received.get(second) ?? 0)).toBe(1);
    const rows = await handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id));
    for (const row of rows) {
      expect(row.status).toBe('queued');
      expect(row.nextAttemptAt.getTime()).toBe(clock + 120_000);
    }
    clock += 60_000;
    expect(await worker.drain()).toBe(0);
    clock += 60_000;
    expect(await worker.drain()).toBe(2);
    expect((await campaignItem(handle.db, campaign.id))?.counts.sent).toBe(2);
  });

  it('holds a claim for its lease; a crashed worker’s rows are claimed again after it, with the attempt counted', async () => {
    await visitor('lease');
    const stored = await upsertSubscription(handle.db, {
      subscription: sinkSubscription(sink.origin, '/lease'),
      anonymousId: 'lease',
    });
    const campaign = await createCampaign(handle.db, { name: 'Lease', message });
    await queueDeliveries(handle.db, campaign.id, [stored.id], new Date(clock));
    const first = await claimDeliveries(handle.db, { limit: 10, leaseMs: 30_000, now: new Date(clock) });
    expect(first.map((row) => row.subscriptionId)).toEqual([stored.id]);
    // The worker "crashes" here: nothing is recorded.
    expect(await claimDeliveries(handle.db, { limit: 10, leaseMs: 30_000, now: new Date(clock + 29_000) })).toEqual([]);
    const again = await claimDeliveries(handle.db, { limit: 10, leaseMs: 30_000, now: new Date(clock + 30_000) });
    expect(again).toMatchObject([{ subscriptionId: stored.id, attempts: 2 }]);
    await handle.db.delete(deliveries).where(eq(deliveries.campaignId, campaign.id));
  });

  it('delivers a scheduled campaign at its time, not before', async () => {
    await visitor('later');
    await upsertSubscription(handle.db, {
      subscription: sinkSubscription(sink.origin, '/later'),
      anonymousId: 'later',
    });
    const at = new Date(clock + 3_600_000);
    const campaign = await createCampaign(handle.db, { name: 'Tonight', message, scheduledAt: at });
    await queueCampaign(handle.db, campaign, ['later'], new Date(clock));
    expect((await findCampaign(handle.db, campaign.id))?.status).toBe('scheduled');
    const worker = outbox();
    expect(await worker.drain()).toBe(0);
    expect(sink.received.get('/later')).toBeUndefined();
    clock = at.getTime();
    expect(await worker.drain()).toBe(1);
    expect(sink.received.get('/later')).toBe(1);
    expect((await findCampaign(handle.db, campaign.id))?.status).toBe('sent');
  });

  // Injected failure: marking it sent (or scheduled) though nothing was queued locks the draft.
  it('a send to visitors without a subscription queues nothing and leaves the campaign a draft', async () => {
    const campaign = await createCampaign(handle.db, { name: 'Nobody subscribed', message });
    expect(await queueCampaign(handle.db, campaign, ['never-subscribed'], new Date(clock))).toEqual({
      ok: true,
      queued: 0,
      subscribedVisitors: 0,
    });
    expect(await campaignItem(handle.db, campaign.id)).toMatchObject({
      status: 'draft',
      counts: { queued: 0, sent: 0, failed: 0, expired: 0 },
    });
    const later = await createCampaign(handle.db, {
      name: 'Nobody subscribed, tonight',
      message,
      scheduledAt: new Date(clock + 3_600_000),
    });
    expect(await queueCampaign(handle.db, later, ['never-subscribed'], new Date(clock))).toMatchObject({ queued: 0 });
    expect((await findCampaign(handle.db, later.id))?.status).toBe('draft');
  });

  it('refuses to queue a campaign whose personalised payload is over the push limit, naming the visitor', async () => {
    await visitor('verbose', { bio: 'x'.repeat(4_000) });
    await visitor('terse', { bio: 'x' });
    await upsertSubscription(handle.db, {
      subscription: sinkSubscription(sink.origin, '/big'),
      anonymousId: 'verbose',
    });
    const campaign = await createCampaign(handle.db, {
      name: 'Big',
      message: { title: 'Hello', body: 'A long link', url: 'https://shop.example/{{bio}}' },
    });
    await upsertSubscription(handle.db, {
      subscription: sinkSubscription(sink.origin, '/small'),
      anonymousId: 'terse',
    });
    const result = await queueCampaign(handle.db, campaign, ['terse', 'verbose'], new Date(clock));
    expect(result).toMatchObject({
      ok: false,
      code: 'payload_too_large',
      message: expect.stringMatching(/at most 3993.*\(visitor verbose\)/),
    });
    expect(await handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id))).toEqual([]);
  });

  it('puts each delivery row’s id in its payload, so the device can show a delivery once', async () => {
    await visitor('ids-a');
    await visitor('ids-b');
    const a = await pushService.subscribe(keys.publicKey);
    const b = await pushService.subscribe(keys.publicKey);
    await upsertSubscription(handle.db, { subscription: a, anonymousId: 'ids-a' });
    await upsertSubscription(handle.db, { subscription: b, anonymousId: 'ids-b' });
    const campaign = await createCampaign(handle.db, { name: 'Ids', message });
    await queueCampaign(handle.db, campaign, ['ids-a', 'ids-b'], new Date(clock));
    await outbox().drain();
    const rows = await handle.db
      .select({ id: deliveries.id, endpoint: pushSubscriptions.endpoint })
      .from(deliveries)
      .innerJoin(pushSubscriptions, eq(pushSubscriptions.id, deliveries.subscriptionId))
      .where(eq(deliveries.campaignId, campaign.id));
    const idOf = (endpoint: string) => rows.find((row) => row.endpoint === endpoint)?.id;
    for (const subscription of [a, b]) {
      const [delivered] = await pushService.messages(subscription.clientHash);
      expect(JSON.parse(delivered ?? '{}')).toMatchObject({
        campaignId: campaign.id,
        deliveryId: idOf(subscription.endpoint),
      });
    }
    expect(new Set(rows.map((row) => row.id)).size).toBe(2);
  });

  it('counts the delivery id in the size check before queueing (injected: a visitor whose copy fits only without it)', async () => {
    const edgeMessage: CampaignMessage = { title: 'Edge', body: '', url: 'https://shop.example/{{bio}}' };
    const campaign = await createCampaign(handle.db, { name: 'Edge', message: edgeMessage });
    // A trait that fills the limit exactly once the longest id is in; one character more is over.
    const spare = maxPushPayloadBytes - payloadBytes(campaignPayload(campaign.id, edgeMessage, { bio: '' }));
    await visitor('edge-fits', { bio: 'x'.repeat(spare) });
    await visitor('edge-over', { bio: 'x'.repeat(spare + 1) });
    for (const anonymousId of ['edge-fits', 'edge-over']) {
      await upsertSubscription(handle.db, {
        subscription: sinkSubscription(sink.origin, `/${anonymousId}`),
        anonymousId,
      });
    }
    // Without the id the longer copy would fit: a check that forgot the id would queue it.
    const withoutId = JSON.stringify(campaignPayload(campaign.id, edgeMessage, { bio: 'x'.repeat(spare + 1) }));
    expect(new TextEncoder().encode(withoutId).byteLength).toBeLessThan(maxPushPayloadBytes);

    expect(await queueCampaign(handle.db, campaign, ['edge-over'], new Date(clock))).toMatchObject({
      ok: false,
      code: 'payload_too_large',
      message: expect.stringMatching(/\(visitor edge-over\)/),
    });
    expect(await queueCampaign(handle.db, campaign, ['edge-fits'], new Date(clock))).toMatchObject({
      ok: true,
      queued: 1,
    });
    await outbox().drain();
    expect(await campaignItem(handle.db, campaign.id)).toMatchObject({ counts: { sent: 1, failed: 0 } });
  });

  it('sends one TTL, Urgency and Topic as set on the campaign, and reuses one VAPID token per push service', async () => {
    await visitor('headers');
    await upsertSubscription(handle.db, { subscription: sinkSubscription(sink.origin, '/h1'), anonymousId: 'headers' });
    await upsertSubscription(handle.db, { subscription: sinkSubscription(sink.origin, '/h2'), anonymousId: 'headers' });
    const campaign = await createCampaign(handle.db, {
      name: 'Headers',
      message,
      ttlSeconds: 600,
      urgency: 'high',
      topic: 'flash-sale',
    });
    await queueCampaign(handle.db, campaign, ['headers'], new Date(clock));
    await outbox().drain();
    const one = sink.lastHeaders.get('/h1');
    const two = sink.lastHeaders.get('/h2');
    expect(one).toMatchObject({ ttl: '600', urgency: 'high', topic: 'flash-sale', 'content-encoding': 'aes128gcm' });
    expect(one?.authorization).toMatch(/^vapid t=.+, k=/);
    expect(two?.authorization).toBe(one?.authorization);
  });
});
