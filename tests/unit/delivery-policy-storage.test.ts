// The delivery policy end to end on both storage backends (docs/delivery-policy.md),
// every clock injected: a recurring automation at 10:00 in three visitors'
// zones, best-time placement from a visitor's history in the server's engine,
// the throttle's claims per minute window (two outboxes sharing one rate), the
// caps across channels (a moment fired on the device counts), quiet hours
// (held, and dropped past the TTL), and the engagement guard. Deliveries go
// through a loopback push service; what each visitor received is read there.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import webpush from 'web-push';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { runAutomations } from '@/lib/automations/automation-run';
import { createAutomationSchema } from '@/lib/contracts/automation';
import { defaultDeliveryPolicy, type DeliveryPolicy } from '@/lib/contracts/delivery-policy';
import type { KairosEvent } from '@/lib/contracts/event';
import type { LakeFile } from '@/lib/contracts/lake';
import type { Database } from '@/lib/db';
import { createAutomation } from '@/lib/db/automations';
import { type CampaignInput, campaignItem, createCampaign, findCampaign } from '@/lib/db/campaigns';
import { guardedSubscriptions, writeDeliveryPolicy } from '@/lib/db/delivery-policy';
import { ingestEvents } from '@/lib/db/ingest';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { deliveries } from '@/lib/db/schema';
import { claimedInWindow } from '@/lib/db/send-windows';
import { globalScope, windowStart } from '@/lib/delivery-policy/throttle';
import { queueCampaign } from '@/lib/push/campaign-send';
import { DeliveryOutbox } from '@/lib/push/delivery-outbox';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { writeLakeFiles } from '../fixtures/lake-files';
import { type PushSink, sinkSubscription, startPushSink } from '../fixtures/push-sink';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';
import { trackEvent } from '../fixtures/track-event';

warnWithoutPostgres('delivery policy');

const minute = 60_000;
const hour = 60 * minute;
const day = 24 * hour;
const message = { title: 'Winter sale', body: 'Starts today', url: '/sale' };

