// Which of the lake's files a sync loads: the newest ones (by their events'
// time) that fit the memory budget beside the tail, within the days the
// marketer chose. The window is contiguous from the newest file back, so the
// loaded range is one stretch of time a banner can name.
import { engineBytesPerEvent } from '../contracts/analytics';
import type { LakeWindow } from '../contracts/analytics/lake-sync';
import type { LakeFile, LakeManifest } from '../contracts/lake';

const dayMs = 86_400_000;

export interface ChosenFiles {
  files: LakeFile[];
  limitedBy: 'memory' | 'days' | null;
}

/** The newest first: by the last event's time, then by id range (a day's parts). */
const newestFirst = (a: LakeFile, b: LakeFile) => b.lastEventAt - a.lastEventAt || b.lastId - a.lastId;

export function chooseLakeFiles(
  manifest: LakeManifest,
  budgetBytes: number,
  days: number | null,
  bytesPerEvent = engineBytesPerEvent,
): ChosenFiles {
  const sorted = [...manifest.files].sort(newestFirst);
  const newest = sorted[0]?.lastEventAt ?? manifest.generatedAt;
  const from = days === null ? -Infinity : newest - days * dayMs;
  // The tail is always loaded: it is the newest events, and small (the server compacts a large one).
  let room = Math.floor(budgetBytes / bytesPerEvent) - manifest.tail.rows;
  const files: LakeFile[] = [];
  for (const file of sorted) {
    if (file.lastEventAt < from) return { files, limitedBy: 'days' };
    if (file.rows > room) return { files, limitedBy: 'memory' };
    room -= file.rows;
    files.push(file);
  }
  return { files, limitedBy: null };
}

/** A window that loaded nothing yet, under the given budget and days. */
export const emptyWindow = ({ budgetBytes, days }: { budgetBytes: number; days?: number | null }): LakeWindow => ({
  loadedRows: 0,
  totalRows: 0,
  loadedFiles: 0,
  totalFiles: 0,
  firstEventAt: null,
  lastEventAt: null,
  limitedBy: null,
  budgetBytes,
  days: days ?? null,
});
