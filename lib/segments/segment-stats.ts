// Aggregates over a compiled segment condition (visitors v): its size and
// revenue share, the overlap of two or three segments, and RFM segment means.
// Revenue is RFM's monetary value (purchases up to the reference time), so a
// segment's revenue share and the RFM view's agree.

/** Members, all visitors, and their revenue in cents (rfm_scores must be current). */
export function segmentStatsSql(condition: string): string {
  return `SELECT
      CAST(count(*) FILTER (WHERE member) AS DOUBLE) AS members,
      CAST(count(*) AS DOUBLE) AS customers,
      CAST(coalesce(sum(s.monetary_cents) FILTER (WHERE member), 0) AS DOUBLE) AS member_cents,
      CAST(coalesce(sum(s.monetary_cents), 0) AS DOUBLE) AS total_cents
    FROM (SELECT v.customer, ${condition} AS member FROM visitors v) m
    LEFT JOIN rfm_scores s ON s.customer = m.customer`;
}

/** Visitors per membership combination: bit i of mask set = in segment i. Combinations with nobody are absent. */
export function segmentOverlapSql(conditions: readonly string[]): string {
  const mask = conditions.map((condition, i) => `(CASE WHEN ${condition} THEN ${2 ** i} ELSE 0 END)`).join(' + ');
  return `SELECT mask, CAST(count(*) AS DOUBLE) AS customers
    FROM (SELECT ${mask} AS mask FROM visitors v) GROUP BY mask ORDER BY mask`;
}

export const rfmSegmentMeansSql = `SELECT segment, CAST(count(*) AS DOUBLE) AS customers,
    avg(recency_days) AS recency_days, avg(frequency) AS frequency, avg(monetary_cents) / 100 AS monetary,
    avg(r) AS r, avg(f) AS f, avg(m) AS m
  FROM rfm_scores GROUP BY segment ORDER BY segment`;
