// DuckDB-WASM's browser blocking build. Its package "exports" point the
// browser import at a file that is not shipped, so the bundler reaches the
// real file through an alias (lib/build/analytics-assets.ts) and this types it.
declare module 'duckdb-wasm-browser-blocking' {
  import type { DuckDbBindings } from './duckdb-bindings';

  export function createDuckDB(
    bundles: Record<'mvp' | 'eh', { mainModule: string; mainWorker: string | null }>,
    logger: unknown,
    runtime: unknown,
  ): Promise<
    DuckDbBindings & {
      instantiate(onProgress?: (progress: unknown) => void): Promise<unknown>;
      /** Opens an opfs:// database file (and its WAL) through sync access handles before `open`. */
      prepareDBFileHandle(path: string, protocol: number): Promise<void>;
      /** Registers an OPFS file with DuckDB under `name`, through a sync access handle made from `handle`. */
      registerFileHandleAsync(
        name: string,
        handle: FileSystemFileHandle,
        protocol: number,
        directIO: boolean,
      ): Promise<void>;
    }
  >;
  export const BROWSER_RUNTIME: unknown;
  export class VoidLogger {}
}
