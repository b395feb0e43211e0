// The engine over DuckDB-WASM's synchronous bindings: the same code in Node
// (lib/analytics/duckdb-node.ts) and in the browser's analytics worker
// (lib/analytics/duckdb-browser.ts). Data comes in as Arrow, never row by row.
import { RecordBatchReader, Table, tableFromArrays, tableToIPC } from 'apache-arrow';
import type {
  DatasetSummary,
  EngineCalls,
  FileColumn,
  FilePreview,
  MemberPage,
  OverlapRegion,
  RfmSegmentMeans,
  SegmentCsv,
  SegmentOptions,
  SegmentStats,
  RfmCustomerRow,
  RfmReport,
  RfmSegmentRow,
} from '../contracts/analytics';
import type { IntentModel } from '../contracts/device-config';
import type { IntentCutPoints, RfmModel } from '../contracts/profile';
import { parseSegmentTree, rfmSegmentNames, type RfmSegmentName, type SegmentTree } from '../contracts/segment';
import { compileSegmentQuery, compileSegmentSql, type SqlSegmentContext } from '../segments/compile-sql';
import { memberColumns, memberRowsSql } from '../segments/member-columns';
import { rfmSegmentMeansSql, segmentOverlapSql, segmentStatsSql } from '../segments/segment-stats';
import { datasetDdl, datasetTables, finalizeDatasetSql } from '../segments/dataset-schema';
import {
  defaultAsOf,
  defaultPurchaseEvent,
  rfmCustomersSql,
  hasOrderIdsSql,
  rfmCutPointsSql,
  rfmGridSql,
  rfmModel,
  rfmScoreSql,
  rfmValuesSql,
} from '../segments/rfm';
import { sqlInteger, sqlString } from '../segments/sql-literal';
import { customerSummaryRow, customerSummarySql, isoDay, parseCalibrationEnd } from '../intent/customer-summary';
import { holdoutComparison, holdoutPurchasesSql } from '../intent/holdout';
import { checkHorizonDays, defaultIntentHorizonDays, intentFitReport } from '../intent/intent-fit';
import { intentReport } from '../intent/intent-report';
import { featureEventNamesSql, featureNames, goalFeaturesSql } from '../intent/goal-features';
import { goalPropensityReport, labelledRows } from '../intent/goal-propensity';
import { intentScoresTable } from '../segments/intent-score';
import { tableToCsv } from './csv';
import { abortError, type AnalyticsEngine, type CallOptions } from './engine';
import type { DuckDbBindings, ParquetReader } from './duckdb-bindings';
import { openAnalyticsDatabase } from './duckdb-bindings';
import { batchColumnsSql, ingestBatchSql, loadBatchTable, summarySql } from './event-ingest';
import { eventsToArrowBatches } from './event-arrow';
import { fileFormat, jsonToArrowIpc, mappingSql, readCsvSql, suggestMapping, whitespaceToCsv } from './file-loader';
import { plainRows, SqlRunner } from './sql-runner';

type Params<K extends keyof EngineCalls> = EngineCalls[K]['params'];

/** Until issue 7 publishes intent cut points, a score of 0.7 is high and 0.4 medium. */
export const defaultIntentCutPoints: IntentCutPoints = { high: 0.7, medium: 0.4 };

const num = (value: unknown) => (typeof value === 'number' ? value : Number(value ?? 0));
const numberList = (value: unknown): number[] => (Array.isArray(value) ? value.map(num) : []);

export class DuckDbEngine implements AnalyticsEngine {
  private readonly sql: SqlRunner;
  private nextRowId = 0;
  private ready: Promise<void>;
  /** The model rfm_scores holds, so segment counts reuse it. */
  private scored: { key: string; model: RfmModel } | null = null;
  /** Facts of the loaded dataset, read once per load. */
  private loaded: { summary: DatasetSummary; hasOrderIds: Map<string, boolean> } | null = null;
  /** The last intent fit of this dataset: its model places customers in tiers (intent_scores holds their expected purchases). */
  private fitted: IntentModel | null = null;

