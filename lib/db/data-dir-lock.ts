import 'server-only';
import { closeSync, linkSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// PGlite is a single-process database: a second process opening the same folder
// corrupts it. A lock file beside the folder, holding the owner's pid, turns
// that into a clear error. Taking it must be atomic, since two processes may
// start at once:
//
// - The lock appears whole or not at all: the pid is written to a file of our
//   own, then hard-linked to the lock's name, which fails if the name exists
//   (create-exclusive, like open's 'wx', but with no moment where a reader
//   finds an empty lock and takes it for a dead owner's).
// - A lock whose owner is dead (killed, the machine lost power) is replaced,
//   but only by the one process holding `<lock>.takeover` (itself taken
//   create-exclusive), and only if the owner is still dead when checked under
//   it. Without that, two starters that both read the dead pid would each
//   remove "the stale lock" — the second removing the lock the first had just
//   taken — and both would open the folder.

export interface LockOptions {
  /** The pid written to the lock (this process's; tests inject others). */
  pid?: number;
  /** Whether a pid is a running process (tests inject one). */
  isAlive?: (pid: number) => boolean;
}

/** Takes the data folder's lock or throws why not; returns the release. */
export function lockDataDir(dataDir: string, options: LockOptions = {}): () => void {
  const pid = options.pid ?? process.pid;
  const alive = options.isAlive ?? processIsAlive;
  // Another process holds it: a pid that is not ours and runs (0, no pid, counts as dead).
  const heldByOther = (owner: number | undefined): owner is number =>
    owner !== undefined && owner > 0 && owner !== pid && alive(owner);
  mkdirSync(path.dirname(dataDir), { recursive: true });
  const lockFile = `${dataDir}.lock`;
  const mine = `${lockFile}.${pid}`;
  writeFileSync(mine, String(pid));
  try {
    if (!linkExclusive(mine, lockFile)) {
      const owner = lockOwner(lockFile);
      // Released between our link and our read: one more try, then it is a race lost.
      if (owner === undefined && linkExclusive(mine, lockFile)) return releaser(lockFile, pid);
      if (heldByOther(owner)) throw inUse(dataDir, owner);
      if (owner !== pid) takeOver(dataDir, lockFile, mine, heldByOther);
    }
  } finally {
    rmSync(mine, { force: true });
  }
  return releaser(lockFile, pid);
}

/** Replaces a dead owner's lock with ours, holding the takeover file while it checks and renames. */
function takeOver(
  dataDir: string,
  lockFile: string,
  mine: string,
  heldByOther: (owner: number | undefined) => owner is number,
) {
  const takeover = `${lockFile}.takeover`;
  let held: number;
  try {
    held = openSync(takeover, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    throw new Error(
      `The data folder ${dataDir} is being opened by another process right now. ` +
        `If no Kairos server or CLI is running, delete ${takeover} and try again.`,
    );
  }
  try {
    const owner = lockOwner(lockFile);
    if (heldByOther(owner)) throw inUse(dataDir, owner);
    // Atomic replace: the lock holds the dead pid until it holds ours, never nothing.
    renameSync(mine, lockFile);
  } finally {
    closeSync(held);
    rmSync(takeover, { force: true });
  }
}

function linkExclusive(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** The pid in the lock; undefined when there is no lock. A lock that holds no pid counts as a dead owner's (0). */
function lockOwner(lockFile: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(lockFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const pid = Number(text.trim());
  return Number.isInteger(pid) && pid > 0 ? pid : 0;
}

function releaser(lockFile: string, pid: number): () => void {
  // Removes the lock only while it is still ours (never a successor's).
  const release = () => {
    if (lockOwner(lockFile) === pid) rmSync(lockFile, { force: true });
  };
  process.once('exit', release);
  return release;
}

function inUse(dataDir: string, owner: number): Error {
  return new Error(
    `The data folder ${dataDir} is in use by process ${owner} (a running Kairos server or CLI). ` +
      'Stop it first, or use PostgreSQL through DATABASE_URL for several processes.',
  );
}

function processIsAlive(pid: number): boolean {
  if (pid <= 0) return false; // kill(0) would signal our own process group
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
