import 'server-only';
// What a crash leaves behind: temporary files, and complete files the manifest
// never listed (killed before the swap) or no longer lists (killed after the
// swap, before the old files were deleted). Neither is part of the lake, so a
// run deletes them before it writes anything.
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { temporarySuffix } from './layout';
import type { StoredManifest } from './manifest-store';

export async function removeOrphans(lakeDir: string, manifest: StoredManifest): Promise<number> {
  const listed = new Set(manifest.files.map((file) => path.join(lakeDir, file.path)));
  let removed = 0;
  const entries = await readdir(lakeDir, { withFileTypes: true, recursive: true }).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  });
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const orphan = entry.name.endsWith(temporarySuffix) || (entry.name.endsWith('.parquet') && !listed.has(file));
    if (!orphan) continue;
    await rm(file, { force: true });
    removed++;
  }
  for (const entry of entries) {
    if (entry.isDirectory() && entry.name.startsWith('date=')) {
      // An emptied day goes too; a day still holding files refuses, which is fine.
      await rmdir(path.join(entry.parentPath, entry.name)).catch(() => {});
    }
  }
  return removed;
}