  constructor(
    private readonly bindings: DuckDbBindings,
    private readonly readParquet: ParquetReader,
  ) {
    this.sql = new SqlRunner(bindings, openAnalyticsDatabase(bindings));
    this.ready = this.sql.exec(...datasetDdl);
  }

  private run<T>(work: () => Promise<T>): Promise<T> {
    return this.sql.exclusive(async () => {
      await this.ready;
      return work();
    });
  }

  private async reset(): Promise<void> {
    await this.sql.exec(...datasetDdl);
    this.nextRowId = 0;
    this.scored = null;
    this.loaded = null;
    this.fitted = null;
  }

  private async ingest(
    batches: Iterable<Uint8Array> | AsyncIterable<Uint8Array>,
    options: CallOptions,
    total: number | null,
  ): Promise<DatasetSummary> {
    let done = 0;
    for await (const batch of batches) {
      this.sql.insertArrow(loadBatchTable, batch, true);
      const columns = new Set((await this.sql.rows(batchColumnsSql)).map((row) => String(row.column_name)));
      const rows = num(await this.sql.scalar(`SELECT CAST(count(*) AS DOUBLE) FROM ${loadBatchTable}`));
      await this.sql.exec(...ingestBatchSql(this.nextRowId, columns));
      this.nextRowId += rows;
      done += rows;
      options.onProgress?.({ phase: 'insert', done, total });
      if (options.signal?.aborted) throw new Error('Loading was cancelled.');
    }
    options.onProgress?.({ phase: 'index', done, total });
    await this.sql.exec(...finalizeDatasetSql);
    this.scored = null;
    this.loaded = null;
    this.fitted = null;
    return this.readSummary();
  }

  private async readSummary(): Promise<DatasetSummary> {
    if (this.loaded) return this.loaded.summary;
    const [row] = await this.sql.rows(summarySql(sqlString(defaultPurchaseEvent)));
    const rows = num(row?.rows);
    const summary = {
      rows,
      customers: num(row?.customers),
      purchases: num(row?.purchases),
      revenue: num(row?.revenue),
      firstEventAt: rows > 0 ? num(row?.first_event_at) : null,
      lastEventAt: rows > 0 ? num(row?.last_event_at) : null,
    };
    this.loaded = { summary, hasOrderIds: new Map() };
    return summary;
  }

  loadEvents({ events, replace = true }: Params<'loadEvents'>, options: CallOptions = {}) {
    return this.run(async () => {
      if (replace) await this.reset();
      return this.ingest(eventsToArrowBatches(events), options, events.length);
    });
  }

  loadArrowBatches({ batches, replace = true }: Params<'loadArrowBatches'>, options: CallOptions = {}) {
    return this.run(async () => {
      if (replace) await this.reset();
      return this.ingest(batches, options, null);
    });
  }

  /** An Arrow IPC stream over HTTP (the server's export), inserted batch by batch as it arrives. */
  loadArrowFromUrl({ url, replace = true }: Params<'loadArrowFromUrl'>, options: CallOptions = {}) {
    return this.run(async () => {
      options.onProgress?.({ phase: 'download', done: 0, total: null });
      const response = await fetch(url, { credentials: 'same-origin', signal: options.signal ?? null });
      if (!response.ok || !response.body) throw new Error(`Loading ${url} failed: HTTP ${response.status}.`);
      const total = Number(response.headers.get('x-kairos-rows') ?? NaN);
      if (replace) await this.reset();
      const reader = await RecordBatchReader.from(response.body);
      async function* ipcBatches() {
        for await (const batch of reader) yield tableToIPC(new Table(batch), 'stream');
      }
      return this.ingest(ipcBatches(), options, Number.isFinite(total) ? total : null);
    });
  }

