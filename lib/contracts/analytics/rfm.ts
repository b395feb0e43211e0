// Recency, frequency and monetary scores: the report the console's heatmap
// shows, each customer's scores, and the means of each RFM segment.
import type { RfmModel } from '../profile';
import type { RfmSegmentName } from '../segment';

export interface RfmOptions {
  /** Epoch ms; default: midnight (UTC) after the last event. */
  asOf?: number;
  /** Events with this name are purchases; default 'Order Completed'. */
  purchaseEvent?: string;
}

export interface RfmSegmentRow {
  segment: RfmSegmentName;
  customers: number;
  customerShare: number;
  revenue: number;
  revenueShare: number;
}

export interface RfmReport {
  model: RfmModel;
  customers: number;
  revenue: number;
  segments: RfmSegmentRow[];
  /** grid[r - 1][f - 1]: customers with that R and F score. */
  grid: number[][];
}

export interface RfmCustomerRow {
  customer: string;
  recency: number;
  frequency: number;
  /** Revenue in currency units (whole cents / 100). */
  monetary: number;
  r: number;
  f: number;
  m: number;
  segment: RfmSegmentName;
}

export interface RfmSegmentMeans {
  segment: RfmSegmentName;
  customers: number;
  recencyDays: number;
  frequency: number;
  monetary: number;
  r: number;
  f: number;
  m: number;
}

export interface RfmCalls {
  rfm: { params: RfmOptions; result: RfmReport };
  rfmCustomers: { params: RfmOptions; result: RfmCustomerRow[] };
  rfmSegmentMeans: { params: RfmOptions; result: RfmSegmentMeans[] };
}
