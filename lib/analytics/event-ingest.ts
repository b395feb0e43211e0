// SQL that moves one loaded Arrow batch (table load_batch) into the dataset
// tables. Row ids continue from `base` in the batch's row order, except for a
// lake load: its batches carry the server's event id, which is the row id, so
// a file's rows can be deleted by its id range and ties break by server order.
import { datasetTables } from '../segments/dataset-schema';
import { sqlInteger, sqlString } from '../segments/sql-literal';

export const loadBatchTable = 'load_batch';

/** The dataset's event columns, in load order (the server's engine loads the same ones). */
export const eventColumns = [
  'customer',
  'time',
  'event',
  'amount',
  'order_id',
  'device',
  'browser',
  'locale',
  'timezone',
  'country',
  'region',
  'city',
];

/** Statements for a batch; `columns` are the batch's columns (the benchmark's batches carry no lists). */
export function ingestBatchSql(base: number, columns: ReadonlySet<string>): string[] {
  const byId = columns.has('id');
  const rowId = byId ? 'CAST(id AS BIGINT)' : `${sqlInteger(base)} + rowid`;
  const select = eventColumns.map((name) => (columns.has(name) ? name : `NULL AS ${name}`)).join(', ');
  const statements = [
    `INSERT INTO ${datasetTables.events} SELECT ${rowId}, ${select}
      FROM ${loadBatchTable} WHERE customer IS NOT NULL AND time IS NOT NULL`,
  ];
  for (const [column, table] of [
    ['props', datasetTables.eventProps],
    ['traits', datasetTables.eventTraits],
  ] as const) {
    if (!columns.has(column)) continue;
    statements.push(`INSERT INTO ${table}
      SELECT ${byId ? 'seq' : `${sqlInteger(base)} + seq`}, item.key, item.text, item.num, item.bool
      FROM (SELECT ${byId ? 'CAST(id AS BIGINT)' : 'rowid'} AS seq, unnest(${column}) AS item FROM ${loadBatchTable}
            WHERE customer IS NOT NULL AND time IS NOT NULL)`);
  }
  statements.push(`DROP TABLE ${loadBatchTable}`);
  return statements;
}

/**
 * Rows by server id: an inclusive range (`lastId` null: every id from
 * `firstId` on), and, for a lake file, its UTC date. Files of one date never
 * overlap, files of different dates may (a compaction run writes one per
 * date), so a file's rows are its date's rows within its range.
 */
export interface IdRange {
  firstId: number;
  lastId: number | null;
  date?: string;
}

/** A lake file's rows: its range and the date in its path (events/date=YYYY-MM-DD/…). */
export function fileIdRange(file: { path: string; firstId: number; lastId: number }): IdRange {
  const date = /(?:^|\/)date=(\d{4}-\d{2}-\d{2})\//.exec(file.path)?.[1];
  if (!date) throw new Error(`${file.path} is not a lake file path.`);
  return { firstId: file.firstId, lastId: file.lastId, date };
}

/**
 * Deletes the rows `where` selects (a condition on events). Properties and
 * traits go first: they find their rows through the events' ids and time.
 */
export const deleteWhereSql = (where: string) => [
  ...[datasetTables.eventProps, datasetTables.eventTraits].map(
    (table) => `DELETE FROM ${table} WHERE row_id IN (SELECT row_id FROM ${datasetTables.events} WHERE ${where})`,
  ),
  `DELETE FROM ${datasetTables.events} WHERE ${where}`,
];

const idRangeSql = ({ firstId, lastId, date }: IdRange) => {
  const ids =
    lastId === null
      ? `row_id >= ${sqlInteger(firstId)}`
      : `row_id BETWEEN ${sqlInteger(firstId)} AND ${sqlInteger(lastId)}`;
  return date === undefined ? ids : `(${ids} AND CAST(time AS DATE) = CAST(${sqlString(date)} AS DATE))`;
};

/** The rows in any of `ranges`, as one condition however many ranges; null for none. */
export const idRangesWhere = (ranges: readonly IdRange[]): string | null =>
  ranges.length === 0 ? null : ranges.map(idRangeSql).join(' OR ');

/** The rows above `watermark` except those in `kept` ranges. */
export const aboveWhere = (watermark: number, kept: readonly IdRange[]): string =>
  `row_id > ${sqlInteger(watermark)}${kept.map((range) => ` AND NOT ${idRangeSql(range)}`).join('')}`;

/** Deletes the rows in any of `ranges`: one statement a table, however many ranges. */
export const deleteIdRangesSql = (ranges: readonly IdRange[]): string[] => {
  const where = idRangesWhere(ranges);
  return where === null ? [] : deleteWhereSql(where);
};

export const batchColumnsSql = `SELECT column_name FROM duckdb_columns() WHERE table_name = '${loadBatchTable}'`;

/**
 * The loaded rows' summary, read after the per-visitor tables are built, from
 * them where they hold the answer: one visitors row per customer, and the
 * purchases table is the default purchase event's rows. Counting distinct
 * customers and orders over every event took seconds at 10M events.
 */
export const summarySql = `SELECT CAST(e.rows AS DOUBLE) AS rows,
    CAST((SELECT count(*) FROM ${datasetTables.visitors}) AS DOUBLE) AS customers,
    CAST(p.orders AS DOUBLE) AS purchases, p.revenue, e.first_event_at, e.last_event_at
  FROM (SELECT count(*) AS rows, epoch_ms(min(time)) AS first_event_at, epoch_ms(max(time)) AS last_event_at
      FROM ${datasetTables.events}) e,
    (SELECT count(DISTINCT order_id) + count(*) FILTER (WHERE order_id IS NULL) AS orders,
      coalesce(sum(amount), 0) AS revenue FROM ${datasetTables.purchases}) p`;
