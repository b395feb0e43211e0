// What the analytics engine takes and returns: shared by the engine, the worker
// protocol, the console and the CLI.
import type { KairosEvent } from './event';
import type { IntentModel } from './device-config';
import type { IntentCutPoints, RfmModel } from './profile';
import type { IntentTier, RfmSegmentName, SegmentTree } from './segment';

export interface DatasetSummary {
  rows: number;
  customers: number;
  purchases: number;
  revenue: number;
  /** Epoch ms of the first and last event; null when empty. */
  firstEventAt: number | null;
  lastEventAt: number | null;
}

export interface LoadProgress {
  phase: 'download' | 'read' | 'insert' | 'index' | IntentPhase;
  /** Rows so far; `total` when known. */
  done: number;
  total: number | null;
}

export const fileFormats = ['csv', 'parquet', 'json', 'whitespace'] as const;
export type FileFormat = (typeof fileFormats)[number];

export interface FileInput {
  name: string;
  bytes: Uint8Array;
  /** Guessed from the name when absent (.txt is whitespace-separated, like CDNOW). */
  format?: FileFormat;
  /** CSV and text: whether the first line names the columns (default true); without, DuckDB names them column0, column1, ... */
  header?: boolean;
}

/**
 * How a file's columns become events. `amount` is a column or a SQL expression
 * over the columns; `where` is a SQL filter. Both are SQL written by the
 * marketer over their own file, run in their own browser (or CLI).
 */
export interface ColumnMapping {
  customer: string;
  time: string;
  amount?: string;
  /** Column of event names; without it, every row is a purchase. */
  event?: string;
  /** Column whose distinct values count as purchases (an invoice number); without it, each row is one. */
  order?: string;
  where?: string;
}

export interface FileColumn {
  name: string;
  type: string;
}

export interface FilePreview {
  format: FileFormat;
  rows: number;
  columns: FileColumn[];
  sample: Record<string, unknown>[];
  /** Columns that look like the customer, time, amount, event name and order. */
  suggested: Partial<ColumnMapping>;
}

export interface QueryResult {
  columns: FileColumn[];
  rows: Record<string, unknown>[];
}

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

export interface SegmentOptions {
  asOf?: number;
  intent?: IntentCutPoints;
  purchaseEvent?: string;
}

/** Engine calls: parameters and results, one entry per method (the worker protocol derives from it). */
export interface EngineCalls {
  loadEvents: { params: { events: KairosEvent[]; replace?: boolean }; result: DatasetSummary };
  loadArrowBatches: { params: { batches: Uint8Array[]; replace?: boolean }; result: DatasetSummary };
  loadArrowFromUrl: { params: { url: string; replace?: boolean }; result: DatasetSummary };
  attachFile: { params: { file: FileInput }; result: FilePreview };
  loadFile: { params: { file?: FileInput; mapping: ColumnMapping }; result: DatasetSummary };
  summary: { params: Record<string, never>; result: DatasetSummary };
  query: { params: { sql: string; limit?: number }; result: QueryResult };
  rfm: { params: RfmOptions; result: RfmReport };
  rfmCustomers: { params: RfmOptions; result: RfmCustomerRow[] };
  segmentCount: { params: { tree: SegmentTree } & SegmentOptions; result: number };
  segmentMembers: { params: { tree: SegmentTree } & SegmentOptions; result: string[] };
}
export type EngineMethod = keyof EngineCalls;

// --- Predictive intent (issue 7): BG/NBD and Gamma-Gamma fitted in the worker, and a goal score.
// A declaration of EngineCalls of its own: TypeScript merges it into the one above.

export interface EngineCalls {
  intent: { params: IntentOptions; result: IntentFitReport };
  goalPropensity: { params: GoalPropensityOptions; result: GoalPropensityReport };
}

/** Steps of an intent fit or a goal score, streamed as progress (done of total steps). */
export type IntentPhase = 'summarise' | 'fit' | 'score' | 'holdout' | 'features' | 'train';

export interface IntentOptions {
  /** Last day (YYYY-MM-DD, UTC) of the calibration period; default: the day of the last event. */
  calibrationEnd?: string;
  /** Expected purchases are counted over this many days after the calibration end; default 90. */
  horizonDays?: number;
}

export interface IntentTierSummary {
  tier: IntentTier;
  customers: number;
  /** Sum over the tier's customers. */
  expectedPurchases: number;
  meanPAlive: number;
  /** Expected purchases × Gamma-Gamma expected spend, summed; null without amounts. */
  expectedValue: number | null;
}

/** One bar pair of FHL 2005's figure: customers who made `frequency` repeat purchases in calibration. */
export interface IntentHoldoutRow {
  /** Repeat purchases in the calibration period; the last row (7) is "7 or more". */
  frequency: number;
  customers: number;
  /** Mean repeat purchases per customer in the holdout period, observed and predicted. */
  actual: number;
  expected: number;
}

export interface IntentHoldout {
  /** First and last day of the holdout period (the day after the calibration end, the last event's day). */
  start: string;
  end: string;
  days: number;
  actualTotal: number;
  expectedTotal: number;
  rows: IntentHoldoutRow[];
}

export interface IntentFitReport {
  calibrationEnd: string;
  horizonDays: number;
  customers: number;
  repeatPurchases: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean };
  gammaGamma: {
    p: number;
    q: number;
    gamma: number;
    logLikelihood: number;
    customers: number;
    converged: boolean;
  } | null;
  cutPoints: IntentCutPoints;
  tiers: IntentTierSummary[];
  /** Null when no day follows the calibration end in the data. */
  holdout: IntentHoldout | null;
  /** What "publish to devices" stores (GET /api/device/config serves it). */
  model: IntentModel;
  fitMs: number;
}

// --- Goal-based propensity (issue 7): logistic regression on behavioural features. ---

export interface GoalPropensityOptions {
  /** The event to predict, e.g. 'Order Completed'. */
  goalEvent: string;
  /** Label: the goal event happens within this many days after the cutoff. */
  horizonDays: number;
  /** YYYY-MM-DD (UTC midnight). Train: features to split − horizon, labels in [split − horizon, split); test: features to split, labels in [split, split + horizon). Default: the last event's day + 1 − horizon. */
  splitDate?: string;
}

export interface GoalCoefficient {
  feature: string;
  /** Per standard deviation of the feature (features are standardised). */
  weight: number;
}

export interface GoalPropensityReport {
  goalEvent: string;
  horizonDays: number;
  splitDate: string;
  train: { customers: number; positives: number };
  test: { customers: number; positives: number };
  /** Holdout AUC (Mann–Whitney); null when the test window has only one class. */
  auc: number | null;
  intercept: number;
  /** Largest |weight| first. */
  coefficients: GoalCoefficient[];
  features: number;
  fitMs: number;
}

// --- Segment console (issue 5): sizes, member pages, CSV export, overlap, RFM segment means.
// A second declaration of EngineCalls: TypeScript merges it into the one above.

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

export interface MemberPageParams extends SegmentOptions {
  tree: SegmentTree;
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

export interface EngineCalls {
  segmentStats: { params: { tree: SegmentTree } & SegmentOptions; result: SegmentStats };
  segmentMemberPage: { params: MemberPageParams; result: MemberPage };
  segmentCsv: { params: { tree: SegmentTree } & SegmentOptions; result: SegmentCsv };
  segmentOverlap: { params: { trees: SegmentTree[] } & SegmentOptions; result: OverlapRegion[] };
  rfmSegmentMeans: { params: RfmOptions; result: RfmSegmentMeans[] };
}
