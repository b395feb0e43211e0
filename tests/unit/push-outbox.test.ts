// The durable delivery outbox sending (tests/fixtures/outbox-harness.ts: PGlite,
// web-push-testing as the push service, a scripted loopback sink for the
// failure answers 429, 5xx and 410). Each test names the failure it injects.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { campaignItem, createCampaign, findCampaign } from '@/lib/db/campaigns';
import { claimDeliveries, queueDeliveries } from '@/lib/db/deliveries';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries, pushSubscriptions } from '@/lib/db/schema';
import { queueCampaign } from '@/lib/push/campaign-send';
import { EncryptionPool } from '@/lib/push/encryption-pool';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { message, outboxHarness } from '../fixtures/outbox-harness';
import { sinkSubscription } from '../fixtures/push-sink';

describe('delivery outbox', () => {
  const t = outboxHarness();

  it('delivers a personalised, encrypted, VAPID-signed message the push service decrypts; the campaign ends sent', async () => {
    await t.visitor('ada', { first_name: 'Ada' });
    await t.visitor('bob');
    const adaSubscription = await t.pushService.subscribe(t.keys.publicKey);
    const bobSubscription = await t.pushService.subscribe(t.keys.publicKey);
    await upsertSubscription(t.handle.db, { subscription: adaSubscription, anonymousId: 'ada' });
    await upsertSubscription(t.handle.db, { subscription: bobSubscription, anonymousId: 'bob' });
    const campaign = await createCampaign(t.handle.db, { name: 'Deals', message, topic: 'deals' });
    const queued = await queueCampaign(t.handle.db, campaign, ['ada', 'bob', 'ada', 'nobody'], new Date(t.clock));
    expect(queued).toEqual({
      ok: true,
      queued: 2,
      subscribedVisitors: 2,
      control: 0,
      globalHoldout: 0,
      awaitingWinner: 0,
    });
    expect((await findCampaign(t.handle.db, campaign.id))?.status).toBe('sending');

    expect(await t.outbox().drain()).toBe(2);

    const [ada] = await t.pushService.messages(adaSubscription.clientHash);
    expect(JSON.parse(ada ?? '{}')).toMatchObject({
      web_push: 8030,
      notification: {
        title: 'Hi Ada',
        body: 'Flights to Lisbon from €19',
        navigate: '/deals',
        data: { kairos: 1, campaignId: campaign.id },
      },
      mutable: true,
    });
    expect(JSON.parse((await t.pushService.messages(bobSubscription.clientHash))[0] ?? '{}').notification.title).toBe(
      'Hi there',
    );
    const item = await campaignItem(t.handle.db, campaign.id);
    expect(item).toMatchObject({ status: 'sent', counts: { queued: 0, sent: 2, failed: 0, expired: 0 } });
  });

  it('encrypts in worker threads when set (KAIROS_PUSH_ENCRYPT_THREADS), and the push service still decrypts', async () => {
    const pool = new EncryptionPool(2);
    const threaded = new PushSender({
      signer: new VapidSigner(t.keys, 'mailto:test@example.com'),
      allowLocal: true,
      encrypt: pool.encrypt,
    });
    const { clientHash, endpoint, keys: clientKeys } = await t.pushService.subscribe(t.keys.publicKey);
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
    expect(await t.pushService.messages(clientHash)).toEqual(payloads);
  });

  it('on 410 Gone (web-push-testing expire route) marks the delivery expired and deletes the subscription', async () => {
    await t.visitor('gone');
    const subscription = await t.pushService.subscribe(t.keys.publicKey);
    const stored = await upsertSubscription(t.handle.db, { subscription, anonymousId: 'gone' });
    await t.pushService.expire(subscription.clientHash);
    const campaign = await createCampaign(t.handle.db, { name: 'Expired', message });
    await queueCampaign(t.handle.db, campaign, ['gone'], new Date(t.clock));
    await t.outbox().drain();
    const rows = await t.handle.db.select().from(pushSubscriptions).where(eq(pushSubscriptions.id, stored.id));
    expect(rows).toEqual([]);
    expect(await campaignItem(t.handle.db, campaign.id)).toMatchObject({
      status: 'sent',
      counts: { queued: 0, sent: 0, failed: 0, expired: 1 },
    });
  });

  it('backs off on 500 with growing delays and gives up after maxAttempts (failure injected: the sink answers 500)', async () => {
    const path = '/always-500';
    t.sink.script(path, [{ status: 500 }]);
    await t.visitor('flaky');
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, path),
      anonymousId: 'flaky',
    });
    const campaign = await createCampaign(t.handle.db, { name: 'Backoff', message });
    await queueCampaign(t.handle.db, campaign, ['flaky'], new Date(t.clock));
    const worker = t.outbox({ maxAttempts: 3, backoffBaseMs: 1_000 });
    const delays: number[] = [];
    for (let attempt = 1; attempt <= 3; attempt++) {
      const before = t.clock;
      expect(await worker.drain()).toBe(1);
      expect(await worker.drain()).toBe(0); // not due again yet
      const [row] = await t.handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id));
      if (attempt < 3) {
        expect(row).toMatchObject({
          status: 'queued',
          attempts: attempt,
          lastError: expect.stringMatching(/HTTP 500/),
        });
        delays.push((row?.nextAttemptAt.getTime() ?? 0) - before);
        t.clock = row?.nextAttemptAt.getTime() ?? t.clock;
      } else {
        expect(row).toMatchObject({ status: 'failed', attempts: 3 });
      }
    }
    // Equal jitter at random 0.5: three quarters of base · 2^(attempt-1).
    expect(delays).toEqual([750, 1_500]);
    expect(t.sink.received.get(path)).toBe(3);
    expect((await campaignItem(t.handle.db, campaign.id))?.counts).toMatchObject({
      queued: 0,
      sent: 0,
      failed: 1,
      expired: 0,
    });
  });

  it('honours Retry-After on 429 for the whole push service (failure injected: the sink answers 429, Retry-After 120)', async () => {
    const first = '/rate-limited-a';
    const second = '/rate-limited-b';
    t.sink.script(first, [{ status: 429, headers: { 'Retry-After': '120' } }, { status: 201 }]);
    t.sink.script(second, [{ status: 201 }]);
    await t.visitor('busy');
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, first),
      anonymousId: 'busy',
    });
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, second),
      anonymousId: 'busy',
    });
    const campaign = await createCampaign(t.handle.db, { name: 'Rate limited', message });
    await queueCampaign(t.handle.db, campaign, ['busy'], new Date(t.clock));
    // One lane: the first message meets the 429, the second waits without being sent.
    const worker = t.outbox({ concurrency: 1 });
    await worker.drain();
    expect((t.sink.received.get(first) ?? 0) + (t.sink.received.get(second) ?? 0)).toBe(1);
    const rows = await t.handle.db.select().from(deliveries).where(eq(deliveries.campaignId, campaign.id));
    for (const row of rows) {
      expect(row.status).toBe('queued');
      expect(row.nextAttemptAt.getTime()).toBe(t.clock + 120_000);
    }
    t.clock += 60_000;
    expect(await worker.drain()).toBe(0);
    t.clock += 60_000;
    expect(await worker.drain()).toBe(2);
    expect((await campaignItem(t.handle.db, campaign.id))?.counts.sent).toBe(2);
  });

  it('holds a claim for its lease; a crashed worker’s rows are claimed again after it, with the attempt counted', async () => {
    await t.visitor('lease');
    const stored = await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/lease'),
      anonymousId: 'lease',
    });
    const campaign = await createCampaign(t.handle.db, { name: 'Lease', message });
    const target = { subscriptionId: stored.id, anonymousId: 'lease', variant: 0 };
    await queueDeliveries(t.handle.db, campaign.id, [target], new Date(t.clock));
    const first = await claimDeliveries(t.handle.db, { limit: 10, leaseMs: 30_000, now: new Date(t.clock) });
    expect(first.map((row) => row.subscriptionId)).toEqual([stored.id]);
    // The worker "crashes" here: nothing is recorded.
    expect(await claimDeliveries(t.handle.db, { limit: 10, leaseMs: 30_000, now: new Date(t.clock + 29_000) })).toEqual(
      [],
    );
    const again = await claimDeliveries(t.handle.db, { limit: 10, leaseMs: 30_000, now: new Date(t.clock + 30_000) });
    expect(again).toMatchObject([{ subscriptionId: stored.id, attempts: 2 }]);
    await t.handle.db.delete(deliveries).where(eq(deliveries.campaignId, campaign.id));
  });

  it('does not send a claimed row whose lease ran out while it waited; the next claim sends it once (injected: the clock jumps 90 % of the lease between claim and send)', async () => {
    await t.visitor('stale');
    const stored = await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/stale'),
      anonymousId: 'stale',
    });
    const campaign = await createCampaign(t.handle.db, { name: 'Stale', message });
    await queueDeliveries(
      t.handle.db,
      campaign.id,
      [{ subscriptionId: stored.id, anonymousId: 'stale', variant: 0 }],
      new Date(t.clock),
    );
    const claimedAt = t.clock;
    let reads = 0;
    // The first reading of the clock is the claim's; every later one is 9 s on, past 3/4 of the 10 s lease.
    const worker = t.outbox({ leaseMs: 10_000, now: () => (reads++ === 0 ? claimedAt : claimedAt + 9_000) });
    expect(await worker.drain()).toBe(0);
    expect(t.sink.received.get('/stale')).toBeUndefined();
    // Its lease over, the row is claimed again (by this worker or another) and sent once.
    t.clock = claimedAt + 10_000;
    expect(await t.outbox({ leaseMs: 10_000 }).drain()).toBe(1);
    expect(t.sink.received.get('/stale')).toBe(1);
  });

  it('delivers a scheduled campaign at its time, not before', async () => {
    await t.visitor('later');
    await upsertSubscription(t.handle.db, {
      subscription: sinkSubscription(t.sink.origin, '/later'),
      anonymousId: 'later',
    });
    const at = new Date(t.clock + 3_600_000);
    const campaign = await createCampaign(t.handle.db, { name: 'Tonight', message, scheduledAt: at });
    await queueCampaign(t.handle.db, campaign, ['later'], new Date(t.clock));
    expect((await findCampaign(t.handle.db, campaign.id))?.status).toBe('scheduled');
    const worker = t.outbox();
    expect(await worker.drain()).toBe(0);
    expect(t.sink.received.get('/later')).toBeUndefined();
    t.clock = at.getTime();
    expect(await worker.drain()).toBe(1);
    expect(t.sink.received.get('/later')).toBe(1);
    expect((await findCampaign(t.handle.db, campaign.id))?.status).toBe('sent');
  });
});
