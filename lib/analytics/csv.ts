// CSV out of an Arrow query result (RFC 4180): built in chunks of rows so a
// large segment never becomes one giant string, and handed over as a Blob.
// Every value is written as text; a text value that a spreadsheet would run as
// a formula (=, +, -, @, tab, CR first) gets a leading apostrophe (OWASP's
// advice for CSV injection) — visitors choose their own event names and traits.
import type { Table } from 'apache-arrow';
import { plainRows } from './sql-runner';

const chunkRows = 5_000;
const needsQuotes = /[",\r\n]|^\s|\s$/;
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;

/** The header line, then the table's rows, chunk by chunk. */
export function tableToCsv(header: readonly string[], table: Table): Blob {
  const parts: string[] = [csvLine(header)];
  for (let start = 0; start < table.numRows; start += chunkRows) {
    const rows = plainRows(table.slice(start, start + chunkRows));
    parts.push(rows.map((row) => csvLine(Object.values(row))).join(''));
  }
  return new Blob(parts, { type: 'text/csv;charset=utf-8' });
}
