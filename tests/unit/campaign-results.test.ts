// A campaign's results from lake files through the server's engine
// (lib/segments/campaign-outcomes.ts, lib/results/campaign-results.ts):
// attribution to the latest touch within its window, the control counted from
// the send time, orders counted once, and the assembled figures.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import {
  type ArmOutcome,
  type Recipient,
  resultsGoalSchema,
  type ResultsGoalInput,
} from '@/lib/contracts/campaign-results';
import type { KairosEvent } from '@/lib/contracts/event';
import { campaignResults } from '@/lib/results/campaign-results';
import {
  breakdownCsvHeader,
  campaignBreakdownCsv,
  campaignResultsCsv,
  resultsCsvHeader,
} from '@/lib/results/results-csv';
import { controlArm } from '@/lib/segments/campaign-outcomes';
import { writeLakeFiles } from '../fixtures/lake-files';
import { trackEvent } from '../fixtures/track-event';

const hour = 3_600_000;
const day = 24 * hour;
const sentAt = Date.UTC(2026, 10, 2, 9);
const asOf = Date.UTC(2026, 10, 30);
const ours = 5;
const other = 9;
const cuts = { high: 0.7, medium: 0.4 };

let sequence = 0;
const event = trackEvent;
const shown = (who: string, at: number, campaignId = ours, variant = 0) =>
  event(who, 'Notification Shown', at, { campaignId, variant });
const clicked = (who: string, at: number, campaignId = ours, variant = 0) =>
  event(who, 'Notification Clicked', at, { campaignId, variant, action: 'default' });
const order = (who: string, at: number, revenue: number, extra: Record<string, unknown> = {}) =>
  event(who, 'Order Completed', at, { order_id: `order-${(sequence += 1)}`, revenue, ...extra });

const recipient = (customer: string, arm: number, sent = arm !== controlArm): Recipient => ({
  customer,
  arm,
  anchorAt: sentAt,
  sent,
});

