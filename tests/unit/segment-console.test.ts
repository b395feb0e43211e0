// The engine calls behind the segment console, on the Node engine:
// size with revenue share, member pages, CSV export, overlap, RFM means. Each
// answer is checked against an independent path (segmentMembers, rfmCustomers).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { DuckDbEngine } from '@/lib/analytics/duckdb-engine';
import { createNodeEngine } from '@/lib/analytics/duckdb-node';
import { csvCell } from '@/lib/analytics/csv';
import type { SegmentTree } from '@/lib/contracts/segment';
import { parseCsv } from '../fixtures/csv-parse';
import { fuzzAsOf, fuzzDataset, hostileStrings } from '../fixtures/segment-fuzz';

let engine: DuckDbEngine;
const asOf = fuzzAsOf;
const events = [
  ...fuzzDataset(11, 80),
  ...fuzzDataset(12, 80).map((e) => ({ ...e, anonymousId: `${e.anonymousId}-b` })),
];

beforeAll(async () => {
  engine = await createNodeEngine();
  await engine.loadEvents({ events });
});
afterAll(() => engine.close());

const buyers: SegmentTree = { kind: 'rfmScore', r: [1, 5] };
const viewers: SegmentTree = { kind: 'event', name: 'Product Viewed', where: [], atLeast: 1 };
const mobile: SegmentTree = { kind: 'technographic', field: 'device', op: 'in', values: ['mobile'] };
const mixed: SegmentTree = { any: [{ all: [buyers, viewers] }, { not: mobile }] };

