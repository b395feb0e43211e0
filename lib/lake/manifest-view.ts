import 'server-only';
// The manifest as the console gets it: the stored manifest plus the tail (the
// stored events above the watermark, fetched from the export). A tail past the
// threshold is compacted first, so the console's live fetch stays small. The
// console snapshot is named only while it is the lake's closed days exactly.
import { type LakeManifest, lakeManifestSchema, lakeRoutes } from '../contracts/lake';
import type { DatabaseHandle } from '../db/client';
import { countEventsAbove } from '../db/lake-events';
import { compactLake } from './compactor';
import { currentSnapshot, readSnapshotRecord, snapshotEntry } from './console-snapshot';
import { readManifest } from './manifest-store';
import type { LakeSettings } from './settings';

export async function lakeManifest(
  handle: DatabaseHandle,
  lakeDir: string,
  settings: LakeSettings,
): Promise<LakeManifest> {
  let stored = await readManifest(lakeDir);
  let tail = await countEventsAbove(handle.db, stored.watermark);
  if (tail > settings.manifestTail) {
    // Another process compacting (PostgreSQL) answers undefined: its commit shows in the next manifest.
    // A failed run (a full disk) is logged, and the manifest served as it is: the tail still has every event.
    await compactLake(handle, lakeDir, { settings }).catch((error: unknown) =>
      console.error('Kairos lake: compaction before the manifest failed:', error),
    );
    stored = await readManifest(lakeDir);
    tail = await countEventsAbove(handle.db, stored.watermark);
  }
  const snapshot = currentSnapshot(await readSnapshotRecord(lakeDir), stored.files);
  return lakeManifestSchema.parse({
    ...stored,
    tail: { rows: tail, url: `${lakeRoutes.tail}?afterId=${stored.watermark}` },
    ...(snapshot && { snapshot: snapshotEntry(snapshot) }),
  });
}
