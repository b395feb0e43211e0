// The engine's intent call, minus the SQL: from the customers' summaries to
// the report the console shows and the model it publishes to devices.
import type { IntentFitReport, IntentHoldout } from '../contracts/analytics';
import type { IntentModel } from '../contracts/device-config';
import { daysPerWeek, parseCalibrationEnd, type CustomerSummary } from './customer-summary';
import { fittedParameters, type IntentReport } from './intent-report';

export const defaultIntentHorizonDays = 90;

export function checkHorizonDays(horizonDays: number): number {
  if (!(Number.isInteger(horizonDays) && horizonDays > 0 && horizonDays <= 3650)) {
    throw new Error(`The horizon must be a whole number of days from 1 to 3650, got ${horizonDays}.`);
  }
  return horizonDays;
}

export function intentModel(report: IntentReport): IntentModel {
  return {
    version: 1,
    asOf: parseCalibrationEnd(report.calibrationEnd),
    horizonDays: report.horizonDays,
    unitDays: daysPerWeek,
    bgnbd: { ...report.bgnbd.parameters },
    cutPoints: { ...report.cutPoints },
  };
}

/** The report without per-customer rows (they stay in the engine as a table). */
export function intentFitReport(
  summaries: readonly CustomerSummary[],
  report: IntentReport,
  holdout: IntentHoldout | null,
): IntentFitReport {
  const { gammaGamma } = report;
  const tiers = report.tiers.map((row) => {
    const members = report.predictions.filter((p) => p.tier === row.tier);
    const expectedValue = gammaGamma
      ? members.reduce((sum, p) => sum + p.expectedPurchases * (p.expectedSpend ?? 0), 0)
      : null;
    return { ...row, expectedValue };
  });
  return {
    calibrationEnd: report.calibrationEnd,
    horizonDays: report.horizonDays,
    customers: summaries.length,
    repeatPurchases: summaries.reduce((n, s) => n + s.x, 0),
    ...fittedParameters(report),
    cutPoints: report.cutPoints,
    tiers,
    holdout,
    model: intentModel(report),
    fitMs: report.fitMs,
  };
}
