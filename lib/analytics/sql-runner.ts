// Runs SQL on one DuckDB connection as a pending query: DuckDB works in small
// steps and the runner yields to the event loop between them, so a worker can
// still receive a cancel message while a long query runs (DuckDB-WASM's own
// async worker polls the same way). Calls are serialised: one connection runs
// one query at a time.
import { RecordBatchReader, type Table, tableFromIPC } from 'apache-arrow';
import { abortError } from './engine';
import type { DuckDbBindings, DuckDbConnection } from './duckdb-bindings';

// A MessageChannel round trip yields without setTimeout's 4 ms clamp on nested
// timers, which would dominate a query of many short steps. Node may run port
// messages ahead of timers, so every 20 ms a real timer turn lets timers (and a
// worker's incoming messages) through as well.
const channel = new MessageChannel();
const waiting: (() => void)[] = [];
channel.port1.onmessage = () => waiting.shift()?.();
// In Node an open port keeps the process alive; the CLI must exit when done.
(channel.port1 as MessagePort & { unref?: () => void }).unref?.();
let lastTimerTurn = 0;
const yieldToEventLoop = () =>
  new Promise<void>((resolve) => {
    const now = performance.now();
    if (now - lastTimerTurn > 20) {
      lastTimerTurn = now;
      setTimeout(resolve, 0);
      return;
    }
    waiting.push(resolve);
    channel.port2.postMessage(null);
  });

/**
 * Some DuckDB errors (the parser's) arrive as a JSON object in the message;
 * a marketer or a terminal should read "Parser Error: syntax error at ...".
 */
function readableErrors<T>(call: () => T): T {
  try {
    return call();
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith('{')) throw error;
    let parsed: { exception_type?: unknown; exception_message?: unknown };
    try {
      parsed = JSON.parse(error.message) as typeof parsed;
    } catch {
      throw error;
    }
    if (typeof parsed.exception_message !== 'string') throw error;
    const kind = typeof parsed.exception_type === 'string' ? `${parsed.exception_type} Error: ` : '';
    throw new Error(`${kind}${parsed.exception_message}`, { cause: error });
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, chunk) => n + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

export class SqlRunner {
  private connectionId: number;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly bindings: DuckDbBindings,
    private connection: DuckDbConnection,
  ) {
    this.connectionId = connection.useUnsafe((_, id) => id);
  }

  /** Queries go to `connection` from now on (the database was replaced under the runner: a console snapshot). */
  useConnection(connection: DuckDbConnection): void {
    this.connection = connection;
    this.connectionId = connection.useUnsafe((_, id) => id);
  }

  /** Closes the current connection (before the database under it is replaced). */
  closeConnection(): void {
    this.connection.close();
  }

  /** Runs `work` after every earlier call has finished. */
  exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.tail.then(work, work);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** One statement's result as an Arrow table (this package's apache-arrow, read from IPC). */
  async table(sql: string, signal?: AbortSignal): Promise<Table> {
    if (signal?.aborted) throw abortError();
    const { bindings, connectionId: id } = this;
    let header = readableErrors(() => bindings.startPendingQuery(id, sql, false));
    while (header === null) {
      await yieldToEventLoop();
      if (signal?.aborted) {
        bindings.cancelPendingQuery(id);
        throw abortError();
      }
      header = readableErrors(() => bindings.pollPendingQuery(id));
    }
    const chunks = [header];
    for (
      let chunk = bindings.fetchQueryResults(id);
      chunk && chunk.length > 0;
      chunk = bindings.fetchQueryResults(id)
    ) {
      chunks.push(chunk);
    }
    const reader = RecordBatchReader.from(concat(chunks));
    return tableFromIPC(reader);
  }

  /** Statements run for their effect. */
  async exec(...statements: string[]): Promise<void> {
    for (const sql of statements) await this.table(sql);
  }

  /** Statements that commit together or not at all. */
  async inTransaction(...statements: string[]): Promise<void> {
    await this.exec('BEGIN TRANSACTION');
    try {
      await this.exec(...statements);
      await this.exec('COMMIT');
    } catch (error) {
      await this.exec('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async rows(sql: string, signal?: AbortSignal): Promise<Record<string, unknown>[]> {
    return plainRows(await this.table(sql, signal));
  }

  async scalar(sql: string): Promise<unknown> {
    const [row] = await this.rows(sql);
    return row ? Object.values(row)[0] : undefined;
  }

  insertArrow(name: string, ipcStream: Uint8Array, create: boolean): void {
    this.connection.insertArrowFromIPCStream(ipcStream, { name, create });
  }

  registerFile(name: string, bytes: Uint8Array): void {
    this.bindings.registerFileBuffer(name, bytes);
  }

  dropFile(name: string): void {
    this.bindings.dropFile(name);
  }
}

/** Rows as plain objects that survive postMessage and JSON: bigints and dates become numbers. */
export function plainRows(table: Table): Record<string, unknown>[] {
  const names = table.schema.fields.map((field) => field.name);
  const columns = names.map((name) => table.getChild(name));
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    names.forEach((name, c) => {
      row[name] = plainValue(columns[c]?.get(i));
    });
    rows.push(row);
  }
  return rows;
}

function plainValue(value: unknown): unknown {
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.getTime();
  if (value !== null && typeof value === 'object' && 'toJSON' in value && typeof value.toJSON === 'function') {
    return value.toJSON() as unknown;
  }
  return value;
}
