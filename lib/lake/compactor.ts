import 'server-only';
// One compaction run: stored events above the watermark into new files, then
// queued forgets (rewrites of the files holding those visitors), then merges
// of days with many small files. Each step ends in one manifest swap, the
// commit point; files it replaced are deleted only after. Whatever instant a
// crash hits, the next run starts by deleting what the manifest does not list,
// and every event is in the lake exactly once or still in the tail.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { LakeFile } from '../contracts/lake';
import type { DatabaseHandle } from '../db/client';
import { yieldToRequests } from '../db/event-loop';
import { clearLakeForgets, pendingLakeForgets } from '../db/lake-forgets';
import { committedWatermark, readLakeEvents } from '../db/lake-events';
import { refreshConsoleSnapshot, type SnapshotOutcome } from './console-snapshot';
import { commitManifest, readManifest, type StoredManifest } from './manifest-store';
import { removeOrphans } from './orphans';
import { ParquetFiles } from './parquet-files';
import type { LakeSettings } from './settings';
import { withLakeWriter } from './writer-lock';

export interface CompactionProgress {
  /** Events compacted so far in this run, and how many there are to compact. */
  done: number;
  total: number;
}

export interface CompactionSummary {
  /** Events moved from the tail into files. */
  rows: number;
  /** Files written (new, rewritten and merged) and their bytes. */
  filesWritten: number;
  bytesWritten: number;
  /** Visitors removed from the lake, files rewritten for them, files merged away. */
  forgotten: number;
  rewritten: number;
  merged: number;
  orphansRemoved: number;
  seconds: number;
  watermark: number;
  /** Files the manifest lists at the end, and their bytes. */
  lakeFiles: number;
  lakeBytes: number;
  /** What became of the console snapshot. */
  snapshot: SnapshotOutcome;
}

export interface CompactionOptions {
  settings: Pick<LakeSettings, 'commitRows' | 'readRows' | 'mergeFiles'>;
  onProgress?: (progress: CompactionProgress) => void;
  threads?: number;
  /** Wait for another process's run to finish, then run, rather than skip (see withLakeWriter). */
  wait?: boolean;
  /**
   * Rebuild the console snapshot when the closed days changed (lib/lake/console-snapshot.ts): the
   * background schedule and the CLI do; a run a request waits for only drops a stale one.
   */
  consoleSnapshot?: boolean;
  /** The clock (which UTC day is still open), for tests. */
  now?: number;
}

/** Runs a compaction of the lake in `lakeDir`, or answers undefined when another process is running one (unless `wait`). */
export function compactLake(
  handle: DatabaseHandle,
  lakeDir: string,
  options: CompactionOptions,
): Promise<CompactionSummary | undefined> {
  return withLakeWriter(handle, lakeDir, () => compactOnce(handle, lakeDir, options), { wait: options.wait });
}