describe('campaign results over the lake', () => {
  let lakeDir: string;
  let engine: AudienceEngine;
  const duplicate = order('a-twice', sentAt + 2 * hour, 30);

  const events: KairosEvent[] = [
    // A: clicked, then bought within the window: a conversion of 40.
    shown('a-buyer', sentAt + 60_000),
    clicked('a-buyer', sentAt + hour),
    order('a-buyer', sentAt + day, 40),
    // A: bought before clicking: not a conversion of the click (but inside the window after the send).
    shown('a-before', sentAt + 60_000),
    order('a-before', sentAt + 30 * 60_000, 25),
    clicked('a-before', sentAt + hour),
    // A: the same order tracked twice: one conversion.
    shown('a-twice', sentAt + 60_000),
    clicked('a-twice', sentAt + hour),
    duplicate,
    { ...duplicate, messageId: crypto.randomUUID() },
    // A: shown, never clicked, bought an hour later: a conversion only with view-through on.
    shown('a-viewer', sentAt + 60_000),
    order('a-viewer', sentAt + 2 * hour, 15),
    // A: dismissed.
    shown('a-dismisser', sentAt + 60_000),
    event('a-dismisser', 'Notification Dismissed', sentAt + 2 * 60_000, { campaignId: ours, variant: 0 }),
    // B: clicked, bought 8 days later: after the 7-day window.
    shown('b-late', sentAt + 60_000, ours, 1),
    clicked('b-late', sentAt + hour, ours, 1),
    order('b-late', sentAt + 8 * day, 99),
    // B: clicked ours, then another campaign's, then bought: the later touch (the other campaign) wins.
    shown('b-shared', sentAt + 60_000, ours, 1),
    clicked('b-shared', sentAt + hour, ours, 1),
    clicked('b-shared', sentAt + 2 * hour, other),
    order('b-shared', sentAt + 3 * hour, 70),
    // B: a conversion in another currency, for the property filter.
    shown('b-dollar', sentAt + 60_000, ours, 1),
    clicked('b-dollar', sentAt + hour, ours, 1),
    order('b-dollar', sentAt + 2 * hour, 50, { currency: 'USD' }),
    // Control: bought after the send time (counted), and one who bought only before it (not counted).
    order('control-buyer', sentAt + 3 * day, 60),
    order('control-early', sentAt - day, 10),
    // For the breakdowns: what was known at the send. A's buyer had bought before and scored high
    // before the send (low after it); B's late buyer scored medium before the send.
    order('a-buyer', sentAt - 10 * day, 20),
    { ...event('a-buyer', 'Intent Scored', sentAt - hour), traits: { intentScore: 0.9 } },
    { ...event('a-buyer', 'Intent Scored', sentAt + 2 * day), traits: { intentScore: 0.1 } },
    { ...event('b-late', 'Intent Scored', sentAt - hour), traits: { intentScore: 0.5 } },
    // Not a recipient at all: ignored.
    clicked('stranger', sentAt + hour),
    order('stranger', sentAt + 2 * hour, 500),
  ];
  const recipients = [
    ...['a-buyer', 'a-before', 'a-twice', 'a-viewer', 'a-dismisser'].map((id) => recipient(id, 0)),
    ...['b-late', 'b-shared', 'b-dollar', 'b-unreached'].map((id) => recipient(id, 1, id !== 'b-unreached')),
    recipient('control-buyer', controlArm),
    recipient('control-early', controlArm),
  ];
  const outcomes = (campaignId: number, goal: ResultsGoalInput = {}, who = recipients) =>
    engine.armOutcomes(campaignId, who, resultsGoalSchema.parse(goal), asOf);

  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-results-'));
    engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    await engine.refresh(lakeDir, writeLakeFiles(lakeDir, events));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  // Injected failures each assertion catches: a conversion before the click counted; a conversion after
  // the window counted; an order touched by two campaigns counted for the earlier; a duplicated order
  // counted twice; a non-recipient's events counted; the control's pre-send order counted.
  it('attributes each goal event once, to the latest touch within its window', async () => {
    const [control, a, b] = await outcomes(ours);
    expect(a).toEqual({
      arm: 0,
      visitors: 5,
      sent: 5,
      shown: 5,
      clicked: 3,
      dismissed: 1,
      converted: 2,
      conversions: 2,
      revenue: 70,
      convertedSinceSend: 4,
      conversionsSinceSend: 4,
      revenueSinceSend: 110,
    });
    expect(b).toMatchObject({ arm: 1, visitors: 4, sent: 3, shown: 3, clicked: 3, converted: 1, revenue: 50 });
    expect(b?.convertedSinceSend).toBe(2);
    expect(control).toMatchObject({ arm: controlArm, visitors: 2, shown: 0, converted: 0, convertedSinceSend: 1 });
    expect(control?.revenueSinceSend).toBe(60);

    // The shared order belongs to the other campaign, once.
    const [theOther] = await outcomes(other, {}, [recipient('b-shared', 0)]);
    expect(theOther).toMatchObject({ converted: 1, conversions: 1, revenue: 70 });
  });

  it('counts a view without a click only with view-through on, and filters the goal by its properties', async () => {
    const [, a] = await outcomes(ours, { viewWindowDays: 1 });
    // The viewer's 15, and the 25 bought before the click, which followed a view within the view window.
    expect(a).toMatchObject({ converted: 4, revenue: 110 });
    const [, , b] = await outcomes(ours, { where: [{ property: 'currency', compare: { op: 'eq', value: 'EUR' } }] });
    expect(b).toMatchObject({ converted: 0, revenue: 0 });
    const [, , wider] = await outcomes(ours, { clickWindowDays: 9 });
    expect(wider).toMatchObject({ converted: 2, revenue: 149 });
  });

  // Injected failure this catches: SQL that only one engine accepts, or a type either reads differently.
  it('gives the same outcomes in the console’s DuckDB-WASM as in the server’s native DuckDB', async () => {
    const browserEngine = await createNodeEngine();
    try {
      await browserEngine.loadEvents({ events });
      for (const goal of [{}, { viewWindowDays: 1 }, { clickWindowDays: 9 }] satisfies ResultsGoalInput[]) {
        const parsed = resultsGoalSchema.parse(goal);
        const inBrowser = await browserEngine.campaignOutcomes({ campaignId: ours, recipients, goal: parsed, asOf });
        expect(inBrowser).toEqual(await outcomes(ours, goal));
        const breakdown = { campaignId: ours, recipients, goal: parsed, asOf, rfmAsOf: sentAt, intent: cuts };
        expect(await browserEngine.campaignBreakdowns(breakdown)).toEqual(await engine.armBreakdowns(breakdown));
      }
    } finally {
      await browserEngine.close();
    }
  });

  it('assembles rates, the lift over the control and the comparisons', async () => {
    const results = campaignResults(ours, await outcomes(ours), resultsGoalSchema.parse({}), {
      computedAt: asOf,
      events: events.length,
    });
    expect(results).toMatchObject({ audience: 11, control: 2, empty: null });
    expect(results.arms.map((arm) => arm.arm)).toEqual(['A', 'B', 'control']);
    const [a, , control] = results.arms;
    expect(a?.rates.shown).toBe(1);
    expect(a?.rates.clickThrough?.rate).toBeCloseTo(3 / 5, 12);
    expect(a?.rates.conversion?.rate).toBeCloseTo(2 / 5, 12);
    expect(a?.rates.revenuePerRecipient).toBeCloseTo(14, 12);
    expect(control).toMatchObject({ converted: 1, revenue: 60, sent: 0 });
    expect(results.totals).toMatchObject({ visitors: 9, converted: 3, revenue: 120, convertedSinceSend: 6 });
    expect(results.lift?.difference).toBeCloseTo(6 / 9 - 1 / 2, 12);
    expect(results.lift?.significant).toBe(false);
    expect(results.comparisons.map((c) => [c.metric, c.arm, c.against])).toEqual([
      ['conversion', 'A', 'control'],
      ['conversion', 'B', 'control'],
      ['clickThrough', 'B', 'A'],
      ['conversion', 'B', 'A'],
    ]);
    expect(results.summary.join(' ')).toMatch(/not significant/);
  });

  // Injected failures: RFM scored as of today instead of the send (the post-send buyers would get
  // segments); the intent score reported after the send used; a conversion counted on the wrong day
  // or for the wrong arm; the control's conversions left out of the days.
  it('breaks the outcomes down by RFM segment and intent tier at the send, and by day', async () => {
    const goal = resultsGoalSchema.parse({});
    const breakdowns = await engine.armBreakdowns({
      campaignId: ours,
      recipients,
      goal,
      asOf,
      rfmAsOf: sentAt,
      intent: cuts,
    });
    const results = campaignResults(ours, await outcomes(ours), goal, { computedAt: asOf, events: 0 }, breakdowns);
    const rows = (list: typeof results.breakdowns.rfm) =>
      list.map(({ bucket, arm, visitors, converted, revenue }) => [bucket, arm, visitors, converted, revenue]);

    const rfm = rows(results.breakdowns.rfm);
    const boughtBefore = rfm.filter(([bucket]) => bucket !== 'No purchase yet');
    // a-buyer (A, converted 40) and control-early (control, not converted) had bought before the send.
    expect(
      boughtBefore.map(([, arm, visitors, converted, revenue]) => [arm, visitors, converted, revenue]).sort(),
    ).toEqual([
      ['A', 1, 1, 40],
      ['control', 1, 0, 0],
    ]);
    expect(rfm.filter(([bucket]) => bucket === 'No purchase yet')).toEqual([
      ['No purchase yet', 'A', 4, 1, 30],
      ['No purchase yet', 'B', 4, 1, 50],
      ['No purchase yet', 'control', 1, 1, 60],
    ]);

    expect(rows(results.breakdowns.intent)).toEqual([
      ['high', 'A', 1, 1, 40],
      ['medium', 'B', 1, 0, 0],
      ['unknown', 'A', 4, 1, 30],
      ['unknown', 'B', 3, 1, 50],
      ['unknown', 'control', 2, 1, 60],
    ]);

    const csv = campaignBreakdownCsv(results).trimEnd().split('\r\n');
    expect(csv[0]).toBe(breakdownCsvHeader.join(','));
    const high = csv.find((line) => line.startsWith('intent_tier,high,'))?.split(',') ?? [];
    expect(Object.fromEntries(breakdownCsvHeader.map((name, i) => [name, high[i]]))).toMatchObject({
      arm: 'A',
      visitors: '1',
      converted: '1',
      revenue: '40',
      conversion_rate: '1',
    });
    expect(csv.at(-1)).toBe('day,2026-11-05,control,,,0,0,,1,60,,,,');

    expect(results.breakdowns.days).toEqual([
      { day: '2026-11-02', arm: 'A', shown: 5, clicked: 3, conversions: 1, revenue: 30 },
      { day: '2026-11-02', arm: 'B', shown: 3, clicked: 3, conversions: 1, revenue: 50 },
      { day: '2026-11-03', arm: 'A', shown: 0, clicked: 0, conversions: 1, revenue: 40 },
      { day: '2026-11-05', arm: 'control', shown: 0, clicked: 0, conversions: 1, revenue: 60 },
    ]);
  });

  // Injected failures: the winner named the wrong way round; a significant lift reported as chance.
  it('says in words which differences are significant, and which way', () => {
    const arm = (overrides: Partial<ArmOutcome>): ArmOutcome => ({
      arm: 0,
      visitors: 1_000,
      sent: 1_000,
      shown: 900,
      clicked: 50,
      dismissed: 0,
      converted: 20,
      conversions: 20,
      revenue: 0,
      convertedSinceSend: 40,
      conversionsSinceSend: 40,
      revenueSinceSend: 0,
      ...overrides,
    });
    const results = campaignResults(
      ours,
      [
        arm({ arm: controlArm, visitors: 200, sent: 0, shown: 0, clicked: 0, converted: 0, convertedSinceSend: 1 }),
        arm({ arm: 0 }),
        arm({ arm: 1, clicked: 100, converted: 45, convertedSinceSend: 70 }),
      ],
      resultsGoalSchema.parse({}),
      { computedAt: asOf, events: 1 },
    );
    // Targeted 110 of 2,000 (5.5%) against the control's 1 of 200 (0.5%): z ≈ 3.08, p ≈ 0.002.
    expect(results.lift).toMatchObject({ significant: true });
    expect(results.lift?.difference).toBeCloseTo(0.05, 12);
    expect(results.lift?.pValue).toBeCloseTo(0.0021, 3);
    expect(results.summary).toContain(
      "Variant B's click-through (11.1%) is higher than variant A's (5.6%): significant (p < 0.001).",
    );
    expect(results.summary.some((line) => /^Targeted visitors .* significant \(p = 0\.00\d\)\.$/.test(line))).toBe(
      true,
    );
    expect(results.summary).toContain(
      '4 comparisons: at the 5% level about one in twenty is significant by chance alone.',
    );
  });

  it('says why there is nothing to show: no deliveries, no conversions', () => {
    const goal = resultsGoalSchema.parse({});
    expect(campaignResults(ours, [], goal, { computedAt: asOf, events: 0 })).toMatchObject({
      empty: 'no_deliveries',
      arms: [],
      lift: null,
      summary: ['No deliveries yet: results appear once the campaign is sent.'],
    });
    const quiet = campaignResults(
      ours,
      [
        {
          arm: 0,
          visitors: 10,
          sent: 10,
          shown: 8,
          clicked: 1,
          dismissed: 0,
          converted: 0,
          conversions: 0,
          revenue: 0,
          convertedSinceSend: 0,
          conversionsSinceSend: 0,
          revenueSinceSend: 0,
        },
      ],
      goal,
      { computedAt: asOf, events: 19 },
    );
    expect(quiet.empty).toBe('no_conversions');
    expect(quiet.summary[0]).toBe('No conversions yet (goal: Order Completed within 7 days of a click).');
  });
});

