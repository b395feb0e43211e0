// Two to five segments side by side on the figures a marketer compares, each
// later segment tested against the first: rates with the two-proportion
// z-test, means with Welch's (lib/results/mean-test.ts). The segments may
// share visitors; the tests treat them as independent samples, so an overlap
// makes them conservative (shared visitors pull the figures together).
import type { SegmentTotals } from '../contracts/analytics';
import { compareMeans, type Moments } from './mean-test';
import { compareProportions, type ProportionComparison } from './proportion-test';

export type KpiKey =
  | 'visitors'
  | 'sessionsPerVisitor'
  | 'orders'
  | 'averageOrderValue'
  | 'revenuePerVisitor'
  | 'conversionRate'
  | 'clickThrough';

export interface SegmentKpi {
  key: KpiKey;
  label: string;
  kind: 'count' | 'number' | 'money' | 'rate';
  /** One per segment, in order; null when there is nothing to divide by. */
  values: (number | null)[];
  /** Each segment against the first (null for the first, and for plain counts). */
  against: (ProportionComparison | null)[];
}

export interface SegmentComparison {
  segments: { name: string; visitors: number }[];
  kpis: SegmentKpi[];
  /** Sentences: which differences from the first segment are significant. */
  summary: string[];
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

interface KpiDefinition {
  key: KpiKey;
  label: string;
  kind: SegmentKpi['kind'];
  value: (t: SegmentTotals) => number | null;
  test?: (a: SegmentTotals, b: SegmentTotals) => ProportionComparison;
}

const moments = (n: number, sum: number, sumSquares: number): Moments => ({ n, sum, sumSquares });

const kpiDefinitions: KpiDefinition[] = [
  { key: 'visitors', label: 'Visitors', kind: 'count', value: (t) => t.visitors },
  {
    key: 'sessionsPerVisitor',
    label: 'Sessions per visitor',
    kind: 'number',
    value: (t) => ratio(t.sessions, t.visitors),
    test: (a, b) =>
      compareMeans(
        moments(a.visitors, a.sessions, a.sessionsSquares),
        moments(b.visitors, b.sessions, b.sessionsSquares),
      ),
  },
  { key: 'orders', label: 'Orders', kind: 'count', value: (t) => t.orders },
  {
    key: 'averageOrderValue',
    label: 'Average order value',
    kind: 'money',
    value: (t) => ratio(t.revenue, t.orders),
    // Per purchase event: an order tracked twice weighs twice here (rare; its value is the same).
    test: (a, b) =>
      compareMeans(
        moments(a.purchases, a.revenue, a.purchaseSquares),
        moments(b.purchases, b.revenue, b.purchaseSquares),
      ),
  },
  {
    key: 'revenuePerVisitor',
    label: 'Revenue per visitor',
    kind: 'money',
    value: (t) => ratio(t.revenue, t.visitors),
    test: (a, b) =>
      compareMeans(moments(a.visitors, a.revenue, a.revenueSquares), moments(b.visitors, b.revenue, b.revenueSquares)),
  },
  {
    key: 'conversionRate',
    label: 'Conversion rate (bought at least once)',
    kind: 'rate',
    value: (t) => ratio(t.buyers, t.visitors),
    test: (a, b) => compareProportions(a.buyers, a.visitors, b.buyers, b.visitors),
  },
  {
    key: 'clickThrough',
    label: 'Click-through of notifications received',
    kind: 'rate',
    value: (t) => ratio(t.clicks, t.shown),
    test: (a, b) => compareProportions(a.clicks, a.shown, b.clicks, b.shown),
  },
];

const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

export function segmentComparison(names: readonly string[], totals: readonly SegmentTotals[]): SegmentComparison {
  const [first] = totals;
  const kpis = kpiDefinitions.map((definition) => ({
    key: definition.key,
    label: definition.label,
    kind: definition.kind,
    values: totals.map(definition.value),
    against: totals.map((t, i) => (i === 0 || !first || !definition.test ? null : definition.test(t, first))),
  }));
  const summary: string[] = [];
  for (const kpi of kpis) {
    kpi.against.forEach((test, i) => {
      if (!test?.significant) return;
      summary.push(
        `${names[i]}'s ${kpi.label.toLowerCase()} is ${test.difference > 0 ? 'higher' : 'lower'} than ${names[0]}'s: significant (${pText(test.pValue)}).`,
      );
    });
  }
  const tests = kpis.flatMap((kpi) => kpi.against.filter((test) => test !== null));
  if (tests.length > 0 && summary.length === 0)
    summary.push(`No difference from ${names[0]} is significant at the 5% level.`);
  if (tests.length > 1) {
    summary.push(`${tests.length} comparisons: at the 5% level about one in twenty is significant by chance alone.`);
  }
  return {
    segments: totals.map((t, i) => ({ name: names[i] ?? `Segment ${i + 1}`, visitors: t.visitors })),
    kpis,
    summary,
  };
}
