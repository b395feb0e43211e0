// The demo's story (lib/cli/demo-story.ts) on embedded PGlite with the real
// lake and the server's engine: saved segments, moment rules that catch the
// classic searches, and past campaigns whose results come from stored
// deliveries and device events through the results engine, not from numbers
// written for the UI.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { serverCampaignResults } from '@/lib/audience/campaign-results';
import { ServerAudiences } from '@/lib/audience/server-audience';
import { seedDemoStory } from '@/lib/cli/demo-story';
import type { DemoStoryMarker } from '@/lib/contracts/getting-started';
import { resultsGoalSchema } from '@/lib/contracts/campaign-results';
import { createMomentRuleSchema } from '@/lib/contracts/moment-rule';
import { type DatabaseHandle, migrateDatabase, openDatabase } from '@/lib/db';
import { listCampaigns } from '@/lib/db/campaigns';
import { seedDemo } from '@/lib/db/demo-seed';
import { toEventRow } from '@/lib/db/event-row';
import { storeEvents } from '@/lib/db/event-store';
import { gettingStartedProgress } from '@/lib/db/getting-started';
import { listMomentRules } from '@/lib/db/moment-rules';
import { momentResults } from '@/lib/results/moment-results';
import { deliveries, pushSubscriptions } from '@/lib/db/schema';
import { listSegments } from '@/lib/db/segments';
import { readSetting, settingKeys } from '@/lib/db/settings';
import { demoMomentRules } from '@/lib/demo/story';
import { compactLake } from '@/lib/lake/compactor';
import { lakeFolder } from '@/lib/lake/layout';
import { readManifest } from '@/lib/lake/manifest-store';
import { lakeSettings } from '@/lib/lake/settings';
import { compileMatch, matchQuery } from '@/lib/matching/matcher';

const now = new Date('2026-06-30T15:00:00Z');

