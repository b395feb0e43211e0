// The lake's manifest, fetched past every cache (it changes with every
// compaction) and checked against the contract before the sync trusts a field.
import {
  lakeColumns,
  lakeGeoColumns,
  lakeManifestSchema,
  lakeRoutes,
  type LakeFile,
  type LakeManifest,
} from '../contracts/lake';
import { lakeUnavailableError } from '../contracts/analytics';
import { fetchWaitingOutBusy } from './busy-fetch';

export async function fetchLakeManifest(url: string, signal?: AbortSignal): Promise<LakeManifest> {
  const response = await fetchWaitingOutBusy(url, {
    credentials: 'same-origin',
    cache: 'no-store',
    signal: signal ?? null,
  });
  if (!response.ok) {
    const error = new Error(`Loading the lake manifest failed: HTTP ${response.status}.`);
    if (response.status === 404) error.name = lakeUnavailableError;
    throw error;
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch {
    throw new Error('The lake manifest is not JSON.');
  }
  const parsed = lakeManifestSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(
      `The lake manifest does not match the contract: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`.trim(),
    );
  }
  return parsed.data;
}

/** A file's URL: the files route beside the manifest's origin. */
export const lakeFileUrl = (manifestUrl: string, file: LakeFile) =>
  new URL(`${lakeRoutes.files}/${file.path}`, manifestUrl).href;

export const lakeTailUrl = (manifestUrl: string, manifest: LakeManifest) =>
  new URL(manifest.tail.url, manifestUrl).href;

/** Why an Arrow schema is not the lake's columns, or null when it is. */
export function lakeColumnsProblem(names: readonly string[]): string | null {
  const optional: readonly string[] = lakeGeoColumns;
  const missing = lakeColumns.filter((column) => !names.includes(column) && !optional.includes(column));
  return missing.length === 0 ? null : `it has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''}`;
}
