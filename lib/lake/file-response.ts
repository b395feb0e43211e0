import 'server-only';
// One lake file over HTTP. Only a path the current manifest lists is served
// (the shape check alone already rules out `..` and other folders): the lake
// folder holds temporary and replaced files that are not the lake. A file
// never changes under its name, so it is cached for good and its ETag is its
// sha256. The console snapshot is served the same way, by its record.
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { errorResponse } from '../http/response';
import { isSnapshotName, readSnapshotRecord, snapshotFolder } from './console-snapshot';
import { isLakeFilePath } from './layout';
import { readManifest } from './manifest-store';

const notListed = () => errorResponse('not_found', 'No lake file at that path: the manifest lists the files.');

export async function lakeFileResponse(
  lakeDir: string,
  relative: string,
  ifNoneMatch: string | null,
): Promise<Response> {
  if (!isLakeFilePath(relative)) return notListed();
  const file = (await readManifest(lakeDir)).files.find((listed) => listed.path === relative);
  if (!file) return notListed();
  return immutableFile(path.join(lakeDir, file.path), file, 'application/vnd.apache.parquet', ifNoneMatch);
}

/** The console snapshot the record names (lib/lake/console-snapshot.ts); any other name is not found. */
export async function lakeSnapshotResponse(
  lakeDir: string,
  name: string,
  ifNoneMatch: string | null,
): Promise<Response> {
  const notCurrent = () => errorResponse('not_found', 'No console snapshot of that name: the manifest names it.');
  if (!isSnapshotName(name)) return notCurrent();
  const record = await readSnapshotRecord(lakeDir);
  if (record?.name !== name) return notCurrent();
  const response = await immutableFile(
    path.join(snapshotFolder(lakeDir), record.name),
    record,
    'application/vnd.duckdb',
    ifNoneMatch,
  );
  return response.status === 404 ? notCurrent() : response;
}

async function immutableFile(
  file: string,
  { sha256, bytes }: { sha256: string; bytes: number },
  contentType: string,
  ifNoneMatch: string | null,
): Promise<Response> {
  const headers = {
    'Content-Type': contentType,
    'Cache-Control': 'private, max-age=31536000, immutable',
    ETag: `"${sha256}"`,
  };
  const tags = (ifNoneMatch ?? '').split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (tags.includes(headers.ETag) || tags.includes('*')) return new Response(null, { status: 304, headers });
  const stream = createReadStream(file);
  // A compaction may have replaced the file since the manifest was read: then it is gone, and the console re-reads the manifest.
  const opened = await new Promise<boolean>((resolve) => {
    stream.once('open', () => resolve(true));
    stream.once('error', () => resolve(false));
  });
  if (!opened) return notListed();
  return new Response(Readable.toWeb(stream) as ReadableStream<Uint8Array>, {
    headers: { ...headers, 'Content-Length': String(bytes) },
  });
}
