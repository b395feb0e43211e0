// The engine in Node (CLI, unit tests): DuckDB-WASM's Node build and
// parquet-wasm's Node build, in process. Same engine code as the browser.
import { createRequire } from 'node:module';
import type * as ParquetNode from 'parquet-wasm/node';
import path from 'node:path';
import type { DuckDbBindings } from './duckdb-bindings';
import { createDuckDbEngine, type DuckDbEngine } from './duckdb-engine';

const require = createRequire(import.meta.url);

interface NodeBlockingBuild {
  createDuckDB(
    bundles: Record<'mvp' | 'eh', { mainModule: string; mainWorker: string }>,
    logger: unknown,
    runtime: unknown,
  ): Promise<DuckDbBindings & { instantiate(): Promise<unknown> }>;
  VoidLogger: new () => unknown;
  NODE_RUNTIME: unknown;
}

/** DuckDB-WASM's Node build, instantiated and not yet opened: the console's own engine, in process. */
export async function nodeDuckDbBindings(): Promise<DuckDbBindings> {
  const duckdb = require('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs') as NodeBlockingBuild;
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-node-blocking.cjs'));
  const bindings = await duckdb.createDuckDB(
    {
      mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: '' },
      eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: '' },
    },
    new duckdb.VoidLogger(),
    duckdb.NODE_RUNTIME,
  );
  await bindings.instantiate();
  return bindings;
}

export async function createNodeEngine(): Promise<DuckDbEngine> {
  const bindings = await nodeDuckDbBindings();
  const parquet = require('parquet-wasm/node') as typeof ParquetNode;
  return createDuckDbEngine(bindings, (bytes) => parquet.readParquet(bytes).intoIPCStream());
}
