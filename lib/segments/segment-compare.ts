// Segments side by side, and two behavioural measures against each other, in
// SQL over the dataset tables (lib/segments/dataset-schema.ts): the same
// statements in the console's DuckDB-WASM and the server's native DuckDB.
//
// Per customer: sessions (runs of events with no gap over 30 minutes, the
// common web analytics rule), events, orders (distinct order ids; a purchase
// without one counts alone), revenue (the purchases' amounts), and the
// notifications shown and clicked. A segment's row has the sums and sums of
// squares the tests need (lib/results/mean-test.ts).
import { notificationEventNames } from '../contracts/event-names';
import { sqlInteger, sqlString } from './sql-literal';

export const sessionGapMinutes = 30;

export const customerMeasures = ['sessions', 'events', 'orders', 'revenue', 'clicks'] as const;
export type CustomerMeasure = (typeof customerMeasures)[number];
export const isCustomerMeasure = (name: string): name is CustomerMeasure =>
  (customerMeasures as readonly string[]).includes(name);

/** One row per visitor (`customer`) with every measure, events up to `asOf`. */
export function customerMeasuresSql(asOf: number): string {
  const until = `epoch_ms(${sqlInteger(asOf)})`;
  return `WITH gaps AS (
      SELECT customer, event,
        coalesce(time - lag(time) OVER (PARTITION BY customer ORDER BY time, row_id) > INTERVAL ${sqlInteger(sessionGapMinutes)} MINUTE, TRUE) AS starts
      FROM events WHERE time <= ${until}),
    activity AS (
      SELECT customer, count(*) FILTER (WHERE starts) AS sessions, count(*) AS events,
        count(*) FILTER (WHERE event = ${sqlString(notificationEventNames.shown)}) AS shown,
        count(*) FILTER (WHERE event = ${sqlString(notificationEventNames.clicked)}) AS clicks
      FROM gaps GROUP BY customer),
    bought AS (
      SELECT v.customer, count(DISTINCT p.order_id) + count(*) FILTER (WHERE p.order_id IS NULL) AS orders,
        sum(coalesce(p.amount, 0)) AS revenue, sum(coalesce(p.amount, 0) * coalesce(p.amount, 0)) AS revenue_squares_per_purchase,
        count(*) AS purchases
      FROM purchases p JOIN visitors v ON v.customer_key = p.customer_key WHERE p.time <= ${until} GROUP BY v.customer)
    SELECT v.customer,
      CAST(coalesce(a.sessions, 0) AS DOUBLE) AS sessions, CAST(coalesce(a.events, 0) AS DOUBLE) AS events,
      CAST(coalesce(b.orders, 0) AS DOUBLE) AS orders, CAST(coalesce(b.revenue, 0) AS DOUBLE) AS revenue,
      CAST(coalesce(b.purchases, 0) AS DOUBLE) AS purchases,
      CAST(coalesce(b.revenue_squares_per_purchase, 0) AS DOUBLE) AS purchase_squares,
      CAST(coalesce(a.shown, 0) AS DOUBLE) AS shown, CAST(coalesce(a.clicks, 0) AS DOUBLE) AS clicks
    FROM visitors v LEFT JOIN activity a ON a.customer = v.customer LEFT JOIN bought b ON b.customer = v.customer`;
}

/** One row per segment (its index), over the members of each compiled condition. */
export function segmentComparisonSql(conditions: readonly string[], asOf: number): string {
  const per = conditions.map(
    (condition, i) => `SELECT ${sqlInteger(i)} AS segment,
      CAST(count(*) AS DOUBLE) AS visitors,
      sum(m.sessions) AS sessions, sum(m.sessions * m.sessions) AS sessions_squares,
      sum(m.orders) AS orders, CAST(count(*) FILTER (WHERE m.orders > 0) AS DOUBLE) AS buyers,
      sum(m.revenue) AS revenue, sum(m.revenue * m.revenue) AS revenue_squares,
      sum(m.purchases) AS purchases, sum(m.purchase_squares) AS purchase_squares,
      sum(m.shown) AS shown, sum(m.clicks) AS clicks
    FROM visitors v JOIN measures m ON m.customer = v.customer WHERE ${condition}`,
  );
  return `WITH measures AS (${customerMeasuresSql(asOf)}) ${per.join(' UNION ALL ')} ORDER BY segment`;
}

/**
 * Two measures over every visitor (or a segment's members): Pearson's and
 * Spearman's correlation, and counts in a grid of `bins` × `bins` cells on
 * log10(1 + value) scales, so the long tails stay readable.
 */
export function measureCorrelationSql(
  x: CustomerMeasure,
  y: CustomerMeasure,
  asOf: number,
  condition: string,
  bins: number,
): string {
  const scaled = (column: string) => `log10(1 + greatest(${column}, 0))`;
  const bin = (column: string, top: string) =>
    `least(${sqlInteger(bins - 1)}, CAST(floor(${scaled(column)} / nullif(${top}, 0) * ${sqlInteger(bins)}) AS INTEGER))`;
  return `WITH pairs AS (
      SELECT m.${x} AS x, m.${y} AS y FROM visitors v JOIN (${customerMeasuresSql(asOf)}) m ON m.customer = v.customer
      WHERE ${condition}),
    tops AS (SELECT max(${scaled('x')}) AS tx, max(${scaled('y')}) AS ty FROM pairs),
    summary AS (SELECT CAST(count(*) AS DOUBLE) AS n, corr(x, y) AS pearson,
      corr(rx, ry) AS spearman FROM (
        -- Tied values share their average rank (most customers have 0 orders).
        SELECT x, y, rank() OVER (ORDER BY x) + (count(*) OVER (PARTITION BY x) - 1) / 2.0 AS rx,
          rank() OVER (ORDER BY y) + (count(*) OVER (PARTITION BY y) - 1) / 2.0 AS ry FROM pairs))
    SELECT s.n, s.pearson, s.spearman, t.tx, t.ty,
      list({'bx': cell.bx, 'by': cell.by, 'count': cell.count} ORDER BY cell.bx, cell.by) AS cells
    FROM summary s, tops t,
      (SELECT coalesce(${bin('x', '(SELECT tx FROM tops)')}, 0) AS bx, coalesce(${bin('y', '(SELECT ty FROM tops)')}, 0) AS by,
         CAST(count(*) AS DOUBLE) AS count
       FROM pairs GROUP BY ALL) cell
    GROUP BY s.n, s.pearson, s.spearman, t.tx, t.ty`;
}
