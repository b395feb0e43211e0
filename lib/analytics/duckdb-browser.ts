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
import { keptDatabaseFile } from './kept-data';

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
      const storage: EngineStorage = { keep, databasePath: keptDatabasePath };
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
