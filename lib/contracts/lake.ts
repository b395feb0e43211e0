// The event lake as the console sees it: a manifest of immutable Parquet
// files (Hive-style, one folder per UTC day of the events' time) plus the
// tail, the stored events not compacted yet. The server writes it
// (lib/lake/), the console's analytics worker syncs it; both read this shape.
import { z } from 'zod';

export const lakeRoutes = {
  /** GET: the manifest (no-store); compacts a large tail first. */
  manifest: '/api/admin/lake/manifest',
  /** GET `${files}/${file.path}`: one file, immutable, with a strong ETag of its sha256. */
  files: '/api/admin/lake/files',
  /** GET: the events after `afterId` (the manifest's watermark) as one Arrow IPC stream, in the lake's columns. */
  tail: '/api/admin/events/export',
  /** GET `${snapshot}/${name}`: the console snapshot (a DuckDB database of the closed days), immutable, ETag its sha256. */
  snapshot: '/api/admin/lake/snapshot',
  /** GET: the identity graph (docs/people.md), `{ links: IdentityLinkJson[] }`, applied to the lake's events at load. */
  people: '/api/admin/lake/people',
} as const;

/** One link of the identity graph as the console receives it (lib/segments/person-key.ts IdentityLink). */
export const identityLinkSchema = z.object({
  anonymousId: z.string(),
  userId: z.string(),
  validFrom: z.number(),
});
export const identityGraphSchema = z.object({ links: z.array(identityLinkSchema) });

/**
 * Columns of every lake file, in order: the engine's load shape
 * (lib/analytics/event-arrow.ts) with the server's event id first. Rows are
 * in id order; `props` and `traits` are lists of {key, text, num, bool}.
 * Files written before the place was derived lack `lakeGeoColumns`: readers
 * take them as NULL (lib/analytics/event-ingest.ts, lib/lake/lake-select.ts).
 */
export const lakeColumns = [
  'id',
  'customer',
  'time',
  'event',
  'amount',
  'order_id',
  'device',
  'browser',
  'locale',
  'timezone',
  'props',
  'traits',
  'country',
  'region',
  'city',
] as const;

/**
 * The DuckDB storage version of the console snapshot. The console's DuckDB-WASM (1.32) embeds
 * DuckDB 1.4.3, which reads database files of storage 1.4 and older; the server's DuckDB (1.5)
 * writes this one when told to. The console takes a snapshot only in this version; move it with
 * the console's DuckDB-WASM, never ahead of it.
 */
export const consoleSnapshotStorageVersion = 'v1.4.0';

/** Columns a lake file may lack (written before they existed): read as NULL. */
export const lakeGeoColumns = ['country', 'region', 'city'] as const;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/);
const epochMs = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

export const lakeFileSchema = z.object({
  /** Relative to the lake: `events/date=YYYY-MM-DD/part-<firstId>-<lastId>-<sha8>.parquet`. */
  path: z.string().regex(/^events\/date=\d{4}-\d{2}-\d{2}\/part-\d+-\d+-[0-9a-f]{8}\.parquet$/),
  /** The UTC day of the events' time, as in the path. */
  date: z.iso.date(),
  sha256: sha256Hex,
  bytes: count,
  rows: count,
  /**
   * The server event ids the file covers (a file rewritten after a forget keeps
   * its range). Files of one date never overlap; files of different dates may
   * (one compaction run writes a file per date), so a file's rows are the rows
   * of its date within its range.
   */
  firstId: count,
  lastId: count,
  /** The events' time range, for choosing a window that fits the tab. */
  firstEventAt: epochMs,
  lastEventAt: epochMs,
});
export type LakeFile = z.infer<typeof lakeFileSchema>;

export const lakeManifestSchema = z.object({
  version: z.literal(1),
  /** Every event with an id at or below this is in exactly one file; the tail is what is above it. */
  watermark: count,
  files: z.array(lakeFileSchema),
  /** Events stored above the watermark, and where to fetch them. */
  tail: z.object({ rows: count, url: z.string() }),
  generatedAt: epochMs,
  /**
   * The console snapshot, when one is current: every file of the days up to
   * `through` already in the console engine's tables, as a DuckDB database
   * (lib/lake/console-snapshot.ts). A cold console may open it instead of
   * loading those files; absent on a server without one.
   */
  snapshot: z
    .object({
      url: z.string(),
      sha256: sha256Hex,
      bytes: count,
      rows: count,
      through: z.iso.date(),
      /** The DuckDB storage version it is written in: a console whose DuckDB cannot read it loads the files. */
      storageVersion: z.string(),
    })
    .optional(),
});
export type LakeManifest = z.infer<typeof lakeManifestSchema>;
