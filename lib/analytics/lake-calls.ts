// The lake sync: the manifest, then only what changed. Old rows go by id range
// (the server's event id is the row id of a lake load), new files are fetched,
// verified and loaded a group at a time, the tail is replaced when it differs,
// and the per-visitor tables are rebuilt once, only when a row changed, and
// then for the customers whose rows changed (lib/analytics/visitor-rebuild.ts).
// Each group of files and its ledger entries commit together, so a sync that stops
// keeps everything it finished and the next one resumes from there.
import { tableFromIPC } from 'apache-arrow';
import {
  bytesPerEventKept,
  type LakeCalls,
  type LakeKeep,
  type LakeSyncParams,
  type LakeSyncResult,
  type LakeWindow,
} from '../contracts/analytics';
import type { LakeFile, LakeManifest } from '../contracts/lake';
import { dropStagedBatch } from './batch-ingest';
import { joinIpcStreams, sameIpcSchema } from './arrow-stream';
import { fetchWaitingOutBusy } from './busy-fetch';
import type { DatasetSession, SessionCalls } from './dataset-session';
import type { ParquetReader } from './duckdb-bindings';
import type { CallOptions } from './engine';
import { aboveWhere, deleteWhereSql, fileIdRange, idRangesWhere, ingestBatchSql, loadBatchTable } from './event-ingest';
import {
  deleteLakeCache,
  fetchFileBytes,
  fileProblem,
  keepFile,
  LakeFileError,
  openLakeCache,
  sha256Hex,
} from './lake-files';
import { addLedgerFilesSql, dropLedgerFilesSql, ledgerFiles, ledgerState, setLedgerStateSql } from './lake-ledger';
import { fetchLakeManifest, lakeColumnsProblem, lakeFileUrl, lakeTailUrl } from './lake-manifest';
import { applyIdentityGraph } from './lake-people';
import { planLakeSync } from './lake-plan';
import { chooseLakeFiles, emptyWindow } from './lake-window';
import { fetchSnapshot, usableSnapshot, type LakeSnapshot } from './lake-snapshot';
import { markLoadedRowsSql, markRemovedRowsSql } from './stale-rows';
import { rebuildOwed, rebuildVisitorTables, visitorTablesBuilt } from './visitor-rebuild';

/** Files are moved into the dataset this many rows at a time: one insert and one transaction per group. */
const groupRows = 250_000;
/** Files downloading ahead of the one being read. */
const filesAhead = 6;

interface VerifiedFile {
  ipc: Uint8Array;
  /** Bytes from the network (0 when the file came from the cache). */
  downloaded: number;
}

/**
 * Staged lake rows into the dataset, by their server ids: every lake column the
 * stream has (checked), an older file's missing place columns as NULL.
 */
const moveLakeRowsSql = (ipc: Uint8Array) => ingestBatchSql(0, new Set(ipcShape(ipc).names));

/** Rows and column names of an Arrow IPC stream (apache-arrow reads its columns as views: nothing is copied). */
function ipcShape(ipc: Uint8Array): { rows: number; names: string[] } {
  const table = tableFromIPC(ipc);
  return { rows: table.numRows, names: table.schema.fields.map((field) => field.name) };
}

/** Replaces the kept database with `bytes` (null: an empty one) and points the session at it. */
export type ReplaceDatabase = (bytes: Uint8Array | null) => Promise<void>;

