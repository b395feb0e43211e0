// Segments over the loaded dataset: a tree compiles to a SQL condition over
// the visitors table, evaluated with the RFM scores of the same options and
// the intent fit, when there is one.
import type { MemberPage, SegmentCalls, SegmentOptions, SegmentParams } from '../contracts/analytics';
import type { IntentCutPoints } from '../contracts/profile';
import { parseSegmentTree } from '../contracts/segment';
import { compileSegmentQuery, compileSegmentSql, type SqlSegmentContext } from '../segments/compile-sql';
import { memberColumns, memberRowsSql } from '../segments/member-columns';
import {
  customerMeasures,
  isCustomerMeasure,
  measureCorrelationSql,
  segmentComparisonSql,
} from '../segments/segment-compare';
import { segmentOverlapSql, segmentStatsSql } from '../segments/segment-stats';
import { sqlInteger } from '../segments/sql-literal';
import { tableToCsv } from './csv';
import type { DatasetSession, QuerySql, SessionCalls } from './dataset-session';
import { scoreRfm } from './rfm-calls';
import { num } from './row-values';

/** Without cut points from the caller or an intent fit, a score of 0.7 is high and 0.4 medium. */
export const defaultIntentCutPoints: IntentCutPoints = { high: 0.7, medium: 0.4 };

/** Scores RFM for these options (segments read rfm_scores) and gives the compiler's context. */
async function segmentContext(
  session: DatasetSession<QuerySql>,
  params: SegmentOptions,
  signal?: AbortSignal,
): Promise<SqlSegmentContext> {
  const model = await scoreRfm(
    session,
    { ...(params.asOf !== undefined && { asOf: params.asOf }), purchaseEvent: params.purchaseEvent },
    signal,
  );
  // Cut points given by the caller test the intentScore trait; otherwise the fit's model, when there is one.
  const fitted = session.facts.intent;
  return {
    asOf: model.asOf,
    intent: params.intent ?? fitted?.cutPoints ?? defaultIntentCutPoints,
    intentFromFit: params.intent === undefined && fitted !== null,
  };
}

export function segmentCalls(session: DatasetSession<QuerySql>): SessionCalls<keyof SegmentCalls> {
  const { sql } = session;

  /** The tree, checked, and what it compiles with. */
  async function segment(params: SegmentParams, signal?: AbortSignal) {
    const tree = parseSegmentTree(params.tree);
    return { tree, context: await segmentContext(session, params, signal) };
  }

  /** The members' rows: a column per condition the tree tests, after the customer. */
  async function members(params: SegmentParams, signal?: AbortSignal) {
    const { tree, context } = await segment(params, signal);
    return { columns: memberColumns(tree, context), where: compileSegmentSql(tree, context) };
  }

  return {
    async segmentCount(params, { signal }) {
      const { tree, context } = await segment(params, signal);
      const query = compileSegmentQuery(tree, context);
      return num(await sql.rows(`SELECT CAST(count(*) AS DOUBLE) AS n FROM (${query})`, signal).then((r) => r[0]?.n));
    },

    async segmentMembers(params, { signal }) {
      const { tree, context } = await segment(params, signal);
      const rows = await sql.rows(`${compileSegmentQuery(tree, context)} ORDER BY 1`, signal);
      return rows.map((row) => String(row.customer));
    },

    async segmentStats(params, { signal }) {
      const { tree, context } = await segment(params, signal);
      const [row] = await sql.rows(segmentStatsSql(compileSegmentSql(tree, context)), signal);
      return {
        members: num(row?.members),
        customers: num(row?.customers),
        memberRevenue: num(row?.member_cents) / 100,
        revenue: num(row?.total_cents) / 100,
      };
    },

    async segmentMemberPage(params, { signal }) {
      const { columns, where } = await members(params, signal);
      const query = memberRowsSql(columns, where, params.sort ?? { column: 0, descending: false });
      const limit = Math.max(0, Math.min(10_000, Math.floor(params.limit)));
      const offset = Math.max(0, Math.floor(params.offset));
      const rows = await sql.rows(`${query} LIMIT ${sqlInteger(limit)} OFFSET ${sqlInteger(offset)}`, signal);
      const total = num(
        (await sql.rows(`SELECT CAST(count(*) AS DOUBLE) AS n FROM visitors v WHERE ${where}`, signal))[0]?.n,
      );
      return {
        columns: columns.map(({ label, type }) => ({ label, type })),
        rows: rows.map((row) => Object.values(row) as MemberPage['rows'][number]),
        total,
      };
    },

    async segmentCsv(params, { signal }) {
      const { columns, where } = await members(params, signal);
      const table = await sql.table(memberRowsSql(columns, where, { column: 0, descending: false }), signal);
      return {
        csv: tableToCsv(
          columns.map((column) => column.label),
          table,
        ),
        rows: table.numRows,
      };
    },

    async segmentOverlap(params, { signal }) {
      if (params.trees.length < 2 || params.trees.length > 3) throw new Error('Compare two or three segments.');
      const context = await segmentContext(session, params, signal);
      const conditions = params.trees.map((tree) => compileSegmentSql(parseSegmentTree(tree), context));
      const rows = await sql.rows(segmentOverlapSql(conditions), signal);
      return rows.map((row) => ({ mask: num(row.mask), customers: num(row.customers) }));
    },

    async segmentComparison(params, { signal }) {
      if (params.trees.length < 2 || params.trees.length > 5) throw new Error('Compare two to five segments.');
      const context = await segmentContext(session, params, signal);
      const conditions = params.trees.map((tree) => compileSegmentSql(parseSegmentTree(tree), context));
      const rows = await sql.rows(segmentComparisonSql(conditions, context.asOf), signal);
      return rows.map((row) => ({
        visitors: num(row.visitors),
        sessions: num(row.sessions),
        sessionsSquares: num(row.sessions_squares),
        orders: num(row.orders),
        buyers: num(row.buyers),
        revenue: num(row.revenue),
        revenueSquares: num(row.revenue_squares),
        purchases: num(row.purchases),
        purchaseSquares: num(row.purchase_squares),
        shown: num(row.shown),
        clicks: num(row.clicks),
      }));
    },

    async measureCorrelation(params, { signal }) {
      const { x, y } = params;
      if (!isCustomerMeasure(x) || !isCustomerMeasure(y))
        throw new Error(`Measures are ${customerMeasures.join(', ')}.`);
      const bins = Math.max(4, Math.min(40, Math.floor(params.bins ?? 20)));
      const context = await segmentContext(session, params, signal);
      const condition = params.tree ? compileSegmentSql(parseSegmentTree(params.tree), context) : 'TRUE';
      const [row] = await sql.rows(measureCorrelationSql(x, y, context.asOf, condition, bins), signal);
      if (!row) return { x, y, customers: 0, pearson: null, spearman: null, cells: [] };
      // Back from log10(1 + value) bins to value ranges.
      const edge = (top: number, i: number) => 10 ** ((top * i) / bins) - 1;
      const [tx, ty] = [num(row.tx), num(row.ty)];
      const finite = (value: unknown) => (value === null || !Number.isFinite(num(value)) ? null : num(value));
      const cells = (row.cells as { bx: unknown; by: unknown; count: unknown }[]).map((cell) => ({
        xLow: edge(tx, num(cell.bx)),
        xHigh: edge(tx, num(cell.bx) + 1),
        yLow: edge(ty, num(cell.by)),
        yHigh: edge(ty, num(cell.by) + 1),
        customers: num(cell.count),
      }));
      return { x, y, customers: num(row.n), pearson: finite(row.pearson), spearman: finite(row.spearman), cells };
    },
  };
}
