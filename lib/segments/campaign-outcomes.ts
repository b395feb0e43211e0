// A campaign's outcomes per arm in SQL, over the dataset tables
// (dataset-schema.ts) and a table of the campaign's recipients: the same
// statements in the server's native DuckDB and in the console's DuckDB-WASM.
//
// Attribution: every goal event (one per order id) goes to the latest touch
// before it whose window still holds, of any campaign: a click (click window)
// or, with view-through on, a notification shown (view window). A goal event
// is a conversion of this campaign only when that latest touch is this
// campaign's, so two campaigns touching one order count it once, for the later.
import type { Recipient, ResultsGoal } from '../contracts/campaign-results';
import { type IntentCutPoints, intentScoreTrait } from '../contracts/profile';
import { campaignIdProperty, notificationEventNames, revenueProperty } from '../contracts/event-names';
import { matchingEventsSql } from './compile-sql';
import { sqlInteger, sqlScalar, sqlString } from './sql-literal';

export const recipientsTable = 'campaign_recipients';

/** The control's arm number in the recipients table; variants are 0 (A) to 3 (D). */
export const controlArm = -1;

/** Statements that (re)fill the recipients table, at most `chunk` rows a statement. */
export function recipientsSql(recipients: readonly Recipient[], chunk = 1_000): string[] {
  const statements = [
    `CREATE OR REPLACE TEMP TABLE ${recipientsTable} (customer VARCHAR NOT NULL, arm INTEGER NOT NULL,
      anchor_at TIMESTAMP NOT NULL, sent BOOLEAN NOT NULL)`,
  ];
  for (let start = 0; start < recipients.length; start += chunk) {
    const values = recipients
      .slice(start, start + chunk)
      .map(
        (r) =>
          `(${sqlString(r.customer)}, ${sqlInteger(r.arm)}, epoch_ms(${sqlInteger(r.anchorAt)}), ${r.sent ? 'TRUE' : 'FALSE'})`,
      );
    statements.push(`INSERT INTO ${recipientsTable} VALUES ${values.join(', ')}`);
  }
  return statements;
}

export const days = (n: number) => `INTERVAL ${sqlInteger(n)} DAY`;

/** Another grouping beside the arm: a join onto the recipients `r` and the bucket it gives each. */
export interface OutcomeBucket {
  join: string;
  expr: string;
}

/** The bucket of a recipient's RFM segment in rfm_scores (scored as of the send time), or "No purchase yet". */
export const rfmBucket: OutcomeBucket = {
  join: 'LEFT JOIN rfm_scores rs ON rs.customer = r.customer',
  expr: `coalesce(rs.segment, 'No purchase yet')`,
};

/** The bucket of a recipient's intent tier from the latest intentScore trait at or before their send time. */
export function intentBucket(cuts: IntentCutPoints): OutcomeBucket {
  return {
    join: `LEFT JOIN (SELECT r2.customer, arg_max(t.num, (e.time, e.row_id)) AS score FROM ${recipientsTable} r2
      JOIN events e ON e.customer = r2.customer AND e.time <= r2.anchor_at
      JOIN event_traits t ON t.row_id = e.row_id AND t.key = ${sqlString(intentScoreTrait)} AND t.num IS NOT NULL
      GROUP BY r2.customer) isc ON isc.customer = r.customer`,
    expr: `CASE WHEN isc.score IS NULL THEN 'unknown' WHEN isc.score >= ${sqlScalar(cuts.high)} THEN 'high'
      WHEN isc.score >= ${sqlScalar(cuts.medium)} THEN 'medium' ELSE 'low' END`,
  };
}

/** The goal events (`e`) matching `where` too, one per order, with their revenue. */
export function goalRowsSql(goal: ResultsGoal, asOf: number, where: string): string {
  const goalWhere = matchingEventsSql(
    { kind: 'event', name: goal.event, where: goal.where, atLeast: 1 },
    { asOf, intent: { high: 1, medium: 1 }, intentFromFit: false },
  );
  return `SELECT e.row_id, e.customer, e.time, coalesce(e.amount, rv.num, 0) AS revenue FROM events e
    LEFT JOIN event_props rv ON rv.row_id = e.row_id AND rv.key = ${sqlString(revenueProperty)}
    WHERE ${goalWhere} AND ${where}
    -- An order tracked twice is one conversion.
    QUALIFY row_number() OVER (
      PARTITION BY e.customer, coalesce(e.order_id, CAST(e.row_id AS VARCHAR)) ORDER BY e.time, e.row_id) = 1`;
}

