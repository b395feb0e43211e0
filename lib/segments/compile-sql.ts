// A segment tree as a DuckDB SQL condition over the visitors table (alias v),
// for the console's counts over every visitor. Semantics match
// lib/segments/predicate.ts; every value goes through lib/segments/sql-literal.ts.
// Each condition is TRUE or FALSE, never NULL, so `not` is plain negation.
import type { IntentCutPoints } from '../contracts/profile';
import { type Comparison, type SegmentCondition, type SegmentTree } from '../contracts/segment';
import { campaignIdProperty, notificationEventNames } from '../contracts/event-names';
import { intentScoresTable } from './intent-score';
import { dayMs } from './rfm-score';
import { sqlInteger, sqlScalar, sqlString } from './sql-literal';

export interface SqlSegmentContext {
  /** Reference time, epoch ms: event windows end here. */
  asOf: number;
  intent: IntentCutPoints;
  /** Test the fit's expected purchases (intent_scores) instead of the intentScore trait. */
  intentFromFit?: boolean;
}

/** SELECT of the members' customer ids. */
export function compileSegmentQuery(tree: SegmentTree, context: SqlSegmentContext): string {
  return `SELECT v.customer FROM visitors v WHERE ${compileSegmentSql(tree, context)}`;
}

export function compileSegmentSql(tree: SegmentTree, context: SqlSegmentContext): string {
  if ('all' in tree) {
    return tree.all.length === 0 ? 'TRUE' : `(${tree.all.map((t) => compileSegmentSql(t, context)).join(' AND ')})`;
  }
  if ('any' in tree) {
    return tree.any.length === 0 ? 'FALSE' : `(${tree.any.map((t) => compileSegmentSql(t, context)).join(' OR ')})`;
  }
  if ('not' in tree) return `(NOT ${compileSegmentSql(tree.not, context)})`;
  return conditionSql(tree, context);
}

/** A typed value test on a long-form scalar row (columns text, num, bool). */
function valueTest(comparison: Comparison, alias: string): string {
  const typed = (value: string | number | boolean) =>
    `${alias}.${typeof value === 'string' ? 'text' : typeof value === 'number' ? 'num' : 'bool'} = ${sqlScalar(value)}`;
  switch (comparison.op) {
    case 'eq':
    case 'neq':
      return typed(comparison.value);
    case 'in':
      return `(${comparison.value.map(typed).join(' OR ')})`;
    case 'gt':
      return `${alias}.num > ${sqlScalar(comparison.value)}`;
    case 'gte':
      return `${alias}.num >= ${sqlScalar(comparison.value)}`;
    case 'lt':
      return `${alias}.num < ${sqlScalar(comparison.value)}`;
    case 'lte':
      return `${alias}.num <= ${sqlScalar(comparison.value)}`;
    case 'contains':
      return `contains(${alias}.text, ${sqlString(comparison.value)})`;
    case 'startsWith':
      return `starts_with(${alias}.text, ${sqlString(comparison.value)})`;
    case 'exists':
    case 'notExists':
      return 'TRUE';
  }
}

/**
 * `id` has (or, for neq and notExists, lacks) a row of `table` with this key
 * passing the test. Ids are never NULL, so NOT IN is safe here.
 */
function comparisonSql(id: string, table: string, idColumn: string, key: string, comparison: Comparison): string {
  const negated = comparison.op === 'neq' || comparison.op === 'notExists';
  const subquery = `SELECT s.${idColumn} FROM ${table} s WHERE s.key = ${sqlString(key)} AND ${valueTest(comparison, 's')}`;
  return `(${id} ${negated ? 'NOT IN' : 'IN'} (${subquery}))`;
}

function windowSql(asOf: number, withinDays: number | undefined): string {
  // Constant bounds (epoch_ms of a literal folds once), not a function of every row.
  const end = `e.time <= epoch_ms(${sqlInteger(asOf)})`;
  return withinDays === undefined ? end : `${end} AND e.time > epoch_ms(${sqlInteger(asOf - withinDays * dayMs)})`;
}

type EventCondition = Extract<SegmentCondition, { kind: 'event' | 'campaign' }>;

