// Fetching one lake file and proving it is the file the manifest names: its
// sha256 (crypto.subtle) and byte count. A verified file may be kept in Cache
// Storage, so a later visit reads it without the network. A file that fails
// is dropped from that cache and fetched once more past every cache (the
// server marks files immutable, so the browser's HTTP cache would hand back
// the same wrong bytes); a second failure is the sync's error.
import type { LakeFile } from '../contracts/lake';

/** The Cache Storage of verified lake files; one per origin, emptied by "Forget local data". */
export const lakeCacheName = 'kairos-lake-files';

export class LakeFileError extends Error {
  override name = 'LakeFileError';
}

export interface FetchFileOptions {
  signal?: AbortSignal | undefined;
  /** The open file cache; absent where there is none (Node) or when the database itself is kept. */
  cache?: Cache | undefined;
  /** Bytes of this file received so far. */
  onBytes?: (bytes: number) => void;
}

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // The copy gives digest a plain ArrayBuffer view, whatever buffer `bytes` sits on.
  const digest = await crypto.subtle.digest('SHA-256', new Uint8Array(bytes));
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** Why `bytes` are not `file`, or null when they are. */
export async function fileProblem(file: LakeFile, bytes: Uint8Array): Promise<string | null> {
  const sha = await sha256Hex(bytes);
  if (sha === file.sha256 && bytes.length === file.bytes) return null;
  const size = bytes.length === file.bytes ? `${bytes.length} bytes` : `${bytes.length} of ${file.bytes} bytes`;
  return `its sha256 is ${sha.slice(0, 12)}…, the manifest says ${file.sha256.slice(0, 12)}… (${size})`;
}

/** A response body as one array, `onBytes` told the bytes received so far. */
export async function readBody(response: Response, onBytes?: (bytes: number) => void): Promise<Uint8Array> {
  if (!response.body) return new Uint8Array(await response.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let received = 0;
  const reader = response.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    onBytes?.(received);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}

/** The file's bytes: from the cache when it holds them, else from the network (`reload`: past every cache). */
export async function fetchFileBytes(
  url: string,
  file: LakeFile,
  options: FetchFileOptions,
  reload: boolean,
): Promise<{ bytes: Uint8Array; fromCache: boolean }> {
  const cached = reload ? undefined : await options.cache?.match(url);
  if (cached) return { bytes: await readBody(cached, options.onBytes), fromCache: true };
  const response = await fetch(url, {
    credentials: 'same-origin',
    signal: options.signal ?? null,
    ...(reload && { cache: 'reload' }),
  });
  if (!response.ok)
    throw new LakeFileError(`The lake file ${file.path} could not be fetched: HTTP ${response.status}.`);
  return { bytes: await readBody(response, options.onBytes), fromCache: false };
}

/** Keeps verified bytes for the next visit; a full disk or a missing cache only costs that visit a download. */
export async function keepFile(url: string, bytes: Uint8Array, cache: Cache | undefined): Promise<void> {
  try {
    await cache?.put(
      url,
      new Response(new Uint8Array(bytes), { headers: { 'content-type': 'application/vnd.apache.parquet' } }),
    );
  } catch {
    // Quota or a closed cache: the file is loaded all the same.
  }
}

export async function openLakeCache(): Promise<Cache | undefined> {
  try {
    return typeof caches === 'undefined' ? undefined : await caches.open(lakeCacheName);
  } catch {
    return undefined;
  }
}

export async function deleteLakeCache(): Promise<void> {
  if (typeof caches !== 'undefined') await caches.delete(lakeCacheName);
}