/** Customers with any event in [from, to): who the global holdout is compared over. */
export const activeCustomersSql = (from: number, to: number) =>
  `SELECT DISTINCT customer FROM events WHERE time >= epoch_ms(${sqlInteger(from)}) AND time < epoch_ms(${sqlInteger(to)})`;

/**
 * The global holdout against everyone else active in [from, to): two rows
 * (held = the customer is in the recipients table), visitors, converted
 * (a goal event in the period) and revenue.
 */
export function holdoutOutcomesSql(goal: ResultsGoal, from: number, to: number): string {
  const inPeriod = `e.time >= epoch_ms(${sqlInteger(from)}) AND e.time < epoch_ms(${sqlInteger(to)})`;
  return `WITH active AS (${activeCustomersSql(from, to)}),
  goals AS (${goalRowsSql(goal, to, inPeriod)}),
  per AS (SELECT customer, sum(revenue) AS revenue FROM goals GROUP BY customer)
  SELECT a.customer IN (SELECT customer FROM ${recipientsTable}) AS held,
    CAST(count(*) AS DOUBLE) AS visitors,
    CAST(count(per.customer) AS DOUBLE) AS converted,
    CAST(coalesce(sum(per.revenue), 0) AS DOUBLE) AS revenue
  FROM active a LEFT JOIN per ON per.customer = a.customer
  GROUP BY ALL`;
}

/**
 * The tables every outcome query reads: the recipients, this campaign's
 * notification events, every campaign's touches, the goal events (one per
 * order), each goal's latest touch, and the goal events within the click
 * window after each recipient's send time.
 */
function outcomeTables(campaignId: number, goal: ResultsGoal, asOf: number): string {
  const touchNames = [
    notificationEventNames.clicked,
    ...(goal.viewWindowDays > 0 ? [notificationEventNames.shown] : []),
  ];
  const clicked = sqlString(notificationEventNames.clicked);
  const ofRecipients = `e.customer IN (SELECT customer FROM ${recipientsTable})`;
  return `WITH r AS (SELECT * FROM ${recipientsTable}),
  ours_events AS (
    SELECT e.customer, e.event, e.time FROM events e
    JOIN event_props c ON c.row_id = e.row_id AND c.key = ${sqlString(campaignIdProperty)}
      AND c.num = ${sqlInteger(campaignId)}
    WHERE e.event IN (${Object.values(notificationEventNames).map(sqlString).join(', ')}) AND ${ofRecipients}),
  ours AS (SELECT DISTINCT customer, event FROM ours_events),
  touches AS (
    SELECT e.customer, e.time, e.row_id, c.num AS campaign_id, e.event = ${clicked} AS is_click,
      e.time + CASE WHEN e.event = ${clicked} THEN ${days(goal.clickWindowDays)}
        ELSE ${days(goal.viewWindowDays)} END AS until
    FROM events e JOIN event_props c ON c.row_id = e.row_id AND c.key = ${sqlString(campaignIdProperty)}
    WHERE e.event IN (${touchNames.map(sqlString).join(', ')}) AND ${ofRecipients}),
  goals AS (${goalRowsSql(goal, asOf, ofRecipients)}),
  attributed AS (
    SELECT g.row_id, g.customer, any_value(g.time) AS time, any_value(g.revenue) AS revenue,
      arg_max(t.campaign_id, (t.time, t.is_click, t.row_id)) AS campaign_id
    FROM goals g JOIN touches t ON t.customer = g.customer AND t.time <= g.time AND g.time <= t.until
    GROUP BY g.row_id, g.customer),
  won AS (
    SELECT customer, count(*) AS conversions, sum(revenue) AS revenue FROM attributed
    WHERE campaign_id = ${sqlInteger(campaignId)} GROUP BY customer),
  since_rows AS (
    SELECT r.customer, r.arm, g.time, g.revenue FROM r
    JOIN goals g ON g.customer = r.customer AND g.time > r.anchor_at
      AND g.time <= r.anchor_at + ${days(goal.clickWindowDays)}),
  since AS (SELECT customer, count(*) AS conversions, sum(revenue) AS revenue FROM since_rows GROUP BY customer)`;
}

