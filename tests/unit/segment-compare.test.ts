// Segments compared and two measures correlated (lib/segments/segment-compare.ts,
// lib/results/segment-comparison.ts): the per-customer measures from known
// events, the same figures in both engines, and the statistics.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import type { KairosEvent } from '@/lib/contracts/event';
import type { SegmentTree } from '@/lib/contracts/segment';
import { compareMeans } from '@/lib/results/mean-test';
import { segmentComparison } from '@/lib/results/segment-comparison';
import { trackEvent } from '../fixtures/track-event';

const minute = 60_000;
const start = Date.UTC(2026, 10, 2, 9);
const asOf = Date.UTC(2026, 10, 30);
const tier = (value: string): SegmentTree => ({ kind: 'trait', trait: 'tier', compare: { op: 'eq', value } });
const withTier = (who: string, value: string, at: number): KairosEvent => ({
  ...trackEvent(who, 'Page Viewed', at),
  traits: { tier: value },
});
const order = (who: string, at: number, id: string, revenue: number) =>
  trackEvent(who, 'Order Completed', at, { order_id: id, revenue });

// Tier a: "keen" has 2 sessions (a 40-minute gap), two orders (one tracked twice) and clicked one of two
// notifications; "browser" has 1 session and nothing else. Tier b: "one-off" has 1 session and one order.
const keenSecondOrder = order('keen', start + 55 * minute, 'k-2', 30);
const events: KairosEvent[] = [
  withTier('keen', 'a', start),
  trackEvent('keen', 'Notification Shown', start + 5 * minute, { campaignId: 1 }),
  trackEvent('keen', 'Notification Clicked', start + 6 * minute, { campaignId: 1 }),
  order('keen', start + 10 * minute, 'k-1', 20),
  trackEvent('keen', 'Notification Shown', start + 50 * minute, { campaignId: 2 }),
  keenSecondOrder,
  { ...keenSecondOrder, messageId: crypto.randomUUID() },
  withTier('browser', 'a', start),
  withTier('one-off', 'b', start),
  order('one-off', start + minute, 'o-1', 100),
];

describe('segments compared', () => {
  let engine: DuckDbEngine;
  beforeAll(async () => {
    engine = await createNodeEngine();
    await engine.loadEvents({ events });
  });
  afterAll(() => engine.close());

  // Injected failures: a session per event (no 30-minute rule); an order tracked twice counted twice;
  // a non-member's figures in a segment; click-through over sent rather than shown.
  it('sums each segment’s sessions, orders, revenue and notifications from its members’ events', async () => {
    const totals = await engine.segmentComparison({ trees: [tier('a'), tier('b')], asOf });
    expect(totals).toEqual([
      {
        visitors: 2,
        sessions: 3,
        sessionsSquares: 5,
        orders: 2,
        buyers: 1,
        revenue: 80,
        revenueSquares: 6_400,
        purchases: 3,
        purchaseSquares: 400 + 900 + 900,
        shown: 2,
        clicks: 1,
      },
      {
        visitors: 1,
        sessions: 1,
        sessionsSquares: 1,
        orders: 1,
        buyers: 1,
        revenue: 100,
        revenueSquares: 10_000,
        purchases: 1,
        purchaseSquares: 10_000,
        shown: 0,
        clicks: 0,
      },
    ]);
    const comparison = segmentComparison(['Tier a', 'Tier b'], totals);
    const value = (key: string) => comparison.kpis.find((kpi) => kpi.key === key)?.values;
    expect(value('sessionsPerVisitor')).toEqual([1.5, 1]);
    expect(value('averageOrderValue')).toEqual([40, 100]);
    expect(value('revenuePerVisitor')).toEqual([40, 100]);
    expect(value('conversionRate')).toEqual([0.5, 1]);
    expect(value('clickThrough')).toEqual([0.5, null]);
    expect(comparison.kpis.every((kpi) => kpi.against[0] === null)).toBe(true);
  });

  it('refuses one segment or more than five', async () => {
    await expect(engine.segmentComparison({ trees: [tier('a')], asOf })).rejects.toThrow(
      'Compare two to five segments.',
    );
  });

  // Injected failures: min ranks for ties (Spearman off); the grid losing customers; a measure name
  // passed into the SQL unchecked.
  it('correlates two measures per customer, with a density grid that holds every customer', async () => {
    const correlation = await engine.measureCorrelation({ x: 'sessions', y: 'orders', asOf, bins: 8 });
    // (sessions, orders): keen (2, 2), browser (1, 0), one-off (1, 1).
    const xs = [2, 1, 1];
    const ys = [2, 0, 1];
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cov = xs.reduce((sum, x, i) => sum + (x - mx) * (ys[i]! - my), 0);
    const sx = Math.sqrt(xs.reduce((sum, x) => sum + (x - mx) ** 2, 0));
    const sy = Math.sqrt(ys.reduce((sum, y) => sum + (y - my) ** 2, 0));
    expect(correlation.customers).toBe(3);
    expect(correlation.pearson).toBeCloseTo(cov / (sx * sy), 10);
    // Average ranks: sessions (3, 1.5, 1.5), orders (3, 1, 2).
    expect(correlation.spearman).toBeCloseTo(0.8660254, 6);
    expect(correlation.cells.reduce((sum, cell) => sum + cell.customers, 0)).toBe(3);
    const keen = correlation.cells.find((cell) => cell.xLow <= 2 && 2 < cell.xHigh + 1e-9 && cell.yLow <= 2);
    expect(keen?.customers).toBeGreaterThanOrEqual(1);
    await expect(
      engine.measureCorrelation({ x: 'sessions; DROP TABLE events' as 'sessions', y: 'orders', asOf }),
    ).rejects.toThrow(/Measures are/);
  });

  it('gives the same totals in the server’s native DuckDB', async () => {
    const { AudienceEngine } = await import('@/lib/audience/audience-engine');
    const { writeLakeFiles } = await import('../fixtures/lake-files');
    const lakeDir = mkdtempSync(path.join(tmpdir(), 'kairos-compare-'));
    const native = await AudienceEngine.open({ path: ':memory:', memoryLimit: '256MB', threads: 1 });
    try {
      await native.refresh(lakeDir, writeLakeFiles(lakeDir, events));
      const params = { trees: [tier('a'), tier('b')], asOf };
      expect(await native.segmentComparison(params)).toEqual(await engine.segmentComparison(params));
    } finally {
      await native.close();
      rmSync(lakeDir, { recursive: true, force: true });
    }
  });
});

describe('the difference of two means', () => {
  // Worked by hand: a = 1…5 (mean 3, variance 2.5), b = 2, 4, …, 10 (mean 6, variance 10);
  // se = √(2.5/5 + 10/5) = 1.5811; z = −3/1.5811 = −1.8974; p = 2(1 − Φ(1.8974)) = 0.0578.
  it('matches a hand-worked Welch statistic, and says a constant difference of nothing is not significant', () => {
    const result = compareMeans({ n: 5, sum: 15, sumSquares: 55 }, { n: 5, sum: 30, sumSquares: 220 });
    expect(result.difference).toBe(-3);
    expect(result.z).toBeCloseTo(-1.8974, 4);
    expect(result.pValue).toBeCloseTo(0.0578, 4);
    expect(result.significant).toBe(false);
    expect(result.low).toBeCloseTo(-3 - 1.959964 * 1.5811388, 5);
    expect(compareMeans({ n: 3, sum: 3, sumSquares: 3 }, { n: 3, sum: 3, sumSquares: 3 }).significant).toBe(false);
  });
});
