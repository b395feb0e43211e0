// The console snapshot on a cold start (lib/lake/console-snapshot.ts on the
// server): one DuckDB database holding the lake's closed days in this engine's
// tables, opened as the kept database instead of loading each of those files.
// It is taken only when it can stand for what the sync would load (every file
// of its days chosen by the window, a storage version this DuckDB reads) and
// only after its bytes are the ones the manifest names; anything else, and the
// sync loads the files as before.
import { consoleSnapshotStorageVersion, type LakeFile, type LakeManifest } from '../contracts/lake';
import type { CallOptions } from './engine';
import { readBody, sha256Hex } from './lake-files';

export type LakeSnapshot = NonNullable<LakeManifest['snapshot']>;

/**
 * The manifest's snapshot when a cold sync may start from it: the window
 * chose every file of the snapshot's days (it holds no fewer rows than the
 * sync would load), and it is in the storage version this console reads.
 */
export function usableSnapshot(manifest: LakeManifest, chosen: readonly LakeFile[]): LakeSnapshot | null {
  const snapshot = manifest.snapshot;
  if (!snapshot || snapshot.storageVersion !== consoleSnapshotStorageVersion) return null;
  const held = manifest.files.filter((file) => file.date <= snapshot.through);
  if (held.length === 0) return null;
  const picked = new Set(chosen.map((file) => file.path));
  return held.every((file) => picked.has(file.path)) ? snapshot : null;
}

/** The snapshot's bytes, proven to be the manifest's (sha256 and length); throws otherwise. */
export async function fetchSnapshot(
  manifestUrl: string,
  snapshot: LakeSnapshot,
  options: CallOptions,
): Promise<Uint8Array> {
  const url = new URL(snapshot.url, manifestUrl).href;
  const response = await fetch(url, { credentials: 'same-origin', signal: options.signal ?? null });
  if (!response.ok) throw new Error(`The console snapshot could not be fetched: HTTP ${response.status}.`);
  const bytes = await readBody(response, (received) =>
    options.onProgress?.({
      // Rows arrive all at once when the file is opened: the bytes are the progress.
      phase: 'download',
      done: 0,
      total: null,
      bytes: received,
      totalBytes: snapshot.bytes,
    }),
  );
  const sha = await sha256Hex(bytes);
  if (bytes.length !== snapshot.bytes || sha !== snapshot.sha256) {
    throw new Error(
      `The console snapshot was refused: ${bytes.length} of ${snapshot.bytes} bytes, sha256 ${sha.slice(0, 12)}…, ` +
        `the manifest says ${snapshot.sha256.slice(0, 12)}….`,
    );
  }
  return bytes;
}
