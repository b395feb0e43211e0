// What a sync changes, given what is loaded (the ledger) and the files chosen
// from the manifest: a loaded file stays only when the manifest still names it
// with the same sha256; every other loaded file's rows go (a file rewritten
// after a visitor was forgotten, one compacted away, one outside the window);
// every chosen file not loaded is fetched.
import type { LakeFile } from '../contracts/lake';
import type { LedgerFile } from './lake-ledger';

export interface LakePlan {
  drop: LedgerFile[];
  load: LakeFile[];
}

export function planLakeSync(loaded: readonly LedgerFile[], chosen: readonly LakeFile[]): LakePlan {
  const same = (a: LedgerFile, b: LakeFile) => a.path === b.path && a.sha256 === b.sha256;
  return {
    drop: loaded.filter((file) => !chosen.some((c) => same(file, c))),
    load: chosen.filter((file) => !loaded.some((l) => same(l, file))),
  };
}
