// RFM in DuckDB SQL. Per customer: R = whole days from the last purchase to the
// reference time, F = purchases (distinct orders when orders are known), M =
// revenue in whole cents. Scores come from quintile cut points of the customer
// population, taken with quantile_disc (an actual value of the population, the
// lower one at a boundary), and a value's score counts the cut points it
// exceeds (lib/segments/rfm-score.ts) — the rule a device applies to the same
// published numbers. Ties therefore never split: with 64 % of buyers at one
// order, every one-order buyer gets the same F score (1) and the F scores in
// use skip some numbers, where NTILE would spread identical customers over
// several scores by an arbitrary order that no device could reproduce.
import type { RfmModel } from '../contracts/profile';
import { rfmSegmentGrid } from './rfm-map';
import { dayMs } from './rfm-score';
import { sqlInteger, sqlString } from './sql-literal';

export const defaultPurchaseEvent = 'Order Completed';

/** Midnight (UTC) after the last event: "today" for a dataset exported yesterday. */
export const defaultAsOfSql = `SELECT epoch_ms(date_trunc('day', max(time)) + INTERVAL 1 DAY) AS as_of FROM events`;

/** Whole cents rounded half up, the same arithmetic as toCents() in JS. */
const centsSql = 'CAST(floor(coalesce(amount, 0) * 100 + 0.5) AS BIGINT)';

export function rfmValuesSql(asOf: number, purchaseEvent: string): string {
  return `CREATE OR REPLACE TABLE rfm_scores AS
    SELECT customer,
      CAST(floor((${sqlInteger(asOf)} - epoch_ms(max(time))) / ${dayMs}) AS INTEGER) AS recency_days,
      CAST(count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL) AS INTEGER) AS frequency,
      CAST(sum(${centsSql}) AS DOUBLE) AS monetary_cents,
      CAST(NULL AS INTEGER) AS r, CAST(NULL AS INTEGER) AS f, CAST(NULL AS INTEGER) AS m,
      CAST(NULL AS VARCHAR) AS segment
    FROM events
    WHERE event = ${sqlString(purchaseEvent)} AND epoch_ms(time) <= ${sqlInteger(asOf)}
    GROUP BY customer`;
}

export const rfmCutPointsSql = `SELECT
    quantile_disc(recency_days, [0.2, 0.4, 0.6, 0.8]) AS recency_days,
    quantile_disc(frequency, [0.2, 0.4, 0.6, 0.8]) AS frequency,
    quantile_disc(monetary_cents, [0.2, 0.4, 0.6, 0.8]) AS monetary_cents
  FROM rfm_scores`;

const countAbove = (column: string, cuts: readonly number[]) =>
  cuts.map((cut) => `CAST(${column} > ${String(cut)} AS INTEGER)`).join(' + ') || '0';

/** Scores from the published cut points, then the segment from the grid. */
export function rfmScoreSql(model: RfmModel): string[] {
  const { recencyDays, frequency, monetaryCents } = model.cutPoints;
  for (const cut of [...recencyDays, ...frequency, ...monetaryCents]) {
    if (!Number.isFinite(cut)) throw new Error('RFM cut points must be finite numbers.');
  }
  const cells = model.segmentGrid.flatMap((row, r) =>
    row.map((segment, f) => `WHEN ${(r + 1) * 10 + f + 1} THEN ${sqlString(segment)}`),
  );
  return [
    `UPDATE rfm_scores SET
      r = 6 - (1 + ${countAbove('recency_days', recencyDays)}),
      f = 1 + ${countAbove('frequency', frequency)},
      m = 1 + ${countAbove('monetary_cents', monetaryCents)}`,
    `UPDATE rfm_scores SET segment = CASE r * 10 + f ${cells.join(' ')} END`,
  ];
}

export function rfmModel(asOf: number, cutPoints: RfmModel['cutPoints']): RfmModel {
  return { version: 1, asOf, cutPoints, segmentGrid: rfmSegmentGrid };
}

export const rfmSegmentCountsSql = `SELECT segment, CAST(count(*) AS DOUBLE) AS customers,
    sum(monetary_cents) / 100 AS revenue FROM rfm_scores GROUP BY segment`;

export const rfmGridSql = `SELECT r, f, CAST(count(*) AS DOUBLE) AS customers FROM rfm_scores GROUP BY r, f`;

export const rfmCustomersSql = `SELECT customer, recency_days AS recency, frequency, monetary_cents / 100 AS monetary,
    r, f, m, segment FROM rfm_scores ORDER BY customer`;
