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
import { campaignIdProperty, notificationEventNames, revenueProperty } from '../contracts/event-names';
import { matchingEventsSql } from './compile-sql';
import { sqlInteger, sqlString } from './sql-literal';

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

const days = (n: number) => `INTERVAL ${sqlInteger(n)} DAY`;

/**
 * One row per arm: visitors, sent, shown, clicked, dismissed (visitors with
 * this campaign's event), converted / conversions / revenue (attributed), and
 * converted_since_send / revenue_since_send (goal events within the click
 * window after the visitor's send time, whatever touched them).
 */
export function campaignOutcomesSql(campaignId: number, goal: ResultsGoal, asOf: number): string {
  const goalWhere = matchingEventsSql(
    { kind: 'event', name: goal.event, where: goal.where, atLeast: 1 },
    { asOf, intent: { high: 1, medium: 1 }, intentFromFit: false },
  );
  const touchNames = [
    notificationEventNames.clicked,
    ...(goal.viewWindowDays > 0 ? [notificationEventNames.shown] : []),
  ];
  const clicked = sqlString(notificationEventNames.clicked);
  const ofRecipients = `e.customer IN (SELECT customer FROM ${recipientsTable})`;
  return `WITH r AS (SELECT * FROM ${recipientsTable}),
  ours AS (
    SELECT DISTINCT e.customer, e.event FROM events e
    JOIN event_props c ON c.row_id = e.row_id AND c.key = ${sqlString(campaignIdProperty)}
      AND c.num = ${sqlInteger(campaignId)}
    WHERE e.event IN (${Object.values(notificationEventNames).map(sqlString).join(', ')}) AND ${ofRecipients}),
  touches AS (
    SELECT e.customer, e.time, e.row_id, c.num AS campaign_id, e.event = ${clicked} AS is_click,
      e.time + CASE WHEN e.event = ${clicked} THEN ${days(goal.clickWindowDays)}
        ELSE ${days(goal.viewWindowDays)} END AS until
    FROM events e JOIN event_props c ON c.row_id = e.row_id AND c.key = ${sqlString(campaignIdProperty)}
    WHERE e.event IN (${touchNames.map(sqlString).join(', ')}) AND ${ofRecipients}),
  goals AS (
    SELECT e.row_id, e.customer, e.time, coalesce(e.amount, rv.num, 0) AS revenue FROM events e
    LEFT JOIN event_props rv ON rv.row_id = e.row_id AND rv.key = ${sqlString(revenueProperty)}
    WHERE ${goalWhere} AND ${ofRecipients}
    -- An order tracked twice is one conversion.
    QUALIFY row_number() OVER (
      PARTITION BY e.customer, coalesce(e.order_id, CAST(e.row_id AS VARCHAR)) ORDER BY e.time, e.row_id) = 1),
  attributed AS (
    SELECT g.row_id, g.customer, any_value(g.revenue) AS revenue,
      arg_max(t.campaign_id, (t.time, t.is_click, t.row_id)) AS campaign_id
    FROM goals g JOIN touches t ON t.customer = g.customer AND t.time <= g.time AND g.time <= t.until
    GROUP BY g.row_id, g.customer),
  won AS (
    SELECT customer, count(*) AS conversions, sum(revenue) AS revenue FROM attributed
    WHERE campaign_id = ${sqlInteger(campaignId)} GROUP BY customer),
  since AS (
    SELECT r.customer, count(*) AS conversions, sum(g.revenue) AS revenue FROM r
    JOIN goals g ON g.customer = r.customer AND g.time > r.anchor_at
      AND g.time <= r.anchor_at + ${days(goal.clickWindowDays)}
    GROUP BY r.customer)
  SELECT r.arm,
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
  GROUP BY r.arm ORDER BY r.arm`;
}
