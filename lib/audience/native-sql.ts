import 'server-only';
// The server's DuckDB: the native engine (@duckdb/node-api), behind the same
// QuerySql face the console's DuckDB-WASM has, so the RFM and segment calls
// (and the segment compiler under them) run unchanged on the server. Native
// DuckDB runs a query on its own threads, off the request thread, and reads
// the lake's Parquet itself.
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { tableFromJSON, type Table } from 'apache-arrow';
import { abortError } from '../analytics/engine';
import type { QuerySql } from '../analytics/dataset-session';

export interface NativeSqlOptions {
  /** A database file (tables spill there, not into the server's memory), or ':memory:'. */
  path: string;
  /** DuckDB's memory_limit, e.g. '1GB'. */
  memoryLimit: string;
  threads: number;
  /**
   * The DuckDB storage version a new database file is written in (`v1.4.0`): an older DuckDB
   * (the console's DuckDB-WASM) reads only files written for its version or before.
   */
  storageVersion?: string;
}

export class NativeSql implements QuerySql {
  private tail: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  static async open(options: NativeSqlOptions): Promise<NativeSql> {
    const instance = await DuckDBInstance.create(options.path, {
      memory_limit: options.memoryLimit,
      threads: String(options.threads),
      // Nothing is fetched at run time: parquet and json are built in.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      ...(options.storageVersion && { storage_compatibility_version: options.storageVersion }),
    });
    return new NativeSql(instance, await instance.connect());
  }

  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  async rows(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    if (signal?.aborted) throw abortError();
    const onAbort = () => this.connection.interrupt();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const reader = await this.connection.runAndReadAll(sql);
      if (signal?.aborted) throw abortError();
      return reader.getRowObjectsJS().map((row) => plainRow(row));
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  /** As Arrow, for the calls that read a result as a table (CSV); the server reads rows. */
  async table(sql: string, signal?: AbortSignal): Promise<Table> {
    return tableFromJSON(await this.rows(sql, signal));
  }

  async exec(...statements: string[]): Promise<void> {
    for (const sql of statements) await this.connection.run(sql);
  }

  async scalar(sql: string): Promise<unknown> {
    const [row] = await this.rows(sql);
    return row ? Object.values(row)[0] : undefined;
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** As the console's rows are: bigints and timestamps become numbers (lib/analytics/sql-runner.ts plainRows). */
function plainRow(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(row)) out[key] = plainValue(value);
  return out;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (Array.isArray(value)) return value.map(plainValue);
  return value;
}