  attachFile({ file }: Params<'attachFile'>) {
    return this.run(() => this.attach(file));
  }

  private async attach(file: Params<'attachFile'>['file']): Promise<FilePreview> {
    const format = fileFormat(file);
    const { file: table } = datasetTables;
    await this.sql.exec(`DROP TABLE IF EXISTS ${table}`);
    if (format === 'parquet' || format === 'json') {
      const ipc = format === 'parquet' ? this.readParquet(file.bytes) : jsonToArrowIpc(file.bytes);
      this.sql.insertArrow(table, ipc, true);
    } else {
      const registered = `upload-${Date.now()}.csv`;
      this.sql.registerFile(registered, format === 'whitespace' ? whitespaceToCsv(file.bytes) : file.bytes);
      try {
        await this.sql.exec(readCsvSql(registered, file.header ?? true));
      } finally {
        this.sql.dropFile(registered);
      }
    }
    const columns = await this.fileColumns();
    const rows = num(await this.sql.scalar(`SELECT CAST(count(*) AS DOUBLE) FROM ${table}`));
    const sample = await this.sql.rows(`SELECT * FROM ${table} LIMIT 10`);
    return { format, rows, columns, sample, suggested: suggestMapping(columns) };
  }

  private async fileColumns(): Promise<FileColumn[]> {
    const rows = await this.sql.rows(`DESCRIBE ${datasetTables.file}`);
    return rows.map((row) => ({ name: String(row.column_name), type: String(row.column_type) }));
  }

  loadFile({ file, mapping }: Params<'loadFile'>, options: CallOptions = {}) {
    return this.run(async () => {
      if (file) await this.attach(file);
      options.onProgress?.({ phase: 'insert', done: 0, total: null });
      await this.reset();
      await this.sql.exec(mappingSql(mapping, await this.fileColumns(), 0));
      options.onProgress?.({ phase: 'index', done: 0, total: null });
      await this.sql.exec(...finalizeDatasetSql);
      const summary = await this.readSummary();
      this.nextRowId = summary.rows;
      return summary;
    });
  }

  summary() {
    return this.run(() => this.readSummary());
  }

  query({ sql, limit }: Params<'query'>, options: CallOptions = {}) {
    return this.run(async () => {
      const table = await this.sql.table(sql, options.signal);
      const columns = table.schema.fields.map((field) => ({ name: field.name, type: String(field.type) }));
      const rows = plainRows(limit === undefined ? table : table.slice(0, limit));
      return { columns, rows };
    });
  }

  /** Computes (or reuses) rfm_scores for these options and returns the published model. */
  private async score(params: Params<'rfm'>, signal?: AbortSignal): Promise<RfmModel> {
    const purchaseEvent = params.purchaseEvent ?? defaultPurchaseEvent;
    const { lastEventAt } = await this.readSummary();
    const asOf = params.asOf ?? defaultAsOf(lastEventAt ?? 0);
    const key = `${asOf}|${purchaseEvent}`;
    if (this.scored?.key === key) return this.scored.model;
    this.scored = null;
    const known = this.loaded?.hasOrderIds;
    const countOrders = known?.get(purchaseEvent) ?? (await this.sql.scalar(hasOrderIdsSql(purchaseEvent))) === true;
    known?.set(purchaseEvent, countOrders);
    await this.sql.table(rfmValuesSql(asOf, purchaseEvent, countOrders), signal);
    const [cuts] = await this.sql.rows(rfmCutPointsSql, signal);
    const model = rfmModel(asOf, {
      recencyDays: numberList(cuts?.recency_days),
      frequency: numberList(cuts?.frequency),
      monetaryCents: numberList(cuts?.monetary_cents),
    });
    await this.sql.table(rfmScoreSql(model), signal);
    this.scored = { key, model };
    return model;
  }