async function compactOnce(
  handle: DatabaseHandle,
  lakeDir: string,
  options: CompactionOptions,
): Promise<CompactionSummary> {
  const started = performance.now();
  let manifest = await readManifest(lakeDir);
  const orphansRemoved = await removeOrphans(lakeDir, manifest);
  const written: LakeFile[] = [];
  const engine = await ParquetFiles.open(lakeDir, { threads: options.threads });
  let rows = 0;
  let forgotten = 0;
  let rewritten = 0;
  let merged = 0;
  try {
    const tail = await compactTail(handle, lakeDir, engine, manifest, options);
    manifest = tail.manifest;
    rows = tail.rows;
    written.push(...tail.written);

    const forgets = await pendingLakeForgets(handle.db);
    if (forgets.anonymousIds.length > 0) {
      const affected = await engine.filesHolding(manifest.files, forgets.anonymousIds);
      const replacements = new Map<LakeFile, LakeFile | undefined>();
      for (const file of affected) {
        const replacement = await engine.without(file, forgets.anonymousIds);
        replacements.set(file, replacement);
        if (replacement) written.push(replacement);
        await yieldToRequests();
      }
      manifest = await swap(lakeDir, manifest, replacements);
      await clearLakeForgets(handle.db, forgets);
      forgotten = forgets.anonymousIds.length;
      rewritten = affected.length;
    }

    for (const day of crowdedDays(manifest.files, options.settings.mergeFiles)) {
      const mergedFile = await engine.merge(day);
      written.push(mergedFile);
      const replacements = new Map<LakeFile, LakeFile | undefined>(day.map((file) => [file, undefined]));
      replacements.set(day[0] as LakeFile, mergedFile);
      manifest = await swap(lakeDir, manifest, replacements);
      merged += day.length;
      await yieldToRequests();
    }
  } finally {
    engine.close();
  }
  // After the forgets' swap: a snapshot holding a forgotten visitor's events is gone before this returns.
  const snapshot = await refreshConsoleSnapshot(lakeDir, manifest, {
    build: options.consoleSnapshot ?? false,
    threads: options.threads,
    ...(options.now !== undefined && { now: options.now }),
  });
  return {
    rows,
    filesWritten: written.length,
    bytesWritten: written.reduce((sum, file) => sum + file.bytes, 0),
    forgotten,
    rewritten,
    merged,
    orphansRemoved,
    seconds: (performance.now() - started) / 1000,
    watermark: manifest.watermark,
    lakeFiles: manifest.files.length,
    lakeBytes: manifest.files.reduce((sum, file) => sum + file.bytes, 0),
    snapshot,
  };
}

/** Stored events above the watermark, a commit every `commitRows` (memory stays flat, a crash redoes one commit at most). */
async function compactTail(
  handle: DatabaseHandle,
  lakeDir: string,
  engine: ParquetFiles,
  start: StoredManifest,
  { settings, onProgress }: CompactionOptions,
): Promise<{ manifest: StoredManifest; rows: number; written: LakeFile[] }> {
  let manifest = start;
  const upTo = await committedWatermark(handle.db);
  const written: LakeFile[] = [];
  let rows = 0;
  // An estimate for progress: ids are dense but for forgotten and refused rows.
  const total = Math.max(0, upTo - manifest.watermark);
  let after = manifest.watermark;
  while (after < upTo) {
    let staged = 0;
    let more = true;
    while (more && staged < settings.commitRows) {
      const page = await readLakeEvents(handle, after, upTo, Math.min(settings.readRows, settings.commitRows - staged));
      await yieldToRequests();
      await engine.stage(page);
      staged += page.length;
      after = page.at(-1)?.id ?? upTo;
      more = page.length > 0 && after < upTo;
      onProgress?.({ done: Math.min(total, after - start.watermark), total });
    }
    // The last commit of the run takes the watermark to upTo: ids between that were never committed stay behind.
    const watermark = more ? after : upTo;
    const files = await engine.writeStaged();
    manifest = await commitManifest(lakeDir, { ...manifest, watermark, files: [...manifest.files, ...files] });
    written.push(...files);
    rows += staged;
    after = watermark;
    await yieldToRequests();
  }
  return { manifest, rows, written };
}

/** Replaces files in the manifest (undefined: drops it), commits, then deletes the files it no longer lists. */
async function swap(
  lakeDir: string,
  manifest: StoredManifest,
  replacements: ReadonlyMap<LakeFile, LakeFile | undefined>,
): Promise<StoredManifest> {
  if (replacements.size === 0) return manifest;
  const files = manifest.files.flatMap((file) => (replacements.has(file) ? (replacements.get(file) ?? []) : [file]));
  const next = await commitManifest(lakeDir, { ...manifest, files });
  const kept = new Set(next.files.map((file) => file.path));
  for (const old of replacements.keys()) {
    if (!kept.has(old.path)) await rm(path.join(lakeDir, old.path), { force: true });
  }
  return next;
}

/** Days whose folder holds more than `limit` files. */
function crowdedDays(files: readonly LakeFile[], limit: number): LakeFile[][] {
  const byDay = new Map<string, LakeFile[]>();
  for (const file of files) byDay.set(file.date, [...(byDay.get(file.date) ?? []), file]);
  return [...byDay.values()].filter((day) => day.length > limit);
}
