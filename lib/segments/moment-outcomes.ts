// A moment rule's outcomes in SQL over the dataset tables, as a campaign's are
// (lib/segments/campaign-outcomes.ts): the same goal events, one per order,
// and the same statements in both engines.
import type { ResultsGoal } from '../contracts/campaign-results';
import { momentEventNames, momentRuleIdProperty, notificationEventNames } from '../contracts/event-names';
import { days, goalRowsSql } from './campaign-outcomes';
import { sqlInteger, sqlString } from './sql-literal';

/**
 * A moment rule's two groups: visitors it fired for and visitors its holdout
 * kept from it (each by their first decision for the rule), with decisions,
 * clicks on its notification, and goal events within the click window after
 * that first decision: the same "converted since" the campaign lift uses.
 */
export function momentOutcomesSql(ruleId: number, goal: ResultsGoal, asOf: number): string {
  const rule = `p.key = ${sqlString(momentRuleIdProperty)} AND p.num = ${sqlInteger(ruleId)}`;
  const decided = `e.customer IN (SELECT customer FROM firsts)`;
  return `WITH decisions AS (
      SELECT e.customer, e.time, e.event = ${sqlString(momentEventNames.heldOut)} AS held FROM events e
      JOIN event_props p ON p.row_id = e.row_id AND ${rule}
      WHERE e.event IN (${sqlString(momentEventNames.fired)}, ${sqlString(momentEventNames.heldOut)})
        AND e.time <= epoch_ms(${sqlInteger(asOf)})),
    firsts AS (
      SELECT customer, min(time) AS at, arg_min(held, time) AS held, count(*) AS decisions FROM decisions GROUP BY customer),
    clicked AS (
      SELECT DISTINCT e.customer FROM events e JOIN event_props p ON p.row_id = e.row_id AND ${rule}
      WHERE e.event = ${sqlString(notificationEventNames.clicked)} AND ${decided}),
    goals AS (${goalRowsSql(goal, asOf, decided)}),
    converted AS (
      SELECT f.customer, sum(g.revenue) AS revenue FROM firsts f
      JOIN goals g ON g.customer = f.customer AND g.time > f.at AND g.time <= f.at + ${days(goal.clickWindowDays)}
      GROUP BY f.customer)
    SELECT f.held,
      CAST(count(*) AS DOUBLE) AS visitors,
      CAST(sum(f.decisions) AS DOUBLE) AS decisions,
      CAST(count(c.customer) AS DOUBLE) AS clicked,
      CAST(count(v.customer) AS DOUBLE) AS converted,
      CAST(coalesce(sum(v.revenue), 0) AS DOUBLE) AS revenue
    FROM firsts f LEFT JOIN clicked c ON c.customer = f.customer LEFT JOIN converted v ON v.customer = f.customer
    GROUP BY f.held`;
}
