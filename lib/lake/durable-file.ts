import 'server-only';
// Files that survive a crash whole or not at all: written under a temporary
// name, flushed to the disk, renamed over the final name, and the folder
// flushed so the rename itself is on the disk before anything depends on it.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { temporarySuffix } from './layout';

export async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** A fresh temporary name in `folder`; `what` says what it will be (`.manifest-…`, `.part-…`), for whoever finds it. */
export const temporaryName = (folder: string, what: string) =>
  path.join(folder, `.${what}-${randomBytes(6).toString('hex')}${temporarySuffix}`);

/** Flushes a finished temporary file, then renames it into place and flushes the folder. */
export async function publish(temporary: string, target: string): Promise<void> {
  await fsyncPath(temporary);
  await rename(temporary, target);
  await fsyncPath(path.dirname(target));
}

export async function writeFileDurably(target: string, data: string): Promise<void> {
  const temporary = temporaryName(path.dirname(target), path.basename(target, path.extname(target)));
  await writeFile(temporary, data);
  await publish(temporary, target);
}

export async function sha256OfFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
