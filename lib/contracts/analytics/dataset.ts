// Getting data into the engine and looking at it: events, Arrow batches, a
// marketer's file with its columns mapped to events, and plain SQL over the
// tables.
import type { KairosEvent } from '../event';
import type { IntentPhase } from './intent';

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
  /** Bytes downloaded so far and of how many, when the load knows (a lake sync does). */
  bytes?: number;
  totalBytes?: number | null;
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

/** Loading a dataset (each load replaces the last unless `replace` is false) and querying its tables. */
export interface DatasetCalls {
  loadEvents: { params: { events: KairosEvent[]; replace?: boolean }; result: DatasetSummary };
  loadArrowBatches: { params: { batches: Uint8Array[]; replace?: boolean }; result: DatasetSummary };
  loadArrowFromUrl: { params: { url: string; replace?: boolean }; result: DatasetSummary };
  attachFile: { params: { file: FileInput }; result: FilePreview };
  loadFile: { params: { file?: FileInput; mapping: ColumnMapping }; result: DatasetSummary };
  summary: { params: Record<string, never>; result: DatasetSummary };
  query: { params: { sql: string; limit?: number }; result: QueryResult };
}
