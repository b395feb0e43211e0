// `kairos intent <file>`: BG/NBD and Gamma-Gamma fitted on a file's purchases
// up to a calibration end, each customer's P(alive), expected purchases over a
// horizon and intent tier. The summary comes from the same engine code as the
// console's (DuckDB-WASM's Node build); the fit is lib/intent.
import { writeFileSync } from 'node:fs';
import { createNodeEngine } from '../analytics/duckdb-node';
import { customerSummaries, parseCalibrationEnd } from '../intent/customer-summary';
import { fittedParameters, intentReport, type IntentPrediction, type IntentReport } from '../intent/intent-report';
import { intentTierLabels } from '../intent/intent-tiers';
import { csvCell, numberFormat, readInput } from './analytics-commands';

export interface IntentCommandOptions {
  customer?: string;
  time?: string;
  amount?: string;
  where?: string;
  calibrationEnd?: string;
  horizonDays?: string;
  /** The file has no header line (CDNOW_sample.txt): columns are column0, column1, ... */
  noHeader?: boolean;
  out?: string;
  json?: boolean;
}

export const defaultHorizonDays = 90;

const fixed = (value: number, digits = 4) => value.toFixed(digits);

export function predictionsCsv(predictions: IntentPrediction[], withSpend: boolean): string {
  const header = [
    'customer',
    'x',
    't_x',
    'T',
    'p_alive',
    'expected_purchases',
    'tier',
    ...(withSpend ? ['expected_spend'] : []),
  ];
  const lines = predictions.map((p) =>
    [
      p.customer,
      p.x,
      fixed(p.tx),
      fixed(p.T),
      fixed(p.pAlive, 6),
      fixed(p.expectedPurchases, 6),
      intentTierLabels[p.tier],
      ...(withSpend ? [p.expectedSpend === null ? '' : fixed(p.expectedSpend, 2)] : []),
    ]
      .map(csvCell)
      .join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** What --json prints: the fit, the cut points and the tiers, no per-customer rows. */
export function intentJson(report: IntentReport) {
  const { bgnbd } = report;
  return {
    calibrationEnd: report.calibrationEnd,
    horizonDays: report.horizonDays,
    customers: bgnbd.customers,
    ...fittedParameters(report),
    cutPoints: report.cutPoints,
    tiers: report.tiers,
    fitMs: Math.round(report.fitMs),
  };
}

export function formatIntentTable(report: IntentReport): string {
  const total = report.tiers.reduce((n, t) => n + t.customers, 0);
  const header = ['tier', 'customers', 'share', 'expected purchases', 'mean P(alive)'];
  const rows = report.tiers.map((t) => [
    intentTierLabels[t.tier],
    numberFormat.format(t.customers),
    `${((t.customers / Math.max(total, 1)) * 100).toFixed(1)}%`,
    numberFormat.format(t.expectedPurchases),
    t.meanPAlive.toFixed(3),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

export async function intentCommand(file: string, options: IntentCommandOptions): Promise<void> {
  if (!options.calibrationEnd) throw new Error('Name the end of the calibration period: --calibration-end YYYY-MM-DD.');
  parseCalibrationEnd(options.calibrationEnd);
  const horizonDays = options.horizonDays === undefined ? defaultHorizonDays : Number(options.horizonDays);
  if (!(Number.isInteger(horizonDays) && horizonDays > 0)) {
    throw new Error(`--horizon-days must be a positive whole number, got "${options.horizonDays}".`);
  }
  const engine = await createNodeEngine();
  try {
    const preview = await engine.attachFile({ file: readInput(file, !options.noHeader) });
    const customer = options.customer ?? preview.suggested.customer;
    const time = options.time ?? preview.suggested.time;
    if (!customer || !time) {
      throw new Error(
        `Name the customer and time columns (--customer, --time). Columns: ${preview.columns.map((c) => c.name).join(', ')}.`,
      );
    }
    await engine.loadFile({
      mapping: {
        customer,
        time,
        ...(options.amount && { amount: options.amount }),
        ...(options.where && { where: options.where }),
      },
    });
    const summaries = await customerSummaries(engine, options.calibrationEnd);
    if (summaries.length === 0) throw new Error(`No purchases on or before ${options.calibrationEnd}.`);
    const withSpend = options.amount !== undefined;
    const report = intentReport(summaries, { calibrationEnd: options.calibrationEnd, horizonDays, withSpend });
    if (options.out) writeFileSync(options.out, predictionsCsv(report.predictions, withSpend));
    if (options.json) {
      console.log(JSON.stringify(intentJson(report), null, 2));
      return;
    }
    const { bgnbd, gammaGamma, cutPoints } = report;
    const { r, alpha, a, b } = bgnbd.parameters;
    const repeats = summaries.reduce((n, s) => n + s.x, 0);
    console.log(
      `${numberFormat.format(bgnbd.customers)} customers with a purchase by ${report.calibrationEnd}, ` +
        `${numberFormat.format(repeats)} repeat purchase days; fitted in ${(report.fitMs / 1000).toFixed(2)} s`,
    );
    console.log(
      `BG/NBD: r ${fixed(r)}, alpha ${fixed(alpha)}, a ${fixed(a)}, b ${fixed(b)}; ` +
        `log-likelihood ${bgnbd.logLikelihood.toFixed(2)}${bgnbd.converged ? '' : ' (not converged)'}`,
    );
    if (gammaGamma) {
      const { p, q, gamma } = gammaGamma.parameters;
      console.log(
        `Gamma-Gamma: p ${fixed(p)}, q ${fixed(q)}, gamma ${fixed(gamma)}; ` +
          `log-likelihood ${gammaGamma.logLikelihood.toFixed(2)} (${numberFormat.format(gammaGamma.customers)} repeat customers)` +
          (gammaGamma.converged
            ? ''
            : '; not converged: a parameter ran to its limit (spend may not vary between customers)'),
      );
    }
    console.log(
      `Expected purchases in the next ${horizonDays} days; cut points: most likely >= ${fixed(cutPoints.high)}, ` +
        `moderately likely >= ${fixed(cutPoints.medium)}\n`,
    );
    console.log(formatIntentTable(report));
    if (options.out) console.log(`\nPer-customer rows written to ${options.out}.`);
  } finally {
    await engine.close();
  }
}
