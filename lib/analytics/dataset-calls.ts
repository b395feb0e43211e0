// Loading a dataset and querying it. Events and Arrow batches are inserted
// batch by batch, with progress; a file is first attached as a table of its own
// (the preview), then its columns are mapped to events.
import { RecordBatchReader, Table, tableToIPC } from 'apache-arrow';
import type { DatasetCalls, DatasetSummary, FileColumn, FileInput, FilePreview } from '../contracts/analytics';
import { datasetTables } from '../segments/dataset-schema';
import { finalizeDatasetSql } from '../segments/visitor-rollups';
import { moveStagedBatch, stageBatch } from './batch-ingest';
import type { DatasetSession, SessionCalls } from './dataset-session';
import { fetchWaitingOutBusy } from './busy-fetch';
import type { ParquetReader } from './duckdb-bindings';
import type { CallOptions } from './engine';
import { eventsToArrowBatches } from './event-arrow';
import { fileFormat, jsonToArrowIpc, mappingSql, readCsvSql, suggestMapping, whitespaceToCsv } from './file-loader';
import { num } from './row-values';
import { plainRows } from './sql-runner';

export function datasetCalls(session: DatasetSession, readParquet: ParquetReader): SessionCalls<keyof DatasetCalls> {
  const { sql } = session;
  /** Row ids continue across batches and appended loads. */
  let nextRowId = 0;

  async function reset(): Promise<void> {
    await session.reset();
    nextRowId = 0;
  }

  async function ingest(
    batches: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options: CallOptions,
    total: number | null,
  ): Promise<DatasetSummary> {
    let done = 0;
    for await (const batch of batches) {
      const staged = await stageBatch(sql, batch);
      await moveStagedBatch(sql, staged, nextRowId);
      nextRowId += staged.rows;
      done += staged.rows;
      options.onProgress?.({ phase: 'insert', done, total });
      if (options.signal?.aborted) throw new Error('Loading was cancelled.');
    }
    options.onProgress?.({ phase: 'index', done, total });
    await sql.exec(...finalizeDatasetSql);
    session.forgetFacts();
    return session.summary();
  }

  async function attach(file: FileInput): Promise<FilePreview> {
    const format = fileFormat(file);
    const { file: table } = datasetTables;
    await sql.exec(`DROP TABLE IF EXISTS ${table}`);
    if (format === 'parquet' || format === 'json') {
      const ipc = format === 'parquet' ? readParquet(file.bytes) : jsonToArrowIpc(file.bytes);
      sql.insertArrow(table, ipc, true);
    } else {
      const registered = `upload-${Date.now()}.csv`;
      sql.registerFile(registered, format === 'whitespace' ? whitespaceToCsv(file.bytes) : file.bytes);
      try {
        await sql.exec(readCsvSql(registered, file.header ?? true));
      } finally {
        sql.dropFile(registered);
      }
    }
    const columns = await fileColumns();
    const rows = num(await sql.scalar(`SELECT CAST(count(*) AS DOUBLE) FROM ${table}`));
    const sample = await sql.rows(`SELECT * FROM ${table} LIMIT 10`);
    return { format, rows, columns, sample, suggested: suggestMapping(columns) };
  }

  async function fileColumns(): Promise<FileColumn[]> {
    const rows = await sql.rows(`DESCRIBE ${datasetTables.file}`);
    return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  return {
    async loadEvents({ events, replace = true }, options) {
      if (replace) await reset();
      return ingest(eventsToArrowBatches(events), options, events.length);
    },

    async loadArrowBatches({ batches, replace = true }, options) {
      if (replace) await reset();
      return ingest(batches, options, null);
    },

    /** An Arrow IPC stream over HTTP (the server's export), inserted batch by batch as it arrives. */
    async loadArrowFromUrl({ url, replace = true }, options) {
      options.onProgress?.({ phase: 'download', done: 0, total: null });
      const response = await fetchWaitingOutBusy(url, { credentials: 'same-origin', signal: options.signal ?? null });
      if (!response.ok || !response.body) throw new Error(`Loading ${url} failed: HTTP ${response.status}.`);
      const total = Number(response.headers.get('x-kairos-rows') ?? NaN);
      if (replace) await reset();
      const reader = await RecordBatchReader.from(response.body);
      async function* ipcBatches() {
        for await (const batch of reader) yield tableToIPC(new Table(batch), 'stream');
      }
      return ingest(ipcBatches(), options, Number.isFinite(total) ? total : null);
    },

    attachFile: ({ file }) => attach(file),

    async loadFile({ file, mapping }, options) {
      if (file) await attach(file);
      options.onProgress?.({ phase: 'insert', done: 0, total: null });
      await reset();
      await sql.exec(mappingSql(mapping, await fileColumns(), 0));
      options.onProgress?.({ phase: 'index', done: 0, total: null });
      await sql.exec(...finalizeDatasetSql);
      const summary = await session.summary();
      nextRowId = summary.rows;
      return summary;
    },

    summary: () => session.summary(),

    async query({ sql: text, limit }, options) {
      const table = await sql.table(text, options.signal);
      const columns = table.schema.fields.map((field) => ({ name: field.name, type: String(field.type) }));
      const rows = plainRows(limit === undefined ? table : table.slice(0, limit));
      return { columns, rows };
    },
  };
}
