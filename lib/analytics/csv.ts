// CSV out of an Arrow query result (RFC 4180): built in chunks of rows so a
// large segment never becomes one giant string, and handed over as a Blob.
// Cells are written formula-safe by csv-cell.ts.
import type { Table } from 'apache-arrow';
import { csvLine } from './csv-cell';
import { plainRows } from './sql-runner';

export { csvCell, csvLine } from './csv-cell';

const chunkRows = 5_000;
/** The header line, then the table's rows, chunk by chunk. */
export function tableToCsv(header: readonly string[], table: Table): Blob {
  const parts: string[] = [csvLine(header)];
  for (let start = 0; start < table.numRows; start += chunkRows) {
    const rows = plainRows(table.slice(start, start + chunkRows));
    parts.push(rows.map((row) => csvLine(Object.values(row))).join(''));
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
