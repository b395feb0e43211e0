// Automations on both storage backends (docs/automations.md), each round run
// on a clock the test moves (runAutomations takes its `now`): an event trigger
// with a delay and a goal that arrives during the wait, the abandoned cart's
// "unless within", entry rules, segment entry and exit across two
// evaluations, a recurring run at a wall-clock time, pause and resume. Events
// for the event trigger are stored as the collector stores them; the segment
// engine reads lake files written by a fixture; deliveries are read from the
// outbox, and one test sends them through a loopback push service.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { runAutomations } from '@/lib/automations/automation-run';
import { type CreateAutomation, createAutomationSchema } from '@/lib/contracts/automation';
import type { KairosEvent } from '@/lib/contracts/event';
import type { LakeFile } from '@/lib/contracts/lake';
import type { Database } from '@/lib/db';
import { automationItem, createAutomation, setAutomationStatus } from '@/lib/db/automations';
import { listCampaigns } from '@/lib/db/campaigns';
import { endGlobalHoldout, startGlobalHoldout } from '@/lib/db/global-holdout';
import { ingestEvents } from '@/lib/db/ingest';
import { upsertSubscription } from '@/lib/db/push-subscriptions';
import { automationEntries, deliveries } from '@/lib/db/schema';
import { DeliveryOutbox } from '@/lib/push/delivery-outbox';
import { PushSender } from '@/lib/push/sender';
import { VapidSigner } from '@/lib/push/vapid-signer';
import { inGlobalHoldout } from '@/lib/results/global-holdout';
import webpush from 'web-push';
import { writeLakeFiles } from '../fixtures/lake-files';
import { type PushSink, sinkSubscription, startPushSink } from '../fixtures/push-sink';
import { serverStorage, storageBackends, warnWithoutPostgres } from '../fixtures/storage-backends';
import { trackEvent } from '../fixtures/track-event';

warnWithoutPostgres('automations');

const minute = 60_000;
const day = 86_400_000;
const start = Date.parse('2026-11-23T12:00:00Z');
const message = { title: 'Your basket misses you', body: 'It is still there', url: '/cart' };