/**
 * The events (alias e) an event or campaign condition counts: name, window and
 * property filters. The members table counts them per visitor with the same SQL.
 */
export function matchingEventsSql(condition: EventCondition, context: SqlSegmentContext): string {
  if (condition.kind === 'event') {
    const filters = condition.where.map((filter) =>
      comparisonSql('e.row_id', 'event_props', 'row_id', filter.property, filter.compare),
    );
    return [`e.event = ${sqlString(condition.name)}`, windowSql(context.asOf, condition.withinDays), ...filters].join(
      ' AND ',
    );
  }
  const name = condition.engagement === 'clicked' ? notificationEventNames.clicked : notificationEventNames.shown;
  const where = [`e.event = ${sqlString(name)}`, windowSql(context.asOf, condition.withinDays)];
  if (condition.campaignId !== undefined) {
    where.push(
      comparisonSql('e.row_id', 'event_props', 'row_id', campaignIdProperty, { op: 'eq', value: condition.campaignId }),
    );
  }
  return where.join(' AND ');
}

function conditionSql(condition: SegmentCondition, context: SqlSegmentContext): string {
  switch (condition.kind) {
    case 'trait':
      return comparisonSql('v.customer', 'visitor_traits', 'customer', condition.trait, condition.compare);
    case 'event':
      return `(v.customer IN (SELECT e.customer FROM events e WHERE ${matchingEventsSql(condition, context)}
        GROUP BY e.customer HAVING count(*) >= ${sqlInteger(condition.atLeast)}))`;
    case 'rfmSegment':
      return `(v.customer IN (SELECT customer FROM rfm_scores WHERE segment IN (${condition.segments.map(sqlString).join(', ')})))`;
    case 'rfmScore': {
      const ranges = (['r', 'f', 'm'] as const).flatMap((axis) => {
        const range = condition[axis];
        return range ? [`${axis} BETWEEN ${sqlInteger(range[0])} AND ${sqlInteger(range[1])}`] : [];
      });
      return `(v.customer IN (SELECT customer FROM rfm_scores WHERE ${['TRUE', ...ranges].join(' AND ')}))`;
    }
    case 'intent': {
      const { high, medium } = context.intent;
      const score = context.intentFromFit ? 's.expected_purchases' : 'v.intent_score';
      const tiers = condition.tiers.map((tier) =>
        tier === 'high'
          ? `${score} >= ${sqlScalar(high)}`
          : tier === 'medium'
            ? `(${score} >= ${sqlScalar(medium)} AND ${score} < ${sqlScalar(high)})`
            : `${score} < ${sqlScalar(medium)}`,
      );
      if (context.intentFromFit) {
        return `(v.customer_key IN (SELECT s.customer_key FROM ${intentScoresTable} s WHERE ${tiers.join(' OR ')}))`;
      }
      return `coalesce(${tiers.join(' OR ')}, FALSE)`;
    }
    case 'campaign': {
      const subquery = `SELECT e.customer FROM events e WHERE ${matchingEventsSql(condition, context)}`;
      return `(v.customer ${condition.engagement === 'none' ? 'NOT IN' : 'IN'} (${subquery}))`;
    }
    case 'technographic': {
      const column = `v.${condition.field}`;
      const list = condition.values.map(sqlString).join(', ');
      if (condition.op === 'in') return `coalesce(${column} IN (${list}), FALSE)`;
      if (condition.op === 'notIn') return `coalesce(${column} NOT IN (${list}), TRUE)`;
      return `coalesce(${condition.values.map((prefix) => `starts_with(${column}, ${sqlString(prefix)})`).join(' OR ')}, FALSE)`;
    }
    case 'geo': {
      // v.country, v.region, v.city: the latest place, as one (lib/segments/dataset-schema.ts).
      const column = `v.${condition.field}`;
      const list = condition.values.map(sqlString).join(', ');
      return condition.op === 'in'
        ? `coalesce(${column} IN (${list}), FALSE)`
        : `coalesce(${column} NOT IN (${list}), TRUE)`;
    }
  }
}