  rfm(params: Params<'rfm'>, options: CallOptions = {}) {
    return this.run(async (): Promise<RfmReport> => {
      const model = await this.score(params, options.signal);
      const grid = Array.from({ length: 5 }, () => Array.from({ length: 5 }, () => 0));
      const bySegment = new Map<RfmSegmentName, { customers: number; cents: number }>();
      for (const row of await this.sql.rows(rfmGridSql, options.signal)) {
        const [r, f] = [num(row.r), num(row.f)];
        const cells = grid[r - 1];
        const segment = model.segmentGrid[r - 1]?.[f - 1];
        if (!cells || !segment) throw new Error(`RFM scores out of range: R${r} F${f}.`);
        cells[f - 1] = num(row.customers);
        const total = bySegment.get(segment) ?? { customers: 0, cents: 0 };
        bySegment.set(segment, {
          customers: total.customers + num(row.customers),
          cents: total.cents + num(row.cents),
        });
      }
      const customers = grid.flat().reduce((a, b) => a + b, 0);
      const cents = [...bySegment.values()].reduce((n, s) => n + s.cents, 0);
      const segments: RfmSegmentRow[] = rfmSegmentNames.map((segment) => {
        const total = bySegment.get(segment) ?? { customers: 0, cents: 0 };
        return {
          segment,
          customers: total.customers,
          customerShare: customers > 0 ? total.customers / customers : 0,
          revenue: total.cents / 100,
          revenueShare: cents > 0 ? total.cents / cents : 0,
        };
      });
      const revenue = cents / 100;
      return { model, customers, revenue, segments, grid };
    });
  }

  rfmCustomers(params: Params<'rfmCustomers'>, options: CallOptions = {}) {
    return this.run(async (): Promise<RfmCustomerRow[]> => {
      await this.score(params, options.signal);
      const rows = await this.sql.rows(rfmCustomersSql, options.signal);
      return rows.map((row) => ({
        customer: String(row.customer),
        recency: num(row.recency),
        frequency: num(row.frequency),
        monetary: num(row.monetary),
        r: num(row.r),
        f: num(row.f),
        m: num(row.m),
        segment: row.segment as RfmSegmentName,
      }));
    });
  }

  private async segmentSql(params: Params<'segmentCount'>, signal?: AbortSignal): Promise<string> {
    const tree: SegmentTree = parseSegmentTree(params.tree);
    return compileSegmentQuery(tree, await this.segmentContext(params, signal));
  }

  /** Scores RFM for these options (segments read rfm_scores) and gives the compiler's context. */
  private async segmentContext(params: SegmentOptions, signal?: AbortSignal): Promise<SqlSegmentContext> {
    const model = await this.score(
      { ...(params.asOf !== undefined && { asOf: params.asOf }), purchaseEvent: params.purchaseEvent },
      signal,
    );
    // Cut points given by the caller test the intentScore trait; otherwise the fit's model, when there is one.
    return {
      asOf: model.asOf,
      intent: params.intent ?? this.fitted?.cutPoints ?? defaultIntentCutPoints,
      intentFromFit: params.intent === undefined && this.fitted !== null,
    };
  }

  // --- Segment console (issue 5) ---

  segmentStats(params: Params<'segmentStats'>, options: CallOptions = {}) {
    return this.run(async (): Promise<SegmentStats> => {
      const tree = parseSegmentTree(params.tree);
      const context = await this.segmentContext(params, options.signal);
      const [row] = await this.sql.rows(segmentStatsSql(compileSegmentSql(tree, context)), options.signal);
      return {
        members: num(row?.members),
        customers: num(row?.customers),
        memberRevenue: num(row?.member_cents) / 100,
        revenue: num(row?.total_cents) / 100,
      };
    });
  }

