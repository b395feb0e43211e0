// A marketer's file (CSV, Parquet, JSON, whitespace-separated text) into the
// table `data`, and its column mapping into the events table. Parquet is read
// by parquet-wasm and JSON by JS, both into Arrow: DuckDB's own readers for
// those are extensions fetched from the internet.
import { tableFromJSON, tableToIPC } from 'apache-arrow';
import type { ColumnMapping, FileColumn, FileFormat, FileInput } from '../contracts/analytics';
import { datasetTables } from '../segments/dataset-schema';
import { defaultPurchaseEvent } from '../segments/rfm';
import { sqlIdentifier, sqlInteger, sqlString } from '../segments/sql-literal';

export function fileFormat(file: Pick<FileInput, 'name' | 'format'>): FileFormat {
  if (file.format) return file.format;
  const extension = file.name.toLowerCase().split('.').pop() ?? '';
  if (extension === 'parquet' || extension === 'pq') return 'parquet';
  if (extension === 'json' || extension === 'ndjson' || extension === 'jsonl') return 'json';
  if (extension === 'txt' || extension === 'dat') return 'whitespace';
  return 'csv';
}

/** Whitespace-separated columns (CDNOW's layout) as CSV text, so DuckDB's built-in reader can sniff the types. */
export function whitespaceToCsv(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  const csv = text.replace(/^[ \t]+|[ \t]+$/gm, '').replace(/[ \t]+/g, ',');
  return new TextEncoder().encode(csv);
}

/** JSON: an array of row objects, or one object per line. */
export function jsonToArrowIpc(bytes: Uint8Array): Uint8Array {
  const text = new TextDecoder().decode(bytes).trim();
  const rows: unknown = text.startsWith('[')
    ? JSON.parse(text)
    : text
        .split('\n')
        .filter((line) => line.trim())
        .map((line) => JSON.parse(line) as unknown);
  if (!Array.isArray(rows) || rows.some((row) => row === null || typeof row !== 'object' || Array.isArray(row))) {
    throw new Error('A JSON file must hold an array of objects, or one object per line.');
  }
  return tableToIPC(tableFromJSON(rows as Record<string, unknown>[]), 'stream');
}

export const readCsvSql = (registeredName: string, header = true) =>
  `CREATE OR REPLACE TABLE ${datasetTables.file} AS
    SELECT * FROM read_csv(${sqlString(registeredName)}, header = ${header ? 'true' : 'false'}, auto_detect = true, sample_size = -1)`;

const isFloating = (type: string) => /^(DOUBLE|FLOAT|REAL|DECIMAL)/i.test(type);
const isInteger = (type: string) => /^(U?(BIG|SMALL|TINY|HUGE)?INT(EGER)?)$/i.test(type);
const isTemporal = (type: string) => /^(TIMESTAMP|DATE)/i.test(type);

/** Ids as text; a float id (Online Retail's CustomerID 17850.0) loses its ".0". */
function idSql(column: string, type: string): string {
  const c = sqlIdentifier(column);
  if (isFloating(type)) {
    return `CASE WHEN ${c} = floor(${c}) THEN CAST(CAST(${c} AS BIGINT) AS VARCHAR) ELSE CAST(${c} AS VARCHAR) END`;
  }
  return `CAST(${c} AS VARCHAR)`;
}

/** Times as TIMESTAMP: native types, ISO text, YYYYMMDD (text or number), epoch seconds or ms. */
function timeSql(column: string, type: string): string {
  const c = sqlIdentifier(column);
  if (isTemporal(type)) return `CAST(${c} AS TIMESTAMP)`;
  if (isInteger(type) || isFloating(type)) {
    return `CASE WHEN ${c} BETWEEN 10000101 AND 99991231 THEN try_strptime(CAST(CAST(${c} AS BIGINT) AS VARCHAR), '%Y%m%d')
      WHEN ${c} > 100000000000 THEN epoch_ms(CAST(${c} AS BIGINT)) ELSE CAST(to_timestamp(${c}) AS TIMESTAMP) END`;
  }
  return `coalesce(TRY_CAST(${c} AS TIMESTAMP), try_strptime(CAST(${c} AS VARCHAR), ['%Y%m%d', '%m/%d/%Y %H:%M', '%m/%d/%Y']))`;
}

/** INSERT of the mapped rows into events, row ids from `base`. */
export function mappingSql(mapping: ColumnMapping, columns: FileColumn[], base: number): string {
  const typeOf = (name: string) => {
    const column = columns.find((c) => c.name === name);
    if (!column)
      throw new Error(`The file has no column "${name}" (it has: ${columns.map((c) => c.name).join(', ')}).`);
    return column.type;
  };
  const customer = idSql(mapping.customer, typeOf(mapping.customer));
  const time = timeSql(mapping.time, typeOf(mapping.time));
  const amountSource = mapping.amount
    ? columns.some((c) => c.name === mapping.amount)
      ? sqlIdentifier(mapping.amount)
      : `(${mapping.amount})`
    : 'NULL';
  const event = mapping.event ? `CAST(${sqlIdentifier(mapping.event)} AS VARCHAR)` : sqlString(defaultPurchaseEvent);
  const order = mapping.order ? idSql(mapping.order, typeOf(mapping.order)) : 'NULL';
  return `INSERT INTO ${datasetTables.events}
    SELECT ${sqlInteger(base)} + row_number() OVER () - 1, customer, time, event, amount, order_id,
      NULL, NULL, NULL, NULL, NULL, NULL, NULL
    FROM (SELECT ${customer} AS customer, ${time} AS time, ${event} AS event,
            TRY_CAST(${amountSource} AS DOUBLE) AS amount, ${order} AS order_id
          FROM ${datasetTables.file} WHERE ${mapping.where ? `(${mapping.where})` : 'TRUE'})
    WHERE customer IS NOT NULL AND time IS NOT NULL AND event IS NOT NULL`;
}

const suggestions: [keyof ColumnMapping, RegExp][] = [
  ['customer', /^(customer|customer_?id|user_?id|client|anonymous_?id|visitor)/i],
  ['time', /(date|time|timestamp|created|at)$/i],
  ['amount', /(amount|revenue|total|value|price|sales)/i],
  ['event', /^(event|event_?name|type|action)$/i],
  // Anchored at both ends: `order_date` is a time, not an order id.
  ['order', /^(order|invoice|transaction)(_?(id|no|number))?$/i],
];

export function suggestMapping(columns: FileColumn[]): Partial<ColumnMapping> {
  const mapping: Partial<ColumnMapping> = {};
  for (const [field, pattern] of suggestions) {
    const match = columns.find((column) => pattern.test(column.name));
    if (match) mapping[field] = match.name;
  }
  return mapping;
}
