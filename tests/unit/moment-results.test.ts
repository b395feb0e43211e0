// A moment rule's results (lib/segments/moment-outcomes.ts, lib/results/moment-results.ts):
// the visitors it fired for against those its holdout kept from it, from the
// devices' `Moment Fired` and `Moment Held Out` events, in both engines.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { AudienceEngine } from '@/lib/audience/audience-engine';
import { resultsGoalSchema } from '@/lib/contracts/campaign-results';
import type { KairosEvent } from '@/lib/contracts/event';
import { momentResults } from '@/lib/results/moment-results';
import { writeLakeFiles } from '../fixtures/lake-files';
import { trackEvent } from '../fixtures/track-event';

const hour = 3_600_000;
const day = 24 * hour;
const at = Date.UTC(2026, 10, 2, 9);
const asOf = Date.UTC(2026, 10, 30);
const rule = 4;
const decision = (who: string, name: 'Moment Fired' | 'Moment Held Out', when: number, ruleId = rule) =>
  trackEvent(who, name, when, { ruleId, ruleVersion: 1, trigger: 'search' });
const order = (who: string, when: number, id: string, revenue: number) =>
  trackEvent(who, 'Order Completed', when, { order_id: id, revenue });

const events: KairosEvent[] = [
  // Fired for: one clicked and bought (twice fired), one bought before the moment, one did nothing.
  decision('fired-buyer', 'Moment Fired', at),
  decision('fired-buyer', 'Moment Fired', at + hour),
  trackEvent('fired-buyer', 'Notification Clicked', at + 60_000, { ruleId: rule, action: 'default' }),
  order('fired-buyer', at + 2 * hour, 'f-1', 40),
  decision('fired-early', 'Moment Fired', at),
  order('fired-early', at - hour, 'f-0', 15),
  decision('fired-idle', 'Moment Fired', at),
  // Held out: one bought within the window, one after it.
  decision('held-buyer', 'Moment Held Out', at),
  order('held-buyer', at + day, 'h-1', 25),
  decision('held-late', 'Moment Held Out', at),
  order('held-late', at + 9 * day, 'h-2', 99),
  // Another rule's decisions and clicks: not this rule's.
  decision('other', 'Moment Fired', at, 5),
  trackEvent('other', 'Notification Clicked', at + 60_000, { ruleId: 5 }),
  order('other', at + hour, 'o-1', 500),
];

describe('moment results', () => {
  let lakeDir: string;
  let engine: AudienceEngine;
  beforeAll(async () => {
    lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-moment-results-'));
    engine = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    await engine.refresh(lakeDir, writeLakeFiles(lakeDir, events));
  });
  afterAll(async () => {
    await engine.close();
    rmSync(lakeDir, { recursive: true, force: true });
  });

  // Injected failures: another rule's events counted; an order before the moment counted; one after
  // the window counted; a visitor fired for twice counted twice among visitors.
  it('counts each group’s visitors, clicks and conversions after their first decision', async () => {
    const goal = resultsGoalSchema.parse({});
    const outcomes = await engine.momentOutcomes({ ruleId: rule, goal, asOf });
    expect(outcomes).toEqual({
      fired: { visitors: 3, decisions: 4, clicked: 1, converted: 1, revenue: 40 },
      heldOut: { visitors: 2, decisions: 2, clicked: 0, converted: 1, revenue: 25 },
    });
    const results = momentResults(rule, outcomes, goal, asOf);
    expect(results.fired.conversion?.rate).toBeCloseTo(1 / 3, 12);
    expect(results.heldOut.conversion?.rate).toBe(0.5);
    expect(results.heldOut.clickThrough).toBeNull();
    expect(results.lift?.difference).toBeCloseTo(1 / 3 - 1 / 2, 12);
    expect(results.summary.join(' ')).toMatch(/not significant/);

    const browser = await createNodeEngine();
    try {
      await browser.loadEvents({ events });
      expect(await browser.momentOutcomes({ ruleId: rule, goal, asOf })).toEqual(outcomes);
    } finally {
      await browser.close();
    }
  });

  it('says why there is no lift: nobody decided yet, or nobody held out', () => {
    const goal = resultsGoalSchema.parse({});
    const none = { visitors: 0, decisions: 0, clicked: 0, converted: 0, revenue: 0 };
    expect(momentResults(rule, { fired: none, heldOut: none }, goal, asOf).summary).toEqual([
      'No device has decided this moment yet.',
    ]);
    const fired = { ...none, visitors: 10, decisions: 10, clicked: 2 };
    const results = momentResults(rule, { fired, heldOut: none }, goal, asOf);
    expect(results.lift).toBeNull();
    expect(results.summary[0]).toMatch(/Nobody was held out yet/);
  });
});
