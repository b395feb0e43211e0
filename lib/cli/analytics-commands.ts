// `kairos rfm <file>` and `kairos query <file> "<SQL>"`: the analytics engine
// in the terminal. Same engine code as the console's worker (DuckDB-WASM's
// Node build), so a number printed here is the number the console shows.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createNodeEngine } from '../analytics/duckdb-node';
import { moneyFormat } from '../analytics/money-format';
import type { ServerAudiences } from '../audience/server-audience';
import type { ColumnMapping, RfmCustomerRow, RfmReport } from '../contracts/analytics';

export interface RfmCommandOptions {
  customer?: string;
  time?: string;
  amount?: string;
  order?: string;
  where?: string;
  asOf?: string;
  out?: string;
  json?: boolean;
}

export const numberFormat = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

export function readInput(file: string, header = true) {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new Error(`No such file: ${file}`);
    if (code === 'EISDIR') throw new Error(`${file} is a folder; name a data file.`);
    throw error;
  }
  return { name: path.basename(file), bytes, ...(!header && { header }) };
}

function parseAsOf(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const time = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
  if (!Number.isFinite(time)) throw new Error(`--as-of must be a date (YYYY-MM-DD), got "${value}".`);
  return time;
}

export function formatRfmTable(report: RfmReport): string {
  const header = ['segment', 'customers', 'share', 'revenue', 'revenue share'];
  const rows = report.segments.map((s) => [
    s.segment,
    numberFormat.format(s.customers),
    percent(s.customerShare),
    moneyFormat.format(s.revenue),
    percent(s.revenueShare),
  ]);
  rows.push(['total', numberFormat.format(report.customers), '100.0%', moneyFormat.format(report.revenue), '100.0%']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

export function customersCsv(rows: RfmCustomerRow[]): string {
  const header = 'customer,recency,frequency,monetary,r,f,m,segment';
  const lines = rows.map((row) =>
    [row.customer, row.recency, row.frequency, row.monetary, row.r, row.f, row.m, row.segment].map(csvCell).join(','),
  );
  return [header, ...lines].join('\n') + '\n';
}

export async function rfmCommand(file: string, options: RfmCommandOptions): Promise<void> {
  const engine = await createNodeEngine();
  try {
    const input = readInput(file);
    const preview = await engine.attachFile({ file: input });
    const mapping: ColumnMapping = {
      customer: options.customer ?? preview.suggested.customer ?? '',
      time: options.time ?? preview.suggested.time ?? '',
      ...((options.amount ?? preview.suggested.amount) && { amount: options.amount ?? preview.suggested.amount }),
      ...(options.order && { order: options.order }),
      ...(options.where && { where: options.where }),
    };
    if (!mapping.customer || !mapping.time) {
      throw new Error(
        `Name the customer and time columns (--customer, --time). Columns: ${preview.columns.map((c) => c.name).join(', ')}.`,
      );
    }
    const summary = await engine.loadFile({ mapping });
    const asOf = parseAsOf(options.asOf);
    const rfmOptions = asOf === undefined ? {} : { asOf };
    const report = await engine.rfm(rfmOptions);
    if (options.out) {
      writeFileSync(options.out, customersCsv(await engine.rfmCustomers(rfmOptions)));
    }
    if (options.json) {
      console.log(JSON.stringify({ summary, ...report }, null, 2));
      return;
    }
    const day = (ms: number | null) => (ms === null ? '—' : new Date(ms).toISOString().slice(0, 10));
    console.log(
      `${numberFormat.format(summary.rows)} rows, ${numberFormat.format(summary.customers)} customers, ` +
        `${numberFormat.format(summary.purchases)} purchases, revenue ${moneyFormat.format(summary.revenue)}, ` +
        `${day(summary.firstEventAt)} .. ${day(summary.lastEventAt)}`,
    );
    const cuts = report.model.cutPoints;
    console.log(
      `RFM as of ${day(report.model.asOf)}; cut points: recency days ${cuts.recencyDays.join('/')}, ` +
        `purchases ${cuts.frequency.join('/')}, revenue ${cuts.monetaryCents.map((c) => c / 100).join('/')}\n`,
    );
    console.log(formatRfmTable(report));
    if (options.out) console.log(`\nPer-customer rows written to ${options.out}.`);
  } finally {
    await engine.close();
  }
}

/** `kairos rfm --stored`: the stored events' RFM per person, from the server's engine over the lake. */
export async function storedRfmCommand(
  audiences: ServerAudiences,
  options: Pick<RfmCommandOptions, 'asOf' | 'out' | 'json'>,
): Promise<void> {
  const asOf = parseAsOf(options.asOf);
  const { report, customers, events } = await audiences.rfm(asOf === undefined ? {} : { asOf });
  if (options.out) writeFileSync(options.out, customersCsv(customers));
  if (options.json) {
    console.log(JSON.stringify({ events, ...report, customerRows: customers }, null, 2));
    return;
  }
  console.log(
    `${numberFormat.format(events)} stored events, ${numberFormat.format(report.customers)} customers (people)\n`,
  );
  console.log(formatRfmTable(report));
  if (options.out) console.log(`\nPer-customer rows written to ${options.out}.`);
}

export async function queryCommand(file: string, sql: string, options: { json?: boolean }): Promise<void> {
  const engine = await createNodeEngine();
  try {
    await engine.attachFile({ file: readInput(file) });
    const result = await engine.query({ sql });
    if (options.json) {
      console.log(JSON.stringify(result.rows, null, 2));
      return;
    }
    console.table(result.rows);
  } finally {
    await engine.close();
  }
}
