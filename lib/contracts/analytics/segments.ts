// Segments over the loaded dataset: counts and members for the live count and
// the API, and the segment console's sizes, member pages, CSV export and
// overlap.
import type { IntentCutPoints } from '../profile';
import type { SegmentTree } from '../segment';

export interface SegmentOptions {
  asOf?: number;
  intent?: IntentCutPoints;
  purchaseEvent?: string;
}

/** One segment, and the options its conditions are evaluated with. */
export interface SegmentParams extends SegmentOptions {
  tree: SegmentTree;
}

/** A segment's size: members among all visitors, and their revenue among all revenue (RFM's monetary). */
export interface SegmentStats {
  members: number;
  customers: number;
  memberRevenue: number;
  revenue: number;
}

export interface MemberColumn {
  /** Shown as the column's header (may hold a visitor-sent event name or trait key: text only). */
  label: string;
  /** 'money' is a number shown as an amount (always two decimals). */
  type: 'text' | 'number' | 'money';
}

export interface MemberPageParams extends SegmentParams {
  /** Index into the columns; default the customer, ascending. */
  sort?: { column: number; descending: boolean };
  offset: number;
  limit: number;
}

export interface MemberPage {
  columns: MemberColumn[];
  /** One array per member, in column order. */
  rows: (string | number | boolean | null)[][];
  /** All members, not just this page. */
  total: number;
}

export interface SegmentCsv {
  /** RFC 4180 CSV (header line, CRLF line ends), built in the engine in chunks. */
  csv: Blob;
  rows: number;
}

/** Visitors in exactly one combination of two or three segments: bit i of `mask` set = in segment i. */
export interface OverlapRegion {
  mask: number;
  customers: number;
}

/** One segment's sums for the comparison (lib/segments/segment-compare.ts); the KPIs are built from them. */
export interface SegmentTotals {
  visitors: number;
  sessions: number;
  sessionsSquares: number;
  orders: number;
  buyers: number;
  revenue: number;
  revenueSquares: number;
  purchases: number;
  purchaseSquares: number;
  shown: number;
  clicks: number;
}

export type CustomerMeasureName = 'sessions' | 'events' | 'orders' | 'revenue' | 'clicks';

export interface CorrelationParams extends SegmentOptions {
  x: CustomerMeasureName;
  y: CustomerMeasureName;
  /** Only this segment's members; absent: every visitor. */
  tree?: SegmentTree;
  /** Cells per axis of the density grid (4–40, default 20). */
  bins?: number;
}

/** Two measures per customer: how they go together, and where the customers are. */
export interface MeasureCorrelation {
  x: CustomerMeasureName;
  y: CustomerMeasureName;
  customers: number;
  /** Null with fewer than two customers or a measure that never varies. */
  pearson: number | null;
  spearman: number | null;
  /** Grid cells with customers: value ranges [low, high) on each axis (log-spaced), and the count. */
  cells: { xLow: number; xHigh: number; yLow: number; yHigh: number; customers: number }[];
}

export interface SegmentCalls {
  segmentCount: { params: SegmentParams; result: number };
  segmentMembers: { params: SegmentParams; result: string[] };
  segmentStats: { params: SegmentParams; result: SegmentStats };
  segmentMemberPage: { params: MemberPageParams; result: MemberPage };
  segmentCsv: { params: SegmentParams; result: SegmentCsv };
  segmentOverlap: { params: { trees: SegmentTree[] } & SegmentOptions; result: OverlapRegion[] };
  segmentComparison: { params: { trees: SegmentTree[] } & SegmentOptions; result: SegmentTotals[] };
  measureCorrelation: { params: CorrelationParams; result: MeasureCorrelation };
}