describe('the demo story', () => {
  let dataDir: string;
  let handle: DatabaseHandle;
  let audiences: ServerAudiences;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'kairos-story-'));
    handle = await openDatabase({ dataDir });
    await migrateDatabase(handle);
    await seedDemo(handle.db, { visitors: 600, seed: 7, end: new Date('2026-06-30T00:00:00Z') });
    const lakeDir = lakeFolder(dataDir);
    const engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '512MB', threads: 1 });
    audiences = new ServerAudiences(engine, {
      dir: lakeDir,
      async upToDate() {
        await compactLake(handle, lakeDir, { settings: lakeSettings({}) });
        return readManifest(lakeDir);
      },
    });
  }, 120_000);
  afterAll(async () => {
    await audiences?.close();
    await handle?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('sets up segments, rules and sent campaigns once, and leaves no stand-in subscription', async () => {
    const story = await seedDemoStory(handle.db, audiences, now);
    expect(story.skipped).toBe(false);

    const saved = await listSegments(handle.db);
    expect(saved.map((segment) => segment.name).sort()).toEqual(['At risk', 'Budget travellers', 'Champions']);
    for (const segment of saved) expect(segment.sizeHistory[0]?.size).toBeGreaterThan(0);

    const rules = await listMomentRules(handle.db);
    expect(rules.map((rule) => [rule.name, rule.enabled, rule.trigger.kind])).toEqual([
      ['Budget travel', true, 'search'],
      ['Game frustration: armour offer', true, 'search'],
    ]);

    const campaigns = await listCampaigns(handle.db);
    expect(campaigns.map((campaign) => campaign.status)).toEqual(['sent', 'sent', 'sent', 'sent']);
    // The staged one: its test share sent, the winner picked from the test share's events, the rest sent it.
    const staged = campaigns.find((campaign) => campaign.stagedSend);
    expect(staged?.stage).toMatchObject({ decidedAt: expect.any(String), winner: expect.any(Number) });
    expect(staged!.stage!.testVisitors).toBeGreaterThan(0);
    expect(staged!.stage!.restVisitors).toBeGreaterThan(staged!.stage!.testVisitors);
    expect(staged!.stage!.reason).toMatch(/[AB] \d+\.\d% against [AB] \d+\.\d%/);
    expect(staged!.counts.sent).toBeGreaterThanOrEqual(staged!.stage!.testVisitors + staged!.stage!.restVisitors);
    for (const campaign of campaigns) {
      expect(campaign.counts.sent).toBeGreaterThan(0);
      expect(campaign.counts.queued).toBe(0);
    }
    const [subscriptions] = await handle.db.select({ n: count() }).from(pushSubscriptions);
    expect(subscriptions?.n).toBe(0);

    const marker = await readSetting<DemoStoryMarker>(handle.db, settingKeys.demoStory);
    expect(marker).toEqual({ preparedAt: now.toISOString(), query: 'cheap countries to visit' });

    // Injected failure: a second `npm run demo` that adds the story again (six segments, two of each campaign).
    const [before] = await handle.db.select({ n: count() }).from(deliveries);
    expect(await seedDemoStory(handle.db, audiences, now)).toEqual({
      skipped: true,
      reason: 'the demo story is already set up',
    });
    expect(await listSegments(handle.db)).toHaveLength(3);
    expect(await handle.db.select({ n: count() }).from(deliveries)).toEqual([before]);
  }, 120_000);

  it("gives each past campaign results computed from its deliveries and its recipients' events", async () => {
    const goal = resultsGoalSchema.parse({});
    const byName = new Map((await listCampaigns(handle.db)).map((campaign) => [campaign.name, campaign.id]));
    let converted = 0;
    for (const [name, id] of byName) {
      const results = await serverCampaignResults(handle.db, audiences, id, goal, now.getTime());
      // A small demo's campaign may have no conversion yet ("No conversions yet"); every one has deliveries.
      expect(results.empty, name).not.toBe('no_deliveries');
      converted += results.arms.reduce((sum, arm) => sum + arm.converted, 0);
      expect(results.control, name).toBeGreaterThan(0);
      const targeted = results.arms.filter((arm) => arm.arm !== 'control');
      for (const arm of targeted) {
        expect(arm.sent, `${name} ${arm.arm}`).toBe(arm.visitors);
        expect(arm.shown, `${name} ${arm.arm}`).toBeGreaterThan(0);
        expect(arm.shown).toBeLessThanOrEqual(arm.sent);
      }
      expect(
        targeted.reduce((sum, arm) => sum + arm.clicked, 0),
        name,
      ).toBeGreaterThan(0);
      expect(results.lift, name).not.toBeNull();
    }
    expect(converted).toBeGreaterThan(0);
    // Two wordings of the budget campaign, and the second one was clicked more.
    const budget = await serverCampaignResults(
      handle.db,
      audiences,
      byName.get('Spring getaways for budget travellers') ?? 0,
      goal,
      now.getTime(),
    );
    const [a, b] = budget.arms.filter((arm) => arm.arm !== 'control');
    expect([a?.arm, b?.arm]).toEqual(['A', 'B']);
    expect(b!.clicked / b!.shown).toBeGreaterThan(a!.clicked / a!.shown);
  }, 120_000);

  it('gives the game rule past fires and held-out visitors, and a lift its results measure', async () => {
    const goal = resultsGoalSchema.parse({});
    const rules = await listMomentRules(handle.db);
    const game = rules.find((rule) => rule.name === 'Game frustration: armour offer');
    const travel = rules.find((rule) => rule.name === 'Budget travel');
    const outcomes = await audiences.momentOutcomes({ ruleId: game!.id, goal, asOf: now.getTime() });
    const results = momentResults(game!.id, outcomes, goal, now.getTime());
    // Injected failures: decisions written without the holdout hash (nobody held out), or without clicks.
    expect(results.fired.visitors).toBeGreaterThan(0);
    expect(results.heldOut.visitors).toBeGreaterThan(0);
    expect(results.fired.clicked).toBeGreaterThan(0);
    expect(results.heldOut.clicked).toBe(0);
    expect(results.fired.conversion!.rate).toBeGreaterThan(results.heldOut.conversion!.rate);
    expect(results.lift).not.toBeNull();
    // The walk-through's rule starts with the demo: no history, nobody held out.
    const none = await audiences.momentOutcomes({ ruleId: travel!.id, goal, asOf: now.getTime() });
    expect(none.fired.visitors + none.heldOut.visitors).toBe(0);
  }, 120_000);

  // Injected failure: demo events stored without the place the collector would have given them.
  it('places the demo visitors, so a country segment has members', async () => {
    const { sendTimeOptions } = await import('@/lib/audience/server-audience');
    const inUs = await audiences.stats(
      { kind: 'geo', field: 'country', op: 'in', values: ['US'] },
      await sendTimeOptions(handle.db, now),
    );
    expect(inUs.members).toBeGreaterThan(0);
    expect(inUs.members).toBeLessThan(inUs.customers);
  }, 120_000);

  it('ticks the getting-started steps off from events received after the story was set up', async () => {
    const event = (type: 'page' | 'track', name: string | undefined, properties: Record<string, unknown>) => ({
      messageId: randomUUID(),
      type,
      ...(name === undefined ? {} : { event: name }),
      properties,
      traits: {},
      anonymousId: 'first-visitor',
      userId: null,
      sessionId: null,
      timestamp: now.toISOString(),
      context: {},
    });
    const receive = (at: number, ...batch: ReturnType<typeof event>[]) =>
      storeEvents(
        handle.db,
        batch.map((e) => toEventRow(e, { receivedAt: new Date(at) })),
      );
    const fresh = { query: 'cheap countries to visit', since: now.toISOString(), storeOpened: false, searched: false };
    expect(await gettingStartedProgress(handle.db)).toEqual({ ...fresh, momentFired: null });

    // Injected failure: steps counted from the demo's history (a fire stored before the story counts for nothing).
    await receive(
      now.getTime() - 60_000,
      event('track', 'Moment Fired', { ruleId: 1, ruleVersion: 1, trigger: 'search' }),
    );
    expect(await gettingStartedProgress(handle.db)).toEqual({ ...fresh, momentFired: null });

    await receive(now.getTime() + 60_000, event('page', undefined, { path: '/' }));
    expect(await gettingStartedProgress(handle.db)).toMatchObject({
      storeOpened: true,
      searched: false,
      momentFired: null,
    });
    const [rule] = await listMomentRules(handle.db);
    await receive(
      now.getTime() + 120_000,
      event('track', 'Products Searched', { query: 'cheap countries to visit' }),
      event('track', 'Moment Fired', { ruleId: rule?.id, ruleVersion: 1, trigger: 'search' }),
    );
    expect(await gettingStartedProgress(handle.db)).toEqual({
      ...fresh,
      storeOpened: true,
      searched: true,
      momentFired: { ruleId: rule?.id },
    });
  });

  it('has rules that catch the classic searches and keep them apart', () => {
    const [travel, game] = demoMomentRules.map((input) => {
      const match = createMomentRuleSchema.parse(input).match;
      if (!match) throw new Error('a search rule without keywords');
      return (query: string) => matchQuery(compileMatch(match), query).matched;
    });
    for (const query of ['cheap countries to visit', 'budget hotels in Mexico']) {
      expect([query, travel!(query), game!(query)]).toEqual([query, true, false]);
    }
    for (const query of ['Worm Blasterz walk-through', 'cheat codes']) {
      expect([query, travel!(query), game!(query)]).toEqual([query, false, true]);
    }
  });
});
