// Syncing the server's event lake (lib/contracts/lake.ts) into the engine: only
// the files not loaded yet are fetched, a rewritten or removed file's rows are
// replaced, and what is loaded is kept between visits. When the lake would not
// fit the tab's memory, the most recent files that fit are loaded: the window.
import type { DatasetSummary } from './dataset';

/** How the engine keeps a sync between visits (the worker is started with one). */
export const lakeKeeps = ['database', 'files', 'none'] as const;
export type LakeKeep = (typeof lakeKeeps)[number];

export interface LakeSyncParams {
  /** The manifest's absolute URL; file and tail URLs are relative to it. */
  manifestUrl: string;
  /** Start from nothing: every kept row and file is dropped and fetched again. */
  full?: boolean;
  /** Most the loaded events may take in the engine; the newest files that fit are loaded. */
  budgetBytes: number;
  /** Only files whose events reach into the last `days` before the newest event; null: as many as fit. */
  days?: number | null;
}

/** What is loaded of the lake, against what the manifest holds. */
export interface LakeWindow {
  loadedRows: number;
  totalRows: number;
  loadedFiles: number;
  totalFiles: number;
  /** Epoch ms of the oldest and newest loaded event; null when none is loaded. */
  firstEventAt: number | null;
  lastEventAt: number | null;
  /** Why some of the lake is not loaded: it would not fit the budget, or the marketer chose fewer days. */
  limitedBy: 'memory' | 'days' | null;
  budgetBytes: number;
  days: number | null;
}

export interface LakeSyncResult {
  summary: DatasetSummary;
  window: LakeWindow;
  /** What this sync did: files fetched (and their bytes), files whose rows were dropped, whether the rows changed. */
  fetchedFiles: number;
  fetchedBytes: number;
  droppedFiles: number;
  changed: boolean;
  keep: LakeKeep;
  /**
   * Whether this sync started from the server's console snapshot (lib/contracts/lake.ts): a cold
   * start that opened one database file instead of loading the files it holds.
   */
  fromSnapshot: boolean;
}

export interface LakeStatus {
  keep: LakeKeep;
  /** The window of the last sync kept in the engine; null when it holds no sync. */
  window: LakeWindow | null;
}

export interface LakeCalls {
  syncLake: { params: LakeSyncParams; result: LakeSyncResult };
  lakeStatus: { params: Record<string, never>; result: LakeStatus };
  /** Empties the engine and everything it keeps between visits (its database file and cached lake files). */
  forgetLocalData: { params: Record<string, never>; result: DatasetSummary };
}

/** Bytes one loaded event takes in the engine (tables, their visitor rollups and working room): measured, see docs/console.md ("Memory window"). */
export const engineBytesPerEvent = 400;

/**
 * The same with the engine's database kept in OPFS: its pages are on disk, so
 * the tab holds far less per event. The browser's peak resident memory grew 50
 * to 100 B/event from 1M to 10M events in this mode; 150 leaves room above that
 * (docs/console.md, "Memory window").
 */
export const keptDatabaseBytesPerEvent = 150;

/** The figure the memory window uses for what the engine keeps. */
export const bytesPerEventKept = (keep: LakeKeep) =>
  keep === 'database' ? keptDatabaseBytesPerEvent : engineBytesPerEvent;

/** The name of the error a sync fails with when the server has no lake (its routes answer 404): an older server. */
export const lakeUnavailableError = 'LakeUnavailableError';