describe('segment console engine calls', () => {
  test('segmentStats: members as segmentMembers counts them, revenue as RFM sums it', async () => {
    const members = new Set(await engine.segmentMembers({ tree: mixed, asOf }));
    const stats = await engine.segmentStats({ tree: mixed, asOf });
    const rfm = await engine.rfmCustomers({ asOf });
    const revenueOf = (keep: (customer: string) => boolean) =>
      rfm.filter((row) => keep(row.customer)).reduce((sum, row) => sum + Math.round(row.monetary * 100), 0) / 100;
    expect(stats.members).toBe(members.size);
    expect(stats.members).toBeGreaterThan(0);
    expect(stats.customers).toBe((await engine.summary()).customers);
    expect(stats.memberRevenue).toBeCloseTo(
      revenueOf((c) => members.has(c)),
      6,
    );
    expect(stats.revenue).toBeCloseTo(
      revenueOf(() => true),
      6,
    );
  });

  test('segmentMemberPage: pages cover every member once, sorted, with the defining columns', async () => {
    const members = await engine.segmentMembers({ tree: mixed, asOf });
    const seen: string[] = [];
    for (let offset = 0; ; offset += 7) {
      const page = await engine.segmentMemberPage({ tree: mixed, asOf, offset, limit: 7 });
      expect(page.total).toBe(members.length);
      if (page.rows.length === 0) break;
      seen.push(...page.rows.map((row) => String(row[0])));
    }
    expect(seen).toEqual([...members].sort());
    const page = await engine.segmentMemberPage({ tree: mixed, asOf, offset: 0, limit: 1000 });
    expect(page.columns.map((c) => c.label)).toEqual([
      'Customer',
      'RFM segment',
      'R',
      'F',
      'M',
      'Days since last purchase',
      'Purchases',
      'Revenue',
      'Product Viewed (all time)',
      'Device',
    ]);
    // Sorted by purchases, most first: a failure in ORDER BY shows here.
    const byPurchases = await engine.segmentMemberPage({
      tree: mixed,
      asOf,
      offset: 0,
      limit: 1000,
      sort: { column: 6, descending: true },
    });
    const purchases = byPurchases.rows.map((row) => row[6]).filter((v): v is number => typeof v === 'number');
    expect(purchases).toEqual([...purchases].sort((a, b) => b - a));
    await expect(
      engine.segmentMemberPage({ tree: mixed, asOf, offset: 0, limit: 5, sort: { column: 99, descending: false } }),
    ).rejects.toThrow(/column 99/);
  });

  test('segmentCsv: every member (not one page), header first, hostile text round-trips', async () => {
    const tree: SegmentTree = { kind: 'trait', trait: 'nickname', compare: { op: 'exists' } };
    const hostileEvents = hostileStrings.map((value, i) => ({
      messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      type: 'identify' as const,
      properties: {},
      traits: { nickname: value },
      anonymousId: `=cmd|${i}`,
      userId: null,
      sessionId: null,
      timestamp: new Date(asOf - 1_000).toISOString(),
      context: {},
    }));
    const own = await createNodeEngine();
    try {
      await own.loadEvents({ events: hostileEvents });
      const { csv, rows } = await own.segmentCsv({ tree, asOf });
      expect(rows).toBe(hostileStrings.length);
      const parsed = parseCsv(await csv.text());
      expect(parsed[0]).toEqual(['Customer', 'Trait nickname']);
      expect(parsed).toHaveLength(hostileStrings.length + 1);
      const byCustomer = new Map(parsed.slice(1).map(([customer, nickname]) => [customer, nickname]));
      for (const [i, value] of hostileStrings.entries()) {
        // Formula-looking text (the ids here, '--') is defused with an apostrophe; the rest comes back exact.
        expect(byCustomer.get(`'=cmd|${i}`)).toBe(/^[=+\-@]/.test(value) ? `'${value}` : value);
      }
    } finally {
      await own.close();
    }
    const big = await engine.segmentCsv({ tree: { all: [] }, asOf });
    expect(big.rows).toBe((await engine.summary()).customers);
    expect(parseCsv(await big.csv.text())).toHaveLength(big.rows + 1);
  });

  test('csvCell quotes commas, quotes, line breaks and edge spaces', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell(' padded')).toBe('" padded"');
    expect(csvCell(null)).toBe('');
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell('-3')).toBe("'-3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
  });

  test('segmentOverlap: each region holds the visitors of exactly that combination', async () => {
    const trees = [buyers, viewers, mobile];
    const sets = await Promise.all(trees.map(async (tree) => new Set(await engine.segmentMembers({ tree, asOf }))));
    const everyone = await engine.segmentMembers({ tree: { all: [] }, asOf });
    const expected = new Map<number, number>();
    for (const customer of everyone) {
      const mask = sets.reduce((m, set, i) => m | (set.has(customer) ? 1 << i : 0), 0);
      expected.set(mask, (expected.get(mask) ?? 0) + 1);
    }
    const regions = await engine.segmentOverlap({ trees, asOf });
    expect(new Map(regions.map((r) => [r.mask, r.customers]))).toEqual(expected);
    await expect(engine.segmentOverlap({ trees: [buyers], asOf })).rejects.toThrow(/two or three/);
  });

  test('rfmSegmentMeans: customers and means per segment agree with rfmCustomers', async () => {
    const rows = await engine.rfmCustomers({ asOf });
    const means = await engine.rfmSegmentMeans({ asOf });
    for (const mean of means) {
      const inSegment = rows.filter((row) => row.segment === mean.segment);
      expect(mean.customers).toBe(inSegment.length);
      const avg = (pick: (row: (typeof rows)[number]) => number) =>
        inSegment.reduce((sum, row) => sum + pick(row), 0) / inSegment.length;
      expect(mean.recencyDays).toBeCloseTo(
        avg((row) => row.recency),
        6,
      );
      expect(mean.frequency).toBeCloseTo(
        avg((row) => row.frequency),
        6,
      );
      expect(mean.monetary).toBeCloseTo(
        avg((row) => row.monetary),
        6,
      );
      expect(mean.r).toBeCloseTo(
        avg((row) => row.r),
        6,
      );
    }
    expect(means.reduce((n, m) => n + m.customers, 0)).toBe(rows.length);
  });
});
