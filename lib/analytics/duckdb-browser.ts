// The engine inside the analytics worker: DuckDB-WASM's synchronous browser
// build (the worker is the thread it blocks, so no nested worker), and
// parquet-wasm's web build. Both wasm files are served by our app from
// /duckdb/ (lib/build/analytics-assets.ts): no third-party host is needed.
// Kept as a database, the engine's tables live in one file of the Origin
// Private File System: DuckDB reads and writes it through a synchronous access
// handle, which only a worker can hold, and only one at a time.
import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from 'duckdb-wasm-browser-blocking';
import initParquet, { readParquet } from 'parquet-wasm/esm';
import type { LakeKeep } from '../contracts/analytics';
import { createDuckDbEngine, type DuckDbEngine, type EngineStorage } from './duckdb-engine';
import { openAnalyticsDatabase, type DuckDbConnection } from './duckdb-bindings';
import { keptDatabaseDownload, keptDatabaseFile } from './kept-data';

/** The console's kept database in the Origin Private File System. */
export const keptDatabasePath = `opfs://${keptDatabaseFile}`;

/** DuckDBDataProtocol.BROWSER_FSACCESS: files reached through the File System Access API (OPFS). */
const browserFsAccess = 3;

export async function createBrowserEngine(assetBase: string, keep: LakeKeep = 'none'): Promise<DuckDbEngine> {
  const asset = (name: string) => new URL(name, assetBase).href;
  const bindings = await createDuckDB(
    {
      mvp: { mainModule: asset('duckdb-mvp.wasm'), mainWorker: null },
      eh: { mainModule: asset('duckdb-eh.wasm'), mainWorker: null },
    },
    new VoidLogger(),
    BROWSER_RUNTIME,
  );
  await bindings.instantiate(() => {});
  await initParquet({ module_or_path: asset('parquet_wasm_bg.wasm') });
  const read = (bytes: Uint8Array) => readParquet(bytes).intoIPCStream();
  if (keep === 'database') {
    try {
      await bindings.prepareDBFileHandle(keptDatabasePath, browserFsAccess);
      const storage: EngineStorage = {
        keep,
        databasePath: keptDatabasePath,
        replaceDatabase: (bytes) => replaceKeptDatabase(bindings, bytes),
      };
      return createDuckDbEngine(bindings, read, storage);
    } catch (error) {
      // Another console tab holds the file (its handle is exclusive), or OPFS is unavailable:
      // this tab works in memory and keeps the lake's files instead.
      console.warn('The kept analytics database could not be opened; working in memory.', error);
      bindings.reset();
      return createDuckDbEngine(bindings, read, { keep: 'files' });
    }
  }
  return createDuckDbEngine(bindings, read, { keep });
}

/** What a worker can do with an OPFS file that the DOM typings (this file is also checked as page code) leave out. */
interface WorkerFileHandle {
  createSyncAccessHandle(): Promise<{
    truncate(size: number): void;
    write(buffer: Uint8Array, options: { at: number }): number;
    flush(): void;
    close(): void;
  }>;
  move(name: string): Promise<void>;
}

/**
 * The kept database becomes `bytes` (a console snapshot; null: an empty database). DuckDB lets go
 * of the file first (an in-memory database replaces it, and dropping the file closes its access
 * handle); the bytes go to a file of their own and are moved in place of the kept one only once written,
 * so a tab closed midway leaves a whole database or none (the next visit then starts cold), never
 * half of one.
 */
async function replaceKeptDatabase(
  bindings: Awaited<ReturnType<typeof createDuckDB>>,
  bytes: Uint8Array | null,
): Promise<DuckDbConnection> {
  openAnalyticsDatabase(bindings).close();
  for (const name of [keptDatabasePath, `${keptDatabasePath}.wal`]) {
    try {
      bindings.dropFile(name);
    } catch {
      // Not registered (no write-ahead log yet): nothing holds it.
    }
  }
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(`${keptDatabaseFile}.wal`).catch(() => undefined);
  if (bytes === null) {
    await root.removeEntry(keptDatabaseFile).catch(() => undefined);
  } else {
    const download = (await root.getFileHandle(keptDatabaseDownload, {
      create: true,
    })) as unknown as WorkerFileHandle;
    const access = await download.createSyncAccessHandle();
    try {
      access.truncate(0);
      for (let at = 0; at < bytes.length;) at += access.write(bytes.subarray(at), { at });
      access.flush();
    } finally {
      access.close();
    }
    await root.removeEntry(keptDatabaseFile).catch(() => undefined);
    // OPFS files move within the origin's root (Chromium 110, Firefox 111, Safari 15.2).
    await download.move(keptDatabaseFile);
  }
  // Both files registered with DuckDB before the open. prepareDBFileHandle registers only files
  // that hold bytes, and DuckDB opens a merely prepared, empty write-ahead log for reading at the
  // start: beside a database that holds data, every later commit then fails ("File is not opened
  // in write mode"). A registered one is opened for writing.
  for (const name of [keptDatabaseFile, `${keptDatabaseFile}.wal`]) {
    const handle = await root.getFileHandle(name, { create: true });
    await bindings.registerFileHandleAsync(`opfs://${name}`, handle, browserFsAccess, true);
  }
  const connection = openAnalyticsDatabase(bindings, keptDatabasePath);
  return connection;
}
