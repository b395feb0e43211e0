// Expected vs actual repeat purchases in the holdout period, grouped by the
// customers' repeat purchases in calibration (FHL 2005, Figure 4: "conditional
// expectations"). Purchases are counted in days, as in calibration.
import type { IntentHoldout, IntentHoldoutRow } from '../contracts/analytics';
import { datasetTables } from '../segments/dataset-schema';
import { sqlString } from '../segments/sql-literal';
import { expectedPurchases, type BgNbdParameters } from './bgnbd';
import { daysPerWeek, parseCalibrationEnd, type CustomerSummary } from './customer-summary';

/** The last group, "7 or more", as in the paper's figure. */
export const holdoutTopFrequency = 7;

/** Purchase days per customer key in (calibrationEnd, holdoutEnd]. */
export function holdoutPurchasesSql(calibrationEnd: string, holdoutEnd: string): string {
  parseCalibrationEnd(calibrationEnd);
  parseCalibrationEnd(holdoutEnd);
  const day = 'CAST(time AS DATE)';
  return `SELECT customer_key, CAST(count(DISTINCT ${day}) AS DOUBLE) AS purchases
    FROM ${datasetTables.purchases}
    WHERE ${day} > CAST(${sqlString(calibrationEnd)} AS DATE) AND ${day} <= CAST(${sqlString(holdoutEnd)} AS DATE)
    GROUP BY customer_key`;
}

export function holdoutComparison(
  parameters: BgNbdParameters,
  summaries: readonly CustomerSummary[],
  actualByKey: ReadonlyMap<number, number>,
  period: { calibrationEnd: string; end: string },
): IntentHoldout {
  const startTime = parseCalibrationEnd(period.calibrationEnd) + 86_400_000;
  const days = Math.round((parseCalibrationEnd(period.end) - startTime) / 86_400_000) + 1;
  const weeks = days / daysPerWeek;
  const groups = Array.from({ length: holdoutTopFrequency + 1 }, () => ({ customers: 0, actual: 0, expected: 0 }));
  for (const summary of summaries) {
    const group = groups[Math.min(summary.x, holdoutTopFrequency)];
    if (!group) continue;
    group.customers += 1;
    group.actual += actualByKey.get(summary.customerKey) ?? 0;
    group.expected += expectedPurchases(parameters, summary, weeks);
  }
  const rows: IntentHoldoutRow[] = groups.map((g, frequency) => ({
    frequency,
    customers: g.customers,
    actual: g.customers > 0 ? g.actual / g.customers : 0,
    expected: g.customers > 0 ? g.expected / g.customers : 0,
  }));
  return {
    start: new Date(startTime).toISOString().slice(0, 10),
    end: period.end,
    days,
    actualTotal: groups.reduce((n, g) => n + g.actual, 0),
    expectedTotal: groups.reduce((n, g) => n + g.expected, 0),
    rows,
  };
}
