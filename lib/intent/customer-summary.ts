// Per-customer (x, t_x, T) for BG/NBD and mean spend for Gamma-Gamma, in
// DuckDB SQL over the engine's purchases table. Same-day purchases are one
// (FHL 2005 §5: CDNOW's "transactions" are days with a purchase), time is in
// weeks of 7 days, and the calibration period ends on `calibrationEnd` (a
// date, included). T counts whole days from the first purchase day to that
// date: a customer who first bought on 1997-01-01 has T = 272/7 = 38.86 weeks
// at 1997-09-30, as in the paper's data (lifetimes does the same with
// observation_period_end '1997-09-30').
import type { AnalyticsEngine } from '../analytics/engine';
import { datasetTables } from '../segments/dataset-schema';
import { sqlString } from '../segments/sql-literal';
import type { BgNbdCustomer } from './bgnbd';

export const daysPerWeek = 7;

/** A date YYYY-MM-DD, checked, as epoch ms at midnight UTC. */
export function parseCalibrationEnd(value: string): number {
  const time = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  if (!Number.isFinite(time) || new Date(time).toISOString().slice(0, 10) !== value) {
    throw new Error(`The calibration end must be a date (YYYY-MM-DD), got "${value}".`);
  }
  return time;
}

/**
 * One row per customer with a purchase on or before the calibration end:
 * customer, x (purchase days − 1), t_x and T in weeks, and mean_spend, the
 * mean amount of the repeat purchase days (the first excluded, as the
 * Gamma-Gamma model takes it; NULL without repeats).
 */
export function customerSummarySql(calibrationEnd: string): string {
  parseCalibrationEnd(calibrationEnd);
  const end = `CAST(${sqlString(calibrationEnd)} AS DATE)`;
  return `WITH days AS (
      SELECT customer_key, CAST(time AS DATE) AS day, sum(coalesce(amount, 0)) AS spend
      FROM ${datasetTables.purchases}
      WHERE CAST(time AS DATE) <= ${end}
      GROUP BY customer_key, CAST(time AS DATE)
    ), ranked AS (
      SELECT *, row_number() OVER (PARTITION BY customer_key ORDER BY day) AS nth FROM days
    ), summary AS (
      SELECT customer_key, CAST(count(*) - 1 AS INTEGER) AS x, min(day) AS first_day, max(day) AS last_day,
        avg(spend) FILTER (WHERE nth > 1) AS mean_spend
      FROM ranked GROUP BY customer_key
    )
    SELECT v.customer, s.customer_key,
      s.x,
      CAST(date_diff('day', s.first_day, s.last_day) AS DOUBLE) / ${daysPerWeek} AS t_x,
      CAST(date_diff('day', s.first_day, ${end}) AS DOUBLE) / ${daysPerWeek} AS t_cal,
      s.mean_spend
    FROM summary s JOIN ${datasetTables.visitors} v ON v.customer_key = s.customer_key
    ORDER BY v.customer`;
}

export interface CustomerSummary extends BgNbdCustomer {
  customer: string;
  /** The customer's row in the engine's visitors table (tables keyed by it join without strings). */
  customerKey: number;
  /** Mean spend per repeat purchase day; null without repeats. */
  meanSpend: number | null;
}

const num = (value: unknown) => (typeof value === 'number' ? value : Number(value));

/** The summaries of the engine's loaded purchases (any engine: in process or the worker's client). */
export async function customerSummaries(
  engine: Pick<AnalyticsEngine, 'query'>,
  calibrationEnd: string,
): Promise<CustomerSummary[]> {
  const { rows } = await engine.query({ sql: customerSummarySql(calibrationEnd) });
  return rows.map(customerSummaryRow);
}

/** One row of customerSummarySql as a summary. */
export function customerSummaryRow(row: Record<string, unknown>): CustomerSummary {
  return {
    customer: String(row.customer),
    customerKey: num(row.customer_key),
    x: num(row.x),
    tx: num(row.t_x),
    T: num(row.t_cal),
    meanSpend: row.mean_spend === null || row.mean_spend === undefined ? null : num(row.mean_spend),
  };
}

/** The day (YYYY-MM-DD, UTC) of an epoch-ms time. */
export const isoDay = (time: number) => new Date(time).toISOString().slice(0, 10);
