// Reading lake files of more than one age: a file written before a column
// existed (the place, lakeGeoColumns) lacks it, and DuckDB refuses to select a
// column no file has. The files are read by name (union_by_name), and a column
// none of them holds is selected as NULL.
import { eventColumns } from '../analytics/event-ingest';
import { lakeGeoColumns } from '../contracts/lake';
import { datasetTables } from '../segments/dataset-schema';

const optionalColumns: readonly string[] = lakeGeoColumns;

/** read_parquet over the listed file paths (SQL string literals), by column name. */
export const lakeSource = (fileList: string) => `read_parquet(${fileList}, union_by_name = true)`;

/** The column names of a lake source: `DESCRIBE` it, then pass the names to lakeSelectList. */
export const describeLakeSql = (fileList: string) => `DESCRIBE SELECT * FROM ${lakeSource(fileList)}`;

/** `columns` as a select list over files holding `present`; an optional column none holds is NULL. */
export function lakeSelectList(columns: readonly string[], present: ReadonlySet<string>): string {
  return columns
    .map((name) => (present.has(name) || !optionalColumns.includes(name) ? name : `CAST(NULL AS VARCHAR) AS ${name}`))
    .join(', ');
}

/**
 * Statements that insert the rows of a lake source (`lakeSource(fileList)`, whose columns are
 * `present`) into the dataset tables of the console's engine (lib/segments/dataset-schema.ts),
 * each event's server id as its row id: the server's engine and the console snapshot load the
 * lake alike.
 */
export function insertLakeRowsSql(fileList: string, present: ReadonlySet<string>): string[] {
  const tables = datasetTables;
  const source = `${lakeSource(fileList)} WHERE customer IS NOT NULL AND time IS NOT NULL`;
  return [
    `INSERT INTO ${tables.events} SELECT id, ${lakeSelectList(eventColumns, present)} FROM ${source}`,
    ...(
      [
        ['props', tables.eventProps],
        ['traits', tables.eventTraits],
      ] as const
    ).map(
      ([column, table]) => `INSERT INTO ${table} SELECT id, item.key, item.text, item.num, item.bool
        FROM (SELECT id, unnest(${column}) AS item FROM ${source})`,
    ),
  ];
}