  segmentMemberPage(params: Params<'segmentMemberPage'>, options: CallOptions = {}) {
    return this.run(async (): Promise<MemberPage> => {
      const tree = parseSegmentTree(params.tree);
      const context = await this.segmentContext(params, options.signal);
      const columns = memberColumns(tree, context);
      const where = compileSegmentSql(tree, context);
      const sql = memberRowsSql(columns, where, params.sort ?? { column: 0, descending: false });
      const limit = Math.max(0, Math.min(10_000, Math.floor(params.limit)));
      const offset = Math.max(0, Math.floor(params.offset));
      const rows = await this.sql.rows(
        `${sql} LIMIT ${sqlInteger(limit)} OFFSET ${sqlInteger(offset)}`,
        options.signal,
      );
      const total = num(
        (await this.sql.rows(`SELECT CAST(count(*) AS DOUBLE) AS n FROM visitors v WHERE ${where}`, options.signal))[0]
          ?.n,
      );
      return {
        columns: columns.map(({ label, type }) => ({ label, type })),
        rows: rows.map((row) => Object.values(row) as MemberPage['rows'][number]),
        total,
      };
    });
  }

  segmentCsv(params: Params<'segmentCsv'>, options: CallOptions = {}) {
    return this.run(async (): Promise<SegmentCsv> => {
      const tree = parseSegmentTree(params.tree);
      const context = await this.segmentContext(params, options.signal);
      const columns = memberColumns(tree, context);
      const sql = memberRowsSql(columns, compileSegmentSql(tree, context), { column: 0, descending: false });
      const table = await this.sql.table(sql, options.signal);
      return {
        csv: tableToCsv(
          columns.map((column) => column.label),
          table,
        ),
        rows: table.numRows,
      };
    });
  }

  segmentOverlap(params: Params<'segmentOverlap'>, options: CallOptions = {}) {
    return this.run(async (): Promise<OverlapRegion[]> => {
      if (params.trees.length < 2 || params.trees.length > 3) throw new Error('Compare two or three segments.');
      const context = await this.segmentContext(params, options.signal);
      const conditions = params.trees.map((tree) => compileSegmentSql(parseSegmentTree(tree), context));
      const rows = await this.sql.rows(segmentOverlapSql(conditions), options.signal);
      return rows.map((row) => ({ mask: num(row.mask), customers: num(row.customers) }));
    });
  }

  rfmSegmentMeans(params: Params<'rfmSegmentMeans'>, options: CallOptions = {}) {
    return this.run(async (): Promise<RfmSegmentMeans[]> => {
      await this.score(params, options.signal);
      const rows = await this.sql.rows(rfmSegmentMeansSql, options.signal);
      return rows.map((row) => ({
        segment: row.segment as RfmSegmentName,
        customers: num(row.customers),
        recencyDays: num(row.recency_days),
        frequency: num(row.frequency),
        monetary: num(row.monetary),
        r: num(row.r),
        f: num(row.f),
        m: num(row.m),
      }));
    });
  }

  segmentCount(params: Params<'segmentCount'>, options: CallOptions = {}) {
    return this.run(async () => {
      const sql = await this.segmentSql(params, options.signal);
      return num(
        await this.sql.rows(`SELECT CAST(count(*) AS DOUBLE) AS n FROM (${sql})`, options.signal).then((r) => r[0]?.n),
      );
    });
  }

  segmentMembers(params: Params<'segmentMembers'>, options: CallOptions = {}) {
    return this.run(async () => {
      const sql = await this.segmentSql(params, options.signal);
      const rows = await this.sql.rows(`${sql} ORDER BY 1`, options.signal);
      return rows.map((row) => String(row.customer));
    });
  }

