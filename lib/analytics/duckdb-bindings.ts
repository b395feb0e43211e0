// The slice of DuckDB-WASM's synchronous bindings the engine uses. Node's and
// the browser's blocking builds both provide it; typing it here keeps the
// engine free of either build (and of the apache-arrow copy DuckDB bundles).
export interface DuckDbConnection {
  useUnsafe<R>(callback: (bindings: unknown, connectionId: number) => R): R;
  insertArrowFromIPCStream(buffer: Uint8Array, options: { name: string; create?: boolean }): void;
  close(): void;
}

export interface DuckDbBindings {
  open(config: {
    path?: string;
    /** DuckDBAccessMode: 3 is read-write. */
    accessMode?: number;
    useDirectIO?: boolean;
    query?: Record<string, boolean>;
    maximumThreads?: number;
  }): void;
  connect(): DuckDbConnection;
  startPendingQuery(connection: number, text: string, allowStreamResult: boolean): Uint8Array | null;
  pollPendingQuery(connection: number): Uint8Array | null;
  cancelPendingQuery(connection: number): boolean;
  fetchQueryResults(connection: number): Uint8Array | null;
  registerFileBuffer(name: string, buffer: Uint8Array): void;
  dropFile(name: string): void;
  reset(): void;
}

/** Parquet file bytes to an Arrow IPC stream (parquet-wasm: the node or the web build). */
export type ParquetReader = (bytes: Uint8Array) => Uint8Array;

/**
 * Opens the database for analytics. Extension autoloading is off: DuckDB would
 * fetch its Parquet and JSON readers from the internet at run time, which hangs
 * offline and has no place in a self-hosted product.
 */
export function openAnalyticsDatabase(bindings: DuckDbBindings, path?: string): DuckDbConnection {
  bindings.open({
    ...(path !== undefined && { path, accessMode: 3, useDirectIO: true }),
    maximumThreads: 1,
    query: { castBigIntToDouble: true, castDecimalToDouble: true, castTimestampToDate: false },
  });
  const connection = bindings.connect();
  connection.useUnsafe((_, id) => {
    for (const setting of ['autoinstall_known_extensions', 'autoload_known_extensions']) {
      const header = bindings.startPendingQuery(id, `SET ${setting} = false`, false);
      if (header === null) throw new Error(`Could not set ${setting}.`);
      while (bindings.fetchQueryResults(id)?.length) {
        // drain
      }
    }
  });
  return connection;
}
