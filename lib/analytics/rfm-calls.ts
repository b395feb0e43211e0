// RFM over the loaded dataset: the scores are computed once into rfm_scores
// for an as-of date and purchase event, then read by the report, the customer
// rows, the segment means and (through the segment calls) segment conditions.
import type { RfmCalls, RfmOptions, RfmReport, RfmSegmentRow } from '../contracts/analytics';
import type { RfmModel } from '../contracts/profile';
import { rfmSegmentNames, type RfmSegmentName } from '../contracts/segment';
import {
  defaultAsOf,
  defaultPurchaseEvent,
  hasOrderIdsSql,
  rfmCustomersSql,
  rfmCutPointsSql,
  rfmGridSql,
  rfmModel,
  rfmScoreSql,
  rfmValuesSql,
} from '../segments/rfm';
import { rfmSegmentMeansSql } from '../segments/segment-stats';
import type { DatasetSession, QuerySql, SessionCalls } from './dataset-session';
import { num, numberList } from './row-values';

/** Computes (or reuses) rfm_scores for these options and returns the published model. */
export async function scoreRfm(
  session: DatasetSession<QuerySql>,
  params: RfmOptions,
  signal?: AbortSignal,
): Promise<RfmModel> {
  const { sql } = session;
  const purchaseEvent = params.purchaseEvent ?? defaultPurchaseEvent;
  const { lastEventAt } = await session.summary();
  const asOf = params.asOf ?? defaultAsOf(lastEventAt ?? 0);
  const key = `${asOf}|${purchaseEvent}`;
  if (session.facts.rfm?.key === key) return session.facts.rfm.model;
  session.facts.rfm = null;
  const known = session.facts.hasOrderIds;
  const countOrders = known.get(purchaseEvent) ?? (await sql.scalar(hasOrderIdsSql(purchaseEvent))) === true;
  known.set(purchaseEvent, countOrders);
  await sql.table(rfmValuesSql(asOf, purchaseEvent, countOrders), signal);
  const [cuts] = await sql.rows(rfmCutPointsSql, signal);
  const model = rfmModel(asOf, {
    recencyDays: numberList(cuts?.recency_days),
    frequency: numberList(cuts?.frequency),
    monetaryCents: numberList(cuts?.monetary_cents),
  });
  await sql.table(rfmScoreSql(model), signal);
  session.facts.rfm = { key, model };
  return model;
}

/** The R × F grid and each segment's share of customers and revenue, from rfm_scores grouped by R and F. */
function rfmReport(model: RfmModel, gridRows: Record<string, unknown>[]): RfmReport {
  const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
  const bySegment = new Map<RfmSegmentName, { customers: number; cents: number }>();
  for (const row of gridRows) {
    const [r, f] = [num(row.r), num(row.f)];
    const cells = grid[r - 1];
    const segment = model.segmentGrid[r - 1]?.[f - 1];
    if (!cells || !segment) throw new Error(`RFM scores out of range: R${r} F${f}.`);
    cells[f - 1] = num(row.customers);
    const total = bySegment.get(segment) ?? { customers: 0, cents: 0 };
    bySegment.set(segment, {
      customers: total.customers + num(row.customers),
      cents: total.cents + num(row.cents),
    });
  }
  const customers = grid.flat().reduce((a, b) => a + b, 0);
  const cents = [...bySegment.values()].reduce((n, s) => n + s.cents, 0);
  const segments: RfmSegmentRow[] = rfmSegmentNames.map((segment) => {
    const total = bySegment.get(segment) ?? { customers: 0, cents: 0 };
    return {
      segment,
      customers: total.customers,
      customerShare: customers > 0 ? total.customers / customers : 0,
      revenue: total.cents / 100,
      revenueShare: cents > 0 ? total.cents / cents : 0,
    };
  });
  const revenue = cents / 100;
  return { model, customers, revenue, segments, grid };
}

export function rfmCalls(session: DatasetSession<QuerySql>): SessionCalls<keyof RfmCalls> {
  const { sql } = session;
  return {
    async rfm(params, { signal }) {
      const model = await scoreRfm(session, params, signal);
      return rfmReport(model, await sql.rows(rfmGridSql, signal));
    },

    async rfmCustomers(params, { signal }) {
      await scoreRfm(session, params, signal);
      const rows = await sql.rows(rfmCustomersSql, signal);
      return rows.map((row) => ({
        customer: String(row.customer),
        recency: num(row.recency),
        frequency: num(row.frequency),
        monetary: num(row.monetary),
        r: num(row.r),
        f: num(row.f),
        m: num(row.m),
        segment: row.segment as RfmSegmentName,
      }));
    },

    async rfmSegmentMeans(params, { signal }) {
      await scoreRfm(session, params, signal);
      const rows = await sql.rows(rfmSegmentMeansSql, signal);
      return rows.map((row) => ({
        segment: row.segment as RfmSegmentName,
        customers: num(row.customers),
        recencyDays: num(row.recency_days),
        frequency: num(row.frequency),
        monetary: num(row.monetary),
        r: num(row.r),
        f: num(row.f),
        m: num(row.m),
      }));
    },
  };
}
