// The columns of a segment's members table: the customer, then one column per
// thing the segment is defined by (a trait's value, the count of the events a
// condition counts, the RFM scores, the intent score, a technographic), so a
// marketer sees why each member is in. Labels carry visitor-sent names (event
// names, trait keys): they are data, never SQL — the SQL uses positional aliases.
import type { MemberColumn } from '../contracts/analytics';
import type { SegmentCondition, SegmentTree } from '../contracts/segment';
import { matchingEventsSql, type SqlSegmentContext } from './compile-sql';
import { sqlString } from './sql-literal';

export interface MemberColumnSql extends MemberColumn {
  /** A select expression over visitors v (and rfm_scores s, joined on the customer). */
  sql: string;
}

const rfmColumns: MemberColumnSql[] = [
  { label: 'RFM segment', type: 'text', sql: 's.segment' },
  { label: 'R', type: 'number', sql: 's.r' },
  { label: 'F', type: 'number', sql: 's.f' },
  { label: 'M', type: 'number', sql: 's.m' },
  { label: 'Days since last purchase', type: 'number', sql: 's.recency_days' },
  { label: 'Purchases', type: 'number', sql: 's.frequency' },
  { label: 'Revenue', type: 'money', sql: 's.monetary_cents / 100' },
];

function conditions(tree: SegmentTree): SegmentCondition[] {
  if ('all' in tree) return tree.all.flatMap(conditions);
  if ('any' in tree) return tree.any.flatMap(conditions);
  if ('not' in tree) return conditions(tree.not);
  return [tree];
}

const windowLabel = (withinDays: number | undefined) =>
  withinDays === undefined ? 'all time' : `last ${withinDays} d`;

function columnsOf(condition: SegmentCondition, context: SqlSegmentContext): MemberColumnSql[] {
  const countOf = (where: string) =>
    `(SELECT CAST(count(*) AS DOUBLE) FROM events e WHERE e.customer = v.customer AND ${where})`;
  switch (condition.kind) {
    case 'trait':
      return [
        {
          label: `Trait ${condition.trait}`,
          type: 'text',
          sql: `(SELECT coalesce(t.text, CAST(t.num AS VARCHAR), CAST(t.bool AS VARCHAR)) FROM visitor_traits t
            WHERE t.customer = v.customer AND t.key = ${sqlString(condition.trait)})`,
        },
      ];
    case 'event': {
      const filtered = condition.where.length > 0 ? ', filtered' : '';
      return [
        {
          label: `${condition.name} (${windowLabel(condition.withinDays)}${filtered})`,
          type: 'number',
          sql: countOf(matchingEventsSql(condition, context)),
        },
      ];
    }
    case 'campaign': {
      const what = condition.engagement === 'clicked' ? 'Notifications clicked' : 'Notifications shown';
      const campaign = condition.campaignId === undefined ? '' : ` ${condition.campaignId}`;
      return [
        {
          label: `${what}${campaign} (${windowLabel(condition.withinDays)})`,
          type: 'number',
          sql: countOf(matchingEventsSql(condition, context)),
        },
      ];
    }
    case 'rfmSegment':
    case 'rfmScore':
      return rfmColumns;
    case 'intent':
      return [{ label: 'Intent score', type: 'number', sql: 'v.intent_score' }];
    case 'geo':
      return [
        {
          label: { country: 'Country', region: 'Region', city: 'City' }[condition.field],
          type: 'text',
          sql: `v.${condition.field}`,
        },
      ];
    case 'technographic':
      return [
        {
          label: condition.field[0]?.toUpperCase() + condition.field.slice(1),
          type: 'text',
          sql: `v.${condition.field}`,
        },
      ];
  }
}

/** The customer first, then each defining column once (by label). */
export function memberColumns(tree: SegmentTree, context: SqlSegmentContext): MemberColumnSql[] {
  const columns: MemberColumnSql[] = [{ label: 'Customer', type: 'text', sql: 'v.customer' }];
  const seen = new Set(['Customer']);
  for (const condition of conditions(tree)) {
    for (const column of columnsOf(condition, context)) {
      if (seen.has(column.label)) continue;
      seen.add(column.label);
      columns.push(column);
    }
  }
  return columns;
}

/** The members with their columns as c0, c1, ...; ordered by one column (nulls last), then the customer. */
export function memberRowsSql(
  columns: readonly MemberColumnSql[],
  where: string,
  order: { column: number; descending: boolean },
): string {
  if (!Number.isInteger(order.column) || order.column < 0 || order.column >= columns.length) {
    throw new Error(`No column ${order.column} to sort by.`);
  }
  const select = columns.map((column, index) => `${column.sql} AS c${index}`).join(', ');
  const direction = order.descending ? 'DESC' : 'ASC';
  return `SELECT ${select} FROM visitors v LEFT JOIN rfm_scores s ON s.customer = v.customer WHERE ${where}
    ORDER BY c${order.column} ${direction} NULLS LAST, c0 ASC`;
}