  /**
   * BG/NBD and Gamma-Gamma on the purchases up to the calibration end; keeps
   * each customer's expected purchases (intent_scores) for segment counts and
   * compares expected with actual repeat purchases after the calibration end.
   */
  intent(params: Params<'intent'>, options: CallOptions = {}) {
    return this.run(async () => {
      const { lastEventAt } = await this.readSummary();
      if (lastEventAt === null) throw new Error('Load a dataset first: intent is fitted on its purchases.');
      const lastDay = isoDay(lastEventAt);
      const calibrationEnd = params.calibrationEnd ?? lastDay;
      parseCalibrationEnd(calibrationEnd);
      const horizonDays = checkHorizonDays(params.horizonDays ?? defaultIntentHorizonDays);
      const step = (phase: 'summarise' | 'fit' | 'holdout' | 'score', done: number) => {
        if (options.signal?.aborted) throw abortError();
        options.onProgress?.({ phase, done, total: 4 });
      };
      step('summarise', 0);
      const rows = await this.sql.rows(customerSummarySql(calibrationEnd), options.signal);
      const summaries = rows.map(customerSummaryRow);
      if (summaries.length === 0) throw new Error(`No purchases on or before ${calibrationEnd}.`);
      step('fit', 1);
      const report = intentReport(summaries, { calibrationEnd, horizonDays, withSpend: true });
      step('holdout', 2);
      let holdout = null;
      if (calibrationEnd < lastDay) {
        const actual = await this.sql.rows(holdoutPurchasesSql(calibrationEnd, lastDay), options.signal);
        const byKey = new Map(actual.map((row) => [num(row.customer_key), num(row.purchases)]));
        holdout = holdoutComparison(report.bgnbd.parameters, summaries, byKey, { calibrationEnd, end: lastDay });
      }
      step('score', 3);
      await this.sql.exec(`DROP TABLE IF EXISTS ${intentScoresTable}`);
      const scores = tableFromArrays({
        customer_key: Float64Array.from(report.predictions, (p) => p.customerKey),
        expected_purchases: Float64Array.from(report.predictions, (p) => p.expectedPurchases),
      });
      this.sql.insertArrow(intentScoresTable, tableToIPC(scores, 'stream'), true);
      const fit = intentFitReport(summaries, report, holdout);
      this.fitted = fit.model;
      options.onProgress?.({ phase: 'score', done: 4, total: 4 });
      return fit;
    });
  }

  /** A logistic-regression propensity for a goal event, trained and tested on a time-based split. */
  goalPropensity(params: Params<'goalPropensity'>, options: CallOptions = {}) {
    return this.run(async () => {
      const { lastEventAt } = await this.readSummary();
      if (lastEventAt === null) throw new Error('Load a dataset first: the goal score is trained on its events.');
      const goalEvent = params.goalEvent.trim();
      if (goalEvent === '') throw new Error('Name the goal event (for example "Order Completed").');
      const horizonDays = checkHorizonDays(params.horizonDays);
      const dayMs = 86_400_000;
      const splitDate = params.splitDate ?? isoDay((Math.floor(lastEventAt / dayMs) + 1 - horizonDays) * dayMs);
      const split = parseCalibrationEnd(splitDate);
      const step = (phase: 'features' | 'train', done: number) => {
        if (options.signal?.aborted) throw abortError();
        options.onProgress?.({ phase, done, total: 3 });
      };
      step('features', 0);
      const names = (await this.sql.rows(featureEventNamesSql, options.signal)).map((row) => String(row.event));
      const width = featureNames(names).length;
      const set = async (cutoff: number) =>
        labelledRows(
          await this.sql.rows(goalFeaturesSql(names, cutoff, horizonDays, goalEvent), options.signal),
          width,
        );
      const train = await set(split - horizonDays * dayMs);
      step('features', 1);
      const test = await set(split);
      step('train', 2);
      const report = goalPropensityReport({ goalEvent, horizonDays, splitDate }, names, train, test);
      options.onProgress?.({ phase: 'train', done: 3, total: 3 });
      return report;
    });
  }

  async close(): Promise<void> {
    // The schema statements run outside the queue: closing before they finish reset DuckDB under them.
    await this.sql.exclusive(async () => {
      await this.ready.catch(() => undefined);
      await this.bindings.reset();
    });
  }
}