describe('the results CSV', () => {
  // Injected failure: a column shifted (an interval's bounds swapped with the next rate).
  it('has a line per arm under the header, every rate with its interval', () => {
    const arm = {
      arm: 0,
      visitors: 10,
      sent: 10,
      shown: 8,
      clicked: 4,
      dismissed: 1,
      converted: 2,
      conversions: 3,
      revenue: 12.5,
      convertedSinceSend: 3,
      conversionsSinceSend: 3,
      revenueSinceSend: 15,
    };
    const results = campaignResults(
      ours,
      [arm, { ...arm, arm: controlArm, sent: 0, shown: 0, clicked: 0 }],
      resultsGoalSchema.parse({}),
      {
        computedAt: asOf,
        events: 1,
      },
    );
    const lines = campaignResultsCsv(results).trimEnd().split('\r\n');
    expect(lines[0]).toBe(resultsCsvHeader.join(','));
    const a = Object.fromEntries(resultsCsvHeader.map((name, i) => [name, lines[1]?.split(',')[i]]));
    expect(a).toMatchObject({ arm: 'A', visitors: '10', clicked: '4', revenue: '12.5', click_through: '0.5' });
    expect(Number(a.click_through_low)).toBeLessThan(0.5);
    expect(Number(a.click_through_high)).toBeGreaterThan(0.5);
    expect(lines[2]?.startsWith('control,10,0,0,0,1,3,3,15,3,,,,,0.3,')).toBe(true);
  });
});
