// One CSV cell and line (RFC 4180). Every value is written as text; a text
// value that a spreadsheet would run as a formula (=, +, -, @, tab, CR first)
// gets a leading apostrophe (OWASP's advice for CSV injection): visitors
// choose their own event names and traits. Apart from the Arrow table writer
// (csv.ts) so a page can write a small CSV without bundling Arrow.
const needsQuotes = /[",\r\n]|^\s|\s$/;
const formulaStart = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && formulaStart.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export const csvLine = (cells: readonly unknown[]) => `${cells.map(csvCell).join(',')}\r\n`;