export function lakeCalls(
  session: DatasetSession,
  readParquet: ParquetReader,
  keep: LakeKeep,
  replaceDatabase?: ReplaceDatabase,
): SessionCalls<keyof LakeCalls> {
  const { sql } = session;

  /**
   * A cold start from the server's snapshot: true when the kept database is now the snapshot (its
   * ledger says which files it holds, so the sync goes on from there); false, with an empty
   * database again, when it could not be fetched, proven or opened.
   */
  async function startFromSnapshot(manifestUrl: string, snapshot: LakeSnapshot, options: CallOptions) {
    if (!replaceDatabase) return false;
    let replaced = false;
    try {
      const bytes = await fetchSnapshot(manifestUrl, snapshot, options);
      replaced = true;
      await replaceDatabase(bytes);
      if (!(await session.schemaCurrent()) || (await ledgerState(sql)) === null) {
        throw new Error("its tables are not this console's");
      }
      return true;
    } catch (error) {
      if (options.signal?.aborted && !replaced) throw error;
      console.warn('The console snapshot was not used; the lake is loaded file by file.', error);
      if (replaced) {
        await replaceDatabase(null);
        await session.reset();
      }
      return false;
    }
  }

  /** A file as Arrow IPC, verified; a bad copy is dropped from the cache and fetched once more past it. */
  async function verifiedFile(
    url: string,
    file: LakeFile,
    cache: Cache | undefined,
    options: CallOptions,
    onBytes: (bytes: number) => void,
  ): Promise<VerifiedFile> {
    let problem = '';
    for (const reload of [false, true]) {
      const { bytes, fromCache } = await fetchFileBytes(url, file, { cache, signal: options.signal, onBytes }, reload);
      problem = (await fileProblem(file, bytes)) ?? '';
      let ipc: Uint8Array | null = null;
      if (!problem) {
        try {
          ipc = readParquet(bytes);
          const shape = ipcShape(ipc);
          problem =
            lakeColumnsProblem(shape.names) ??
            (shape.rows === file.rows ? '' : `it has ${shape.rows} rows, the manifest says ${file.rows}`);
        } catch (error) {
          problem = `it is not a readable Parquet file (${error instanceof Error ? error.message : String(error)})`;
        }
      }
      if (!problem && ipc) {
        if (!fromCache) await keepFile(url, bytes, cache);
        return { ipc, downloaded: fromCache ? 0 : bytes.length };
      }
      await cache?.delete(url);
    }
    throw new LakeFileError(
      `The lake file ${file.path} was refused: ${problem}. It was fetched again and is still wrong, so the sync ` +
        'stopped; what was loaded before is kept.',
    );
  }

  /** The tail's bytes and digest; null when the manifest says it is empty. */
  async function fetchTail(manifestUrl: string, manifest: LakeManifest, options: CallOptions) {
    if (manifest.tail.rows === 0) return null;
    const url = lakeTailUrl(manifestUrl, manifest);
    const response = await fetchWaitingOutBusy(url, { credentials: 'same-origin', signal: options.signal ?? null });
    if (!response.ok) throw new Error(`Loading the newest events (the lake's tail) failed: HTTP ${response.status}.`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return { bytes, sha256: await sha256Hex(bytes) };
  }

  async function syncLake(params: LakeSyncParams, options: CallOptions): Promise<LakeSyncResult> {
    const { manifestUrl, full = false, budgetBytes, days = null } = params;
    options.onProgress?.({ phase: 'download', done: 0, total: null, bytes: 0, totalBytes: null });
    const manifest = await fetchLakeManifest(manifestUrl, options.signal);
    let state = await ledgerState(sql);
    const chosen = chooseLakeFiles(manifest, budgetBytes, days, bytesPerEventKept(keep));
    let fromSnapshot = false;
    if (full || state === null) {
      // Rows from another source (a file, the old export) or a full reload: start from nothing.
      await session.reset();
      if (full) await deleteLakeCache();
      state = null;
      const snapshot = usableSnapshot(manifest, chosen.files);
      fromSnapshot = snapshot !== null && (await startFromSnapshot(manifestUrl, snapshot, options));
      if (fromSnapshot) state = await ledgerState(sql);
      else {
        // The ledger exists from the start (its tail not loaded yet), so a first sync that stops resumes.
        await sql.exec(
          ...setLedgerStateSql({
            watermark: manifest.watermark,
            tailSha256: '',
            window: emptyWindow(params),
            summary: null,
          }),
        );
      }
    }
    const cache = keep === 'files' ? await openLakeCache() : undefined;
    const plan = planLakeSync(state ? await ledgerFiles(sql) : [], chosen.files);
    const tail = await fetchTail(manifestUrl, manifest, options);
    const tailSha256 = tail?.sha256 ?? null;
    /** Rows above it came from the old tail (none on a first sync). */
    const oldWatermark = state?.watermark ?? manifest.watermark;
    const tailChanged = state === null || state.watermark !== manifest.watermark || state.tailSha256 !== tailSha256;
    // With the per-visitor tables built (a kept sync, a snapshot), every change is marked as it
    // commits, so the rebuild touches only the customers it changed; without, it rebuilds them all.
    const built = await visitorTablesBuilt(sql);
    const owed = await rebuildOwed(sql, built);
    const peopleChanged = await applyIdentityGraph(sql, manifestUrl, options, built);
    const changed = owed || tailChanged || peopleChanged || plan.drop.length > 0 || plan.load.length > 0;
    const removeRows = (where: string | null) =>
      where === null ? [] : [...(built ? markRemovedRowsSql(where) : []), ...deleteWhereSql(where)];
    const moveRows = (ipc: Uint8Array) => [...(built ? [markLoadedRowsSql] : []), ...moveLakeRowsSql(ipc)];

    const total = plan.load.reduce((n, file) => n + file.rows, 0) + (tailChanged ? manifest.tail.rows : 0);
    const totalBytes = plan.load.reduce((n, file) => n + file.bytes, 0);
    let done = 0;
    let bytesBefore = 0;
    let fetchedBytes = 0;
    const report = (phase: 'download' | 'insert', fileBytes = 0) =>
      options.onProgress?.({ phase, done, total, bytes: bytesBefore + fileBytes, totalBytes });

    try {
      if (plan.drop.length > 0) {
        await sql.inTransaction(
          ...removeRows(idRangesWhere(plan.drop.map(fileIdRange))),
          ...dropLedgerFilesSql(plan.drop),
        );
      }

      // Files download a few at a time ahead of the one being read: the engine is busy while they arrive.
      const ahead: Promise<VerifiedFile>[] = [];
      let next = 0;
      const fetchNext = () => {
        const file = plan.load[next++];
        if (!file) return;
        const verified = verifiedFile(lakeFileUrl(manifestUrl, file), file, cache, options, (bytes) =>
          report('download', bytes),
        );
        verified.catch(() => undefined); // awaited in turn below; a later failure must not go unhandled meanwhile
        ahead.push(verified);
      };
      for (let i = 0; i < filesAhead; i++) fetchNext();

      let group: { files: LakeFile[]; streams: Uint8Array[]; rows: number } = { files: [], streams: [], rows: 0 };
      const commitGroup = async () => {
        if (group.files.length === 0) return;
        const joined = joinIpcStreams(group.streams);
        sql.insertArrow(loadBatchTable, joined, true);
        // Every loaded file not in the manifest went above; the old tail's rows that these files now
        // hold go with their arrival, so a sync that stops keeps the old tail for the rest.
        await sql.inTransaction(
          ...removeRows(idRangesWhere(group.files.filter((file) => file.lastId > oldWatermark).map(fileIdRange))),
          ...moveRows(joined),
          ...addLedgerFilesSql(group.files),
        );
        done += group.rows;
        report('insert');
        group = { files: [], streams: [], rows: 0 };
      };
      for (const file of plan.load) {
        if (options.signal?.aborted) throw new Error('Syncing was cancelled.');
        const { ipc, downloaded } = await (ahead.shift() as Promise<VerifiedFile>);
        fetchNext();
        fetchedBytes += downloaded;
        bytesBefore += file.bytes;
        const [first] = group.streams;
        if (first && !sameIpcSchema(first, ipc)) await commitGroup();
        group.files.push(file);
        group.streams.push(ipc);
        group.rows += file.rows;
        if (group.rows >= groupRows) await commitGroup();
      }
      await commitGroup();

      if (tailChanged) {
        if (tail) {
          const problem = lakeColumnsProblem(ipcShape(tail.bytes).names);
          if (problem) throw new Error(`The newest events (the lake's tail) cannot be loaded: ${problem}.`);
          sql.insertArrow(loadBatchTable, tail.bytes, true);
        }
        // The old tail's rows not held by a loaded file go, the new tail comes, in one step.
        const heldAbove = (await ledgerFiles(sql)).filter((file) => file.lastId > oldWatermark);
        await sql.inTransaction(
          ...removeRows(aboveWhere(oldWatermark, heldAbove.map(fileIdRange))),
          ...(tail ? moveRows(tail.bytes) : []),
          ...setLedgerStateSql({
            watermark: manifest.watermark,
            tailSha256,
            window: emptyWindow(params),
            summary: null,
          }),
        );
        done += manifest.tail.rows;
        report('insert');
      }
    } finally {
      await dropStagedBatch(sql);
      if (changed) {
        options.onProgress?.({ phase: 'index', done, total, bytes: bytesBefore, totalBytes });
        await rebuildVisitorTables(sql, built);
        session.forgetFacts();
      }
    }

    // Nothing changed since a kept sync: its summary holds, and scanning every row again is most of a reopen.
    if (!changed && state?.summary && !session.facts.summary) session.facts.summary = state.summary;
    const summary = await session.summary();
    const loadedRows = chosen.files.reduce((n, file) => n + file.rows, 0) + manifest.tail.rows;
    const window: LakeWindow = {
      loadedRows,
      totalRows: manifest.files.reduce((n, file) => n + file.rows, 0) + manifest.tail.rows,
      loadedFiles: chosen.files.length,
      totalFiles: manifest.files.length,
      firstEventAt: summary.firstEventAt,
      lastEventAt: summary.lastEventAt,
      limitedBy: chosen.limitedBy,
      budgetBytes,
      days,
    };
    const next = { watermark: manifest.watermark, tailSha256, window, summary };
    // A reopen with nothing new writes nothing: the kept database stays as it was.
    if (changed || JSON.stringify(state) !== JSON.stringify(next)) await sql.exec(...setLedgerStateSql(next));
    // A kept database writes its pages now: a closed tab must not leave the sync in the WAL only.
    if (keep === 'database' && (changed || fromSnapshot)) await sql.exec('CHECKPOINT');
    return {
      summary,
      window,
      fetchedFiles: plan.load.length,
      fetchedBytes,
      droppedFiles: plan.drop.length,
      changed,
      keep,
      fromSnapshot,
    };
  }

  return {
    syncLake,

    async lakeStatus() {
      const state = await ledgerState(sql);
      return { keep, window: state?.window ?? null };
    },

    async forgetLocalData() {
      await session.reset();
      await deleteLakeCache();
      if (keep === 'database') await sql.exec('CHECKPOINT');
      return session.summary();
    },
  };
}