for (const backend of storageBackends) {
  describe.skipIf(backend.skip)(`delivery policy on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    let db: Database;
    let sink: PushSink;
    let sender: PushSender;
    let lakeDir: string;
    let files: LakeFile[] = [];
    let audiences: ServerAudiences;
    const lake = {
      get dir() {
        return lakeDir;
      },
      upToDate: async () => ({ version: 1 as const, watermark: 0, files, tail: { rows: 0, url: '' }, generatedAt: 0 }),
    };

    beforeAll(async () => {
      storage = await serverStorage(backend);
      db = storage.handle.db;
      sink = await startPushSink();
      sender = new PushSender({
        signer: new VapidSigner(webpush.generateVAPIDKeys(), 'mailto:test@example.com'),
        allowLocal: true,
      });
      lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-policy-'));
      audiences = new ServerAudiences(
        await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 }),
        lake,
      );
    });
    afterAll(async () => {
      await audiences.close();
      sender.close();
      await sink.close();
      await storage.close();
      rmSync(lakeDir, { recursive: true, force: true });
    });
    afterEach(async () => {
      await writeDeliveryPolicy(db, defaultDeliveryPolicy);
    });

    const setPolicy = (change: Partial<DeliveryPolicy>) =>
      writeDeliveryPolicy(db, { ...defaultDeliveryPolicy, ...change });

    /** Stores events as the collector does. */
    async function store(...batch: KairosEvent[]) {
      const valid = batch.map((event, index) => ({
        index,
        event,
        timestamp: new Date(event.timestamp),
        originalTimestamp: new Date(event.timestamp),
      }));
      expect((await ingestEvents(db, valid, new Date(batch[0]!.timestamp))).accepted).toBe(batch.length);
    }
    const zoned = (anonymousId: string, timeZone: string, at: number, name = 'Page Viewed'): KairosEvent => ({
      ...trackEvent(anonymousId, name, at),
      context: { timezone: timeZone },
    });

    async function subscribe(...anonymousIds: string[]) {
      for (const anonymousId of anonymousIds) {
        await upsertSubscription(db, { subscription: sinkSubscription(sink.origin, `/${anonymousId}`), anonymousId });
      }
    }
    const received = (anonymousId: string) => sink.received.get(`/${anonymousId}`) ?? 0;
    const drain = (at: number) => new DeliveryOutbox(db, sender, { now: () => at, concurrency: 4 }).drain();

    async function send(name: string, visitors: string[], at: number, fields: Partial<CampaignInput> = {}) {
      const campaign = await createCampaign(db, { name, message, controlShare: 0, ...fields }, new Date(at));
      const queued = await queueCampaign(db, campaign, visitors, new Date(at), {
        bestTimes: (customers, params) => audiences.bestTimes(customers, params),
      });
      expect(queued.ok).toBe(true);
      return campaign;
    }
    const rowsOf = async (campaignId: number) =>
      (
        await db
          .select({
            anonymousId: deliveries.anonymousId,
            status: deliveries.status,
            notBefore: deliveries.notBefore,
            nextAttemptAt: deliveries.nextAttemptAt,
            skipReason: deliveries.skipReason,
          })
          .from(deliveries)
          .where(eq(deliveries.campaignId, campaignId))
      ).sort((a, b) => (a.anonymousId ?? '').localeCompare(b.anonymousId ?? ''));

    // Injected failures: every zone due at the run's time; a visitor without a zone left out or
    // sent at UTC 10:00 rather than the fallback zone's; the second day's run not spread again.
    it('a recurring automation at 10:00 in each visitor’s zone, across three zones and a fallback', async () => {
      const run = Date.parse('2026-11-24T00:00:00Z');
      const zones = { 'lt-tokyo': 'Asia/Tokyo', 'lt-berlin': 'Europe/Berlin', 'lt-newyork': 'America/New_York' };
      await subscribe('lt-tokyo', 'lt-berlin', 'lt-newyork', 'lt-nowhere');
      const visitorsEvents = [
        ...Object.entries(zones).map(([id, zone]) => zoned(id, zone, run - day, 'Order Completed')),
        trackEvent('lt-nowhere', 'Order Completed', run - day),
      ];
      await store(...visitorsEvents);
      rmSync(lakeDir, { recursive: true, force: true });
      files = writeLakeFiles(lakeDir, visitorsEvents);
      await setPolicy({ fallbackTimeZone: 'America/Sao_Paulo' });
      const automation = await createAutomation(
        db,
        createAutomationSchema.parse({
          name: 'Morning digest',
          trigger: {
            kind: 'recurring',
            schedule: { every: 'day', at: '00:00', timeZone: 'UTC' },
            definition: { kind: 'event', name: 'Order Completed', atLeast: 1, where: [] },
          },
          reentryAfterDays: 1,
          timeMode: 'localTime',
          localTime: '10:00',
          message,
        }),
        new Date(run - hour),
      );
      const round = (at: number) => runAutomations(db, async () => audiences, new Date(at));
      await round(run + 30_000);
      const due = Object.fromEntries(
        (await rowsOf(automation.campaignId)).map((row) => [row.anonymousId, row.notBefore?.toISOString()]),
      );
      expect(due).toEqual({
        'lt-tokyo': '2026-11-24T01:00:00.000Z',
        'lt-berlin': '2026-11-24T09:00:00.000Z',
        'lt-newyork': '2026-11-24T15:00:00.000Z',
        'lt-nowhere': '2026-11-24T13:00:00.000Z', // São Paulo's 10:00
      });
      // The outbox sends each as its zone comes round.
      await drain(Date.parse('2026-11-24T01:00:10Z'));
      expect([received('lt-tokyo'), received('lt-berlin'), received('lt-newyork'), received('lt-nowhere')]).toEqual([
        1, 0, 0, 0,
      ]);
      await drain(Date.parse('2026-11-24T13:30:00Z'));
      expect([received('lt-berlin'), received('lt-newyork'), received('lt-nowhere')]).toEqual([1, 0, 1]);
      await drain(Date.parse('2026-11-24T15:00:00Z'));
      expect(received('lt-newyork')).toBe(1);
      // The next day's run: each again at their own 10:00 of the 25th.
      await round(Date.parse('2026-11-25T00:00:20Z'));
      const second = (await rowsOf(automation.campaignId)).filter((row) => row.status === 'queued');
      expect(second.map((row) => [row.anonymousId, row.notBefore?.toISOString()])).toEqual([
        ['lt-berlin', '2026-11-25T09:00:00.000Z'],
        ['lt-newyork', '2026-11-25T15:00:00.000Z'],
        ['lt-nowhere', '2026-11-25T13:00:00.000Z'],
        ['lt-tokyo', '2026-11-25T01:00:00.000Z'],
      ]);
    });

    // Injected failures: the bucket counted in UTC hours; a visitor with two events given a "best" time.
    it('best time: each visitor at the start of the two-hour bucket they were most active in', async () => {
      const now = Date.parse('2026-12-01T00:00:00Z');
      const history: KairosEvent[] = [];
      for (let d = 1; d <= 6; d++) {
        // 19:xx in Tokyo (10:xx UTC), and one morning event that must not win.
        history.push(zoned('bt-evening', 'Asia/Tokyo', now - d * day + 10 * hour + 15 * minute));
        history.push(zoned('bt-evening', 'Asia/Tokyo', now - d * day + 10 * hour + 45 * minute));
      }
      history.push(zoned('bt-evening', 'Asia/Tokyo', now - 2 * day + 23 * hour));
      // Too long ago (over the four weeks), so it does not count.
      for (let d = 0; d < 20; d++) history.push(zoned('bt-evening', 'Asia/Tokyo', now - 40 * day + d * minute));
      history.push(zoned('bt-new', 'Europe/Paris', now - day), zoned('bt-new', 'Europe/Paris', now - 2 * day));
      rmSync(lakeDir, { recursive: true, force: true });
      files = writeLakeFiles(lakeDir, history);
      await subscribe('bt-evening', 'bt-new');
      const campaign = await send('Best time', ['bt-evening', 'bt-new'], now, { timeMode: 'bestTime' });
      const rows = await rowsOf(campaign.id);
      // Bucket 9 (18:00-20:00 in Tokyo) starts at 09:00 UTC; bt-new has two events, under the five needed.
      expect(rows.map((row) => [row.anonymousId, row.notBefore?.toISOString()])).toEqual([
        ['bt-evening', '2026-12-01T09:00:00.000Z'],
        ['bt-new', '2026-12-01T00:00:00.000Z'],
      ]);
    });

    // Injected failures: an in-process rate (two outboxes would send 10 in the window); a
    // campaign's own rate ignored; unused slots never given back (the next claims starve).
    it('throttling: two outboxes together claim at most the global rate in each minute window', async () => {
      const at = Date.parse('2026-12-02T12:00:05Z');
      const visitors = Array.from({ length: 12 }, (_, i) => `th-${String(i).padStart(2, '0')}`);
      await subscribe(...visitors);
      await drain(at - minute); // what earlier tests left due goes first, outside the limit
      await setPolicy({ globalPerMinute: 5 });
      await send('Throttled', visitors, at);
      const total = () => visitors.reduce((sum, id) => sum + received(id), 0);
      await Promise.all([drain(at), drain(at + 1_000)]);
      expect(total()).toBe(5);
      expect(await claimedInWindow(db, globalScope, new Date(windowStart(at)))).toBe(5);
      await Promise.all([drain(at + minute), drain(at + minute + 30_000)]);
      expect(total()).toBe(10);
      await drain(at + 2 * minute);
      expect(total()).toBe(12);
      // A campaign's own rate, with no global one.
      await setPolicy({});
      const own = Array.from({ length: 7 }, (_, i) => `th-own-${i}`);
      await subscribe(...own);
      await send('Slow drip', own, at + 3 * minute, { perMinute: 3 });
      const ownTotal = () => own.reduce((sum, id) => sum + received(id), 0);
      await drain(at + 3 * minute);
      expect(ownTotal()).toBe(3);
      await drain(at + 3 * minute + 10_000); // the same window: nothing more
      expect(ownTotal()).toBe(3);
      await drain(at + 4 * minute);
      expect(ownTotal()).toBe(6);
    });

    // Injected failures: the moment a device reported not counted on the server; a capped
    // delivery sent anyway or not shown with its reason.
    it('caps count every channel: a campaign and a moment fired on the device cap the third message', async () => {
      const at = Date.parse('2026-12-03T12:00:00Z');
      await subscribe('cap-moment', 'cap-free');
      await setPolicy({ caps: { perDay: 2, perWeek: 5 } });
      await send('Morning', ['cap-moment', 'cap-free'], at - 3 * hour);
      await drain(at - 3 * hour);
      await store({
        ...trackEvent('cap-moment', 'Moment Fired', at - hour),
        properties: { ruleId: 4, ruleVersion: 1 },
      });
      const afternoon = await send('Afternoon', ['cap-moment', 'cap-free'], at);
      await drain(at);
      expect([received('cap-moment'), received('cap-free')]).toEqual([1, 2]);
      const item = await campaignItem(db, afternoon.id);
      expect(item?.skips.capped).toBe(1);
      expect(item?.counts).toMatchObject({ sent: 1, skipped: 1 });
      // A day after the first message the visitor may receive again.
      await send('Next day', ['cap-moment'], at + 21 * hour);
      await drain(at + 21 * hour);
      expect(received('cap-moment')).toBe(2);
    });

    // Injected failures: a delivery sent at 23:30 in the visitor's zone; one held past its TTL.
    it('quiet hours hold a delivery until they end, and drop one whose TTL runs out first', async () => {
      const night = Date.parse('2026-12-04T22:30:00Z'); // 23:30 in Paris
      await store(zoned('quiet-paris', 'Europe/Paris', night - day));
      await subscribe('quiet-paris');
      await setPolicy({ quietHours: { startHour: 22, endHour: 7 } });
      const held = await send('Held', ['quiet-paris'], night);
      const dropped = await send('Dropped', ['quiet-paris'], night, { ttlSeconds: 3_600 });
      await drain(night);
      expect(received('quiet-paris')).toBe(0);
      expect(await rowsOf(held.id)).toMatchObject([
        { status: 'queued', skipReason: 'quietHours', nextAttemptAt: new Date('2026-12-05T06:00:00Z') },
      ]);
      expect(await rowsOf(dropped.id)).toMatchObject([{ status: 'expired', skipReason: 'quietHours' }]);
      expect((await campaignItem(db, held.id))?.skips).toMatchObject({ quietHeld: 1 });
      expect((await campaignItem(db, dropped.id))?.skips).toMatchObject({ quietExpired: 1 });
      await drain(Date.parse('2026-12-05T06:00:00Z'));
      expect(received('quiet-paris')).toBe(1);
      expect(await rowsOf(held.id)).toMatchObject([{ status: 'sent', skipReason: null }]);
    });

    // Injected failures: the guard never engaging; an important campaign held back; a click not releasing it.
    it('the engagement guard: 10 unclicked hold a subscription back, important still goes, a click releases it', async () => {
      const at = Date.parse('2026-12-06T12:00:00Z');
      await subscribe('guard-v');
      for (let i = 0; i < 10; i++) {
        await send(`Guard ${i}`, ['guard-v'], at + i * minute);
        await drain(at + i * minute);
      }
      expect(received('guard-v')).toBe(10);
      expect(await guardedSubscriptions(db, defaultDeliveryPolicy)).toBeGreaterThanOrEqual(1);
      const heldBack = await send('Held back', ['guard-v'], at + 11 * minute);
      await drain(at + 11 * minute);
      expect(received('guard-v')).toBe(10);
      expect((await campaignItem(db, heldBack.id))?.skips.guard).toBe(1);
      await send('Important', ['guard-v'], at + 12 * minute, { important: true });
      await drain(at + 12 * minute);
      expect(received('guard-v')).toBe(11);
      await store(trackEvent('guard-v', 'Notification Clicked', at + 13 * minute, { campaignId: heldBack.id }));
      await send('After the click', ['guard-v'], at + 14 * minute);
      await drain(at + 14 * minute);
      expect(received('guard-v')).toBe(12);
      expect((await findCampaign(db, heldBack.id))?.status).toBe('sent');
    });
  });
}
