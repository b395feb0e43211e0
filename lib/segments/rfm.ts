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
import { defaultPurchaseEventName, purchaseRowsSql } from './dataset-schema';
import { rfmSegmentGrid } from './rfm-map';
import { dayMs } from './rfm-score';
import { sqlInteger, sqlString } from './sql-literal';

export const defaultPurchaseEvent = defaultPurchaseEventName;

/** Midnight (UTC) after the last event: "today" for a dataset exported yesterday. */
export const defaultAsOf = (lastEventAt: number) => (Math.floor(lastEventAt / dayMs) + 1) * dayMs;

/** The default purchases have their own table (lib/segments/dataset-schema.ts); others are filtered from events. */
const purchasesFrom = (purchaseEvent: string) =>
  purchaseEvent === defaultPurchaseEventName ? 'purchases' : `(${purchaseRowsSql(purchaseEvent)})`;

/** Whole cents rounded half up, the same arithmetic as toCents() in JS. */
const centsSql = 'CAST(floor(coalesce(amount, 0) * 100 + 0.5) AS BIGINT)';

/** Per-customer values. `countOrders` is false when no purchase names an order: plain count(*), no DISTINCT. */
export function rfmValuesSql(asOf: number, purchaseEvent: string, countOrders: boolean): string {
  const frequency = countOrders ? 'count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL)' : 'count(*)';
  return `CREATE OR REPLACE TABLE rfm_values AS
    SELECT customer_key,
      CAST(floor((${sqlInteger(asOf)} - epoch_ms(max(time))) / ${dayMs}) AS INTEGER) AS recency_days,
      CAST(${frequency} AS INTEGER) AS frequency,
      CAST(sum(${centsSql}) AS DOUBLE) AS monetary_cents
    FROM ${purchasesFrom(purchaseEvent)}
    WHERE time <= epoch_ms(${sqlInteger(asOf)})
    GROUP BY customer_key`;
}

export const hasOrderIdsSql = (purchaseEvent: string) =>
  `SELECT count(*) > 0 AS has FROM (SELECT 1 FROM ${purchasesFrom(purchaseEvent)} WHERE order_id IS NOT NULL LIMIT 1)`;

export const rfmCutPointsSql = `SELECT
    quantile_disc(recency_days, [0.2, 0.4, 0.6, 0.8]) AS recency_days,
    quantile_disc(frequency, [0.2, 0.4, 0.6, 0.8]) AS frequency,
    quantile_disc(monetary_cents, [0.2, 0.4, 0.6, 0.8]) AS monetary_cents
  FROM rfm_values`;

const countAbove = (column: string, cuts: readonly number[]) =>
  cuts.map((cut) => `CAST(${column} > ${String(cut)} AS INTEGER)`).join(' + ') || '0';

/** Scores from the published cut points, and the segment from the grid, in one pass. */
export function rfmScoreSql(model: RfmModel): string {
  const { recencyDays, frequency, monetaryCents } = model.cutPoints;
  for (const cut of [...recencyDays, ...frequency, ...monetaryCents]) {
    if (!Number.isFinite(cut)) throw new Error('RFM cut points must be finite numbers.');
  }
  const cells = model.segmentGrid.flatMap((row, r) =>
    row.map((segment, f) => `WHEN ${(r + 1) * 10 + f + 1} THEN ${sqlString(segment)}`),
  );
  // A view: scoring 500k customers is cheaper on the fly than writing them out again.
  return `CREATE OR REPLACE VIEW rfm_scores AS
    SELECT *, CASE r * 10 + f ${cells.join(' ')} END AS segment
    FROM (SELECT v.customer, s.recency_days, s.frequency, s.monetary_cents,
            5 - (${countAbove('recency_days', recencyDays)}) AS r,
            1 + ${countAbove('frequency', frequency)} AS f,
            1 + ${countAbove('monetary_cents', monetaryCents)} AS m
          FROM rfm_values s JOIN visitors v ON v.customer_key = s.customer_key)`;
}

export function rfmModel(asOf: number, cutPoints: RfmModel['cutPoints']): RfmModel {
  return { version: 1, asOf, cutPoints, segmentGrid: rfmSegmentGrid };
}

/** Customers and revenue per R×F cell: the grid, and (the map being a function of R and F) the segments. */
export const rfmGridSql = `SELECT r, f, CAST(count(*) AS DOUBLE) AS customers, sum(monetary_cents) AS cents
  FROM rfm_scores GROUP BY r, f`;

export const rfmCustomersSql = `SELECT customer, recency_days AS recency, frequency, monetary_cents / 100 AS monetary,
    r, f, m, segment FROM rfm_scores ORDER BY customer`;