/**
 * One row per arm (and per bucket, with one): visitors, sent, shown, clicked,
 * dismissed (visitors with this campaign's event), converted / conversions /
 * revenue (attributed), and converted_since_send / revenue_since_send (goal
 * events within the click window after the visitor's send time, whatever
 * touched them).
 */
export function campaignOutcomesSql(
  campaignId: number,
  goal: ResultsGoal,
  asOf: number,
  bucket?: OutcomeBucket,
): string {
  const clicked = sqlString(notificationEventNames.clicked);
  return `${outcomeTables(campaignId, goal, asOf)}
  SELECT r.arm, ${bucket ? `${bucket.expr} AS bucket` : 'NULL AS bucket'},
    CAST(count(*) AS DOUBLE) AS visitors,
    CAST(count(*) FILTER (WHERE r.sent) AS DOUBLE) AS sent,
    CAST(count(*) FILTER (WHERE r.customer IN (SELECT customer FROM ours WHERE event = ${sqlString(notificationEventNames.shown)})) AS DOUBLE) AS shown,
    CAST(count(*) FILTER (WHERE r.customer IN (SELECT customer FROM ours WHERE event = ${clicked})) AS DOUBLE) AS clicked,
    CAST(count(*) FILTER (WHERE r.customer IN (SELECT customer FROM ours WHERE event = ${sqlString(notificationEventNames.dismissed)})) AS DOUBLE) AS dismissed,
    CAST(count(won.customer) AS DOUBLE) AS converted,
    CAST(coalesce(sum(won.conversions), 0) AS DOUBLE) AS conversions,
    CAST(coalesce(sum(won.revenue), 0) AS DOUBLE) AS revenue,
    CAST(count(since.customer) AS DOUBLE) AS converted_since_send,
    CAST(coalesce(sum(since.conversions), 0) AS DOUBLE) AS conversions_since_send,
    CAST(coalesce(sum(since.revenue), 0) AS DOUBLE) AS revenue_since_send
  FROM r LEFT JOIN won ON won.customer = r.customer LEFT JOIN since ON since.customer = r.customer
  ${bucket?.join ?? ''}
  GROUP BY ALL ORDER BY r.arm${bucket ? ', bucket' : ''}`;
}

/**
 * One row per UTC day and arm: this campaign's notifications shown and
 * clicked that day (events), and the conversions and revenue of goal events
 * that day (a variant's attributed to it; the control's within the click
 * window after its send time).
 */
export function campaignDaysSql(campaignId: number, goal: ResultsGoal, asOf: number): string {
  const kind = (name: string) => sqlString(name);
  return `${outcomeTables(campaignId, goal, asOf)}
  SELECT strftime(happened_at, '%Y-%m-%d') AS day, arm,
    CAST(count(*) FILTER (WHERE kind = 'shown') AS DOUBLE) AS shown,
    CAST(count(*) FILTER (WHERE kind = 'clicked') AS DOUBLE) AS clicked,
    CAST(count(*) FILTER (WHERE kind = 'conversion') AS DOUBLE) AS conversions,
    CAST(coalesce(sum(revenue), 0) AS DOUBLE) AS revenue
  FROM (
    SELECT o.time AS happened_at, r.arm, CASE o.event WHEN ${kind(notificationEventNames.shown)} THEN 'shown'
      WHEN ${kind(notificationEventNames.clicked)} THEN 'clicked' ELSE 'other' END AS kind, 0 AS revenue
    FROM ours_events o JOIN r ON r.customer = o.customer
    UNION ALL
    SELECT a.time, r.arm, 'conversion', a.revenue FROM attributed a JOIN r ON r.customer = a.customer
    WHERE a.campaign_id = ${sqlInteger(campaignId)} AND r.arm <> ${sqlInteger(controlArm)}
    UNION ALL
    SELECT s.time, s.arm, 'conversion', s.revenue FROM since_rows s WHERE s.arm = ${sqlInteger(controlArm)})
  WHERE kind <> 'other'
  GROUP BY ALL ORDER BY day, arm`;
}