for (const backend of storageBackends) {
  // Skipped only for PostgreSQL when KAIROS_TEST_DATABASE_URL is unset (.ci/run starts a server).
  describe.skipIf(backend.skip)(`automations on ${backend.name}`, () => {
    let storage: Awaited<ReturnType<typeof serverStorage>>;
    let db: Database;
    let sink: PushSink;
    let lakeDir: string;
    let lakeEvents: KairosEvent[] = [];
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
      lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-automations-'));
      const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
      audiences = new ServerAudiences(engine, lake);
    });
    afterAll(async () => {
      await audiences.close();
      await sink.close();
      await storage.close();
      rmSync(lakeDir, { recursive: true, force: true });
    });
    beforeEach(() => {
      lakeEvents = [];
      files = [];
    });

    const round = (at: number) => runAutomations(db, async () => audiences, new Date(at));

    /** Stores events as the collector does (received now, on the server's clock). */
    async function store(...batch: KairosEvent[]) {
      const valid = batch.map((event, index) => ({
        index,
        event,
        timestamp: new Date(event.timestamp),
        originalTimestamp: new Date(event.timestamp),
      }));
      expect((await ingestEvents(db, valid, new Date())).accepted).toBe(batch.length);
    }

    /** Puts events in the lake the segment engine reads (each call a fresh lake with all events so far). */
    function toLake(...batch: KairosEvent[]) {
      lakeEvents.push(...batch);
      rmSync(lakeDir, { recursive: true, force: true });
      files = writeLakeFiles(lakeDir, lakeEvents);
    }

    async function subscribe(...anonymousIds: string[]) {
      for (const anonymousId of anonymousIds) {
        await upsertSubscription(db, { subscription: sinkSubscription(sink.origin, `/${anonymousId}`), anonymousId });
      }
    }

    const create = async (input: CreateAutomation, at = start) =>
      createAutomation(db, createAutomationSchema.parse(input), new Date(at));

    /** Each queued delivery's visitor, sorted (a visitor twice when they were sent twice). */
    const outbox = async (campaignId: number) =>
      (await db.select({ id: deliveries.anonymousId }).from(deliveries).where(eq(deliveries.campaignId, campaignId)))
        .map((row) => row.id ?? '')
        .sort();

    const entryOf = async (automationId: number, anonymousId: string) =>
      db
        .select({ status: automationEntries.status, reason: automationEntries.reason })
        .from(automationEntries)
        .where(and(eq(automationEntries.automationId, automationId), eq(automationEntries.anonymousId, anonymousId)));

    // Injected failures: a send before the delay is over; a send to a visitor whose goal arrived
    // during the wait; an event whose property filter does not match entering anyway.
    it('an event trigger waits its delay and sends; a goal during the wait sends nothing', async () => {
      await subscribe('ev-waits', 'ev-buys', 'ev-cheap');
      const automation = await create({
        name: 'Browse follow-up',
        trigger: {
          kind: 'event',
          event: { name: 'Product Added', where: [{ property: 'price', compare: { op: 'gte', value: 10 } }] },
        },
        delayMinutes: 30,
        exitEvent: { name: 'Order Completed' },
        message,
      });
      await store(
        trackEvent('ev-waits', 'Product Added', start + minute, { price: 50 }),
        trackEvent('ev-buys', 'Product Added', start + minute, { price: 20 }),
        trackEvent('ev-cheap', 'Product Added', start + minute, { price: 5 }),
        trackEvent('ev-unsubscribed', 'Product Added', start + minute, { price: 15 }),
      );
      expect((await round(start + 2 * minute)).enteredByEvents).toBeGreaterThanOrEqual(3);
      expect(await outbox(automation.campaignId)).toEqual([]);
      // The goal arrives during the wait.
      await store(trackEvent('ev-buys', 'Order Completed', start + 10 * minute, { revenue: 20 }));
      await round(start + 20 * minute);
      expect(await outbox(automation.campaignId)).toEqual([]); // 31 minutes not yet passed
      const due = await round(start + 32 * minute);
      expect(due.queued).toBe(1);
      expect(await outbox(automation.campaignId)).toEqual(['ev-waits']);
      expect(await entryOf(automation.id, 'ev-buys')).toEqual([{ status: 'exited', reason: 'goal: Order Completed' }]);
      expect(await entryOf(automation.id, 'ev-cheap')).toEqual([]);
      expect(await entryOf(automation.id, 'ev-unsubscribed')).toEqual([
        { status: 'unreachable', reason: 'no push subscription' },
      ]);
      // Rounds later send nothing again.
      await round(start + 60 * minute);
      expect(await outbox(automation.campaignId)).toEqual(['ev-waits']);
      const item = await automationItem(db, automation.id);
      expect(item?.entries).toMatchObject({ waiting: 0, sent: 1, exited: 1, unreachable: 1 });
      // The outbox delivers it as a campaign's delivery; the automation's campaign is not in the campaign list.
      const sender = new PushSender({
        signer: new VapidSigner(webpush.generateVAPIDKeys(), 'mailto:test@example.com'),
        allowLocal: true,
      });
      await new DeliveryOutbox(db, sender, { now: () => start + 33 * minute, concurrency: 2 }).drain();
      sender.close();
      expect(sink.received.get('/ev-waits')).toBe(1);
      expect(sink.received.get('/ev-buys')).toBeUndefined();
      expect((await listCampaigns(db)).map((campaign) => campaign.id)).not.toContain(automation.campaignId);
    });

    // Injected failure: the global holdout applied to campaigns but not to automations.
    it('leaves the global holdout’s visitors out of an automation', async () => {
      // Far from the other tests' clocks: the holdout runs only within this test's own minutes.
      const base = start + 400 * day;
      const visitors = Array.from({ length: 12 }, (_, i) => `gh-${i}`);
      await subscribe(...visitors);
      const holdout = await startGlobalHoldout(db, { share: 0.5, days: null }, base);
      const held = visitors.filter((id) => inGlobalHoldout(holdout, id, base + 2 * minute));
      expect(held.length).toBeGreaterThan(0);
      try {
        const automation = await create(
          {
            name: 'Holdout follow-up',
            trigger: { kind: 'event', event: { name: 'Wishlist Added', where: [] } },
            delayMinutes: 0,
            message,
          },
          base,
        );
        await store(...visitors.map((id) => trackEvent(id, 'Wishlist Added', base + minute)));
        await round(base + 2 * minute);
        await round(base + 3 * minute);
        expect(await outbox(automation.campaignId)).toEqual(visitors.filter((id) => !held.includes(id)).sort());
        expect(await entryOf(automation.id, held[0]!)).toEqual([
          { status: 'unreachable', reason: 'in the global holdout' },
        ]);
      } finally {
        await endGlobalHoldout(db, base + 4 * minute);
      }
    });

    // Injected failures: the "unless" event inside the window not stopping the send, or one after
    // it stopping it; an order sent in the next batch, stored a few ms before the product by the
    // per-batch clock correction, not counting; an order long before the product counting.
    it('abandoned cart: Product Added not followed by Order Completed within 1 hour', async () => {
      await subscribe('cart-abandons', 'cart-completes', 'cart-late', 'cart-instant', 'cart-ordered-before');
      const automation = await create({
        name: 'Abandoned cart',
        trigger: {
          kind: 'event',
          event: { name: 'Product Added' },
          unless: { event: { name: 'Order Completed' }, withinMinutes: 60 },
        },
        message,
      });
      await store(
        trackEvent('cart-ordered-before', 'Order Completed', start - 30 * minute),
        trackEvent('cart-ordered-before', 'Product Added', start + minute),
        trackEvent('cart-instant', 'Product Added', start + minute),
        trackEvent('cart-instant', 'Order Completed', start + minute - 3),
        trackEvent('cart-abandons', 'Product Added', start + minute),
        trackEvent('cart-completes', 'Product Added', start + minute),
        trackEvent('cart-late', 'Product Added', start + minute),
        trackEvent('cart-completes', 'Order Completed', start + 40 * minute),
      );
      await round(start + 2 * minute);
      await round(start + 50 * minute);
      expect(await outbox(automation.campaignId)).toEqual([]);
      await round(start + 62 * minute);
      expect(await outbox(automation.campaignId)).toEqual(['cart-abandons', 'cart-late', 'cart-ordered-before']);
      for (const visitor of ['cart-completes', 'cart-instant']) {
        expect(await entryOf(automation.id, visitor)).toEqual([
          { status: 'exited', reason: 'unless: Order Completed' },
        ]);
      }
      // An order after the send changes nothing sent.
      await store(trackEvent('cart-late', 'Order Completed', start + 90 * minute));
      await round(start + 91 * minute);
      expect(await outbox(automation.campaignId)).toEqual(['cart-abandons', 'cart-late', 'cart-ordered-before']);
    });

    // Injected failure: a visitor entering twice when the rule says once, or not again after N days.
    it('enters a visitor once, or again after N days', async () => {
      await subscribe('rule-visitor');
      const trigger = { kind: 'event' as const, event: { name: 'Wishlist Added' } };
      const once = await create({ name: 'Once', trigger, message });
      const daily = await create({ name: 'Again after a day', trigger, reentryAfterDays: 1, message });
      for (const at of [start + minute, start + 2 * minute, start + day + 2 * minute]) {
        await store(trackEvent('rule-visitor', 'Wishlist Added', at));
        await round(at + minute);
      }
      expect(await outbox(once.campaignId)).toEqual(['rule-visitor']);
      // Two deliveries to the same subscription: one per entry.
      expect(await outbox(daily.campaignId)).toEqual(['rule-visitor', 'rule-visitor']);
    });

    // Injected failures: the first evaluation sending to everyone already in the segment; a
    // visitor still in it entered twice; the exit trigger missing a visitor whose window lapsed.
    it('segment entry and exit across two evaluations', async () => {
      await subscribe('seg-old', 'seg-new', 'seg-lapses');
      // "Viewed a product in the last day": seg-lapses viewed 20 hours before the first evaluation.
      const viewers = { kind: 'event' as const, name: 'Product Viewed', atLeast: 1, withinDays: 1, where: [] };
      toLake(
        trackEvent('seg-old', 'Product Viewed', start - 2 * 60 * minute),
        trackEvent('seg-lapses', 'Product Viewed', start - 20 * 60 * minute),
      );
      const entered = await create({
        name: 'Welcome to viewers',
        trigger: { kind: 'segment', on: 'enter', everyMinutes: 15, definition: viewers },
        message,
      });
      const left = await create({
        name: 'Come back',
        trigger: { kind: 'segment', on: 'exit', everyMinutes: 15, definition: viewers },
        message,
      });
      const first = await round(start);
      expect(first.segmentRuns.map((run) => run.members)).toEqual([2, 2]);
      expect(await outbox(entered.campaignId)).toEqual([]); // the baseline sends nothing
      expect(await outbox(left.campaignId)).toEqual([]);
      toLake(trackEvent('seg-new', 'Product Viewed', start + 60 * minute));
      // Not due yet (every 15 minutes): nothing evaluated.
      expect((await round(start + 10 * minute)).segmentRuns).toEqual([]);
      // Five hours on, seg-lapses' view is more than a day old and seg-new has viewed.
      const second = await round(start + 5 * 60 * minute);
      expect(second.segmentRuns.map((run) => run.entered)).toEqual([1, 1]);
      expect(await outbox(entered.campaignId)).toEqual(['seg-new']);
      expect(await outbox(left.campaignId)).toEqual(['seg-lapses']);
      // A third evaluation with nothing changed sends nothing more.
      await round(start + 6 * 60 * minute);
      expect(await outbox(entered.campaignId)).toEqual(['seg-new']);
      expect(await outbox(left.campaignId)).toEqual(['seg-lapses']);
    });

    // Injected failures: a run at UTC 10:00 instead of Berlin's; a second run on the same day.
    it('a recurring automation sends to the segment at its time each day', async () => {
      await subscribe('rec-a', 'rec-b');
      toLake(trackEvent('rec-a', 'Order Completed', start - day), trackEvent('rec-b', 'Order Completed', start - day));
      const buyers = { kind: 'event' as const, name: 'Order Completed', atLeast: 1, where: [] };
      const recurring = await create({
        name: 'Daily digest',
        trigger: {
          kind: 'recurring',
          schedule: { every: 'day', at: '10:00', timeZone: 'Europe/Berlin' },
          definition: buyers,
        },
        reentryAfterDays: 1,
        message,
      });
      // 10:00 in Berlin on 24 November is 09:00 UTC.
      expect((await automationItem(db, recurring.id))?.nextRunAt).toBe('2026-11-24T09:00:00.000Z');
      const nineBerlin = Date.parse('2026-11-24T08:59:00Z');
      await round(nineBerlin);
      expect(await outbox(recurring.campaignId)).toEqual([]);
      await round(Date.parse('2026-11-24T09:00:30Z'));
      expect(await outbox(recurring.campaignId)).toEqual(['rec-a', 'rec-b']);
      await round(Date.parse('2026-11-24T15:00:00Z'));
      expect(await outbox(recurring.campaignId)).toEqual(['rec-a', 'rec-b']);
      // The next day's run, a few seconds earlier in its minute than the first: both sent again.
      await round(Date.parse('2026-11-25T09:00:05Z'));
      expect(await outbox(recurring.campaignId)).toEqual(['rec-a', 'rec-a', 'rec-b', 'rec-b']);
    });

    // Injected failure: a paused automation entering visitors or sending its waits.
    it('a paused automation enters no one and holds its waits until resumed', async () => {
      await subscribe('pause-waiting', 'pause-new');
      const automation = await create({
        name: 'Paused',
        trigger: { kind: 'event', event: { name: 'Coupon Viewed' } },
        delayMinutes: 5,
        message,
      });
      await store(trackEvent('pause-waiting', 'Coupon Viewed', start + minute));
      await round(start + 2 * minute);
      await setAutomationStatus(db, automation.id, 'paused');
      await store(trackEvent('pause-new', 'Coupon Viewed', start + 3 * minute));
      await round(start + 10 * minute);
      expect(await outbox(automation.campaignId)).toEqual([]);
      await setAutomationStatus(db, automation.id, 'active');
      await round(start + 11 * minute);
      // The held wait is sent; what visitors did during the pause enters no one.
      expect(await outbox(automation.campaignId)).toEqual(['pause-waiting']);
      expect(await entryOf(automation.id, 'pause-new')).toEqual([]);
    });

    // Injected failure: a visitor id holding what an array literal treats specially (a quote, a
    // backslash, a comma, braces, the word NULL) split, cut or read as SQL NULL on its way through
    // the batched entry and delivery statements.
    it('enters and sends visitors whose ids hold quotes, backslashes, commas, braces or NULL', async () => {
      const odd = ['odd "quoted"', 'odd\\back\\slash', 'odd,comma', 'odd{brace}', 'NULL', 'odd ünï 🎉'];
      for (const [i, anonymousId] of odd.entries()) {
        await upsertSubscription(db, { subscription: sinkSubscription(sink.origin, `/odd-${i}`), anonymousId });
      }
      const automation = await create({
        name: 'Odd ids',
        trigger: { kind: 'event', event: { name: 'Coupon Copied' } },
        message,
      });
      await store(...odd.map((id) => trackEvent(id, 'Coupon Copied', start + minute)));
      expect((await round(start + 2 * minute)).queued).toBe(odd.length);
      expect(await outbox(automation.campaignId)).toEqual([...odd].sort());
      for (const id of odd) expect(await entryOf(automation.id, id)).toEqual([{ status: 'sent', reason: null }]);
    });

    // Injected failures: every visitor given the first visitor's traits (or none) in a
    // personalised message; one visitor's over-long trait failing the whole batch or passing.
    it('checks each visitor’s personalised message: an oversized one fails that entry alone', async () => {
      const identify = (anonymousId: string, traits: Record<string, unknown>) => ({
        ...trackEvent(anonymousId, 'identify', start),
        type: 'identify' as const,
        event: undefined,
        traits,
      });
      await subscribe('trait-short', 'trait-long');
      await store(
        identify('trait-short', { first_name: 'Ada' }),
        identify('trait-long', { first_name: 'x'.repeat(5_000) }),
      );
      const automation = await create({
        name: 'Personal',
        trigger: { kind: 'event', event: { name: 'Coupon Saved' } },
        // The link is not cut to a length as the title and body are: a long trait makes it too large.
        message: { title: 'Hi {{first_name|there}}', body: '', url: '/welcome?name={{first_name}}' },
      });
      await store(
        trackEvent('trait-short', 'Coupon Saved', start + minute),
        trackEvent('trait-long', 'Coupon Saved', start + minute),
      );
      expect((await round(start + 2 * minute)).queued).toBe(1);
      expect(await outbox(automation.campaignId)).toEqual(['trait-short']);
      expect(await entryOf(automation.id, 'trait-short')).toEqual([{ status: 'sent', reason: null }]);
      const [failed] = await entryOf(automation.id, 'trait-long');
      expect(failed?.status).toBe('failed');
      expect(failed?.reason).toMatch(/bytes; a push message holds at most/);
    });
  });
}
