// The engine inside the analytics worker: DuckDB-WASM's synchronous browser
// build (the worker is the thread it blocks, so no nested worker), and
// parquet-wasm's web build. Both wasm files are served by our app from
// /duckdb/ (lib/build/analytics-assets.ts): no third-party host is needed.
import { BROWSER_RUNTIME, createDuckDB, VoidLogger } from 'duckdb-wasm-browser-blocking';
import initParquet, { readParquet } from 'parquet-wasm/esm';
import { createDuckDbEngine, type DuckDbEngine } from './duckdb-engine';

export async function createBrowserEngine(assetBase: string): Promise<DuckDbEngine> {
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
  return createDuckDbEngine(bindings, (bytes) => readParquet(bytes).intoIPCStream());
}
