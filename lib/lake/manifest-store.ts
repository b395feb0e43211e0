import 'server-only';
// The manifest on disk: the lake's commit point. A file is part of the lake
// once, and only once, the manifest lists it; the watermark moves in the same
// write, so the events a file holds leave the tail in the same instant.
import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { lakeManifestSchema } from '../contracts/lake';
import { writeFileDurably } from './durable-file';
import { manifestFile } from './layout';

/** The manifest as stored: the tail is counted, and the console snapshot named, when it is served. */
export const storedManifestSchema = lakeManifestSchema.omit({ tail: true, snapshot: true });
export type StoredManifest = z.infer<typeof storedManifestSchema>;

export const emptyManifest = (): StoredManifest => ({ version: 1, watermark: 0, files: [], generatedAt: Date.now() });

export async function readManifest(lakeDir: string): Promise<StoredManifest> {
  let text: string;
  try {
    text = await readFile(manifestFile(lakeDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyManifest();
    throw error;
  }
  return storedManifestSchema.parse(JSON.parse(text));
}

/** Replaces the manifest atomically; files are listed in date then id order. */
export async function commitManifest(
  lakeDir: string,
  manifest: Omit<StoredManifest, 'generatedAt'>,
): Promise<StoredManifest> {
  const files = [...manifest.files].sort((a, b) => a.date.localeCompare(b.date) || a.firstId - b.firstId);
  const next: StoredManifest = { ...manifest, files, generatedAt: Date.now() };
  await writeFileDurably(manifestFile(lakeDir), `${JSON.stringify(next, null, 1)}\n`);
  return next;
}
