// The goal-based score: logistic regression on behavioural features with a
// time-based split. Train: features up to split − horizon, labels in
// [split − horizon, split). Test: features up to split, labels in
// [split, split + horizon). The holdout AUC is measured on customers and a
// window the model never saw.
import type { GoalPropensityOptions, GoalPropensityReport } from '../contracts/analytics';
import { featureNames, featureRow } from './goal-features';
import { fitLogistic, predictLogistic, rocAuc } from './logistic-regression';

export interface LabelledRows {
  rows: number[][];
  labels: boolean[];
}

export function labelledRows(sqlRows: readonly Record<string, unknown>[], width: number): LabelledRows {
  return {
    rows: sqlRows.map((row) => featureRow(row, width)),
    labels: sqlRows.map((row) => row.label === true),
  };
}

export function goalPropensityReport(
  options: Required<GoalPropensityOptions>,
  eventNames: readonly string[],
  train: LabelledRows,
  test: LabelledRows,
): GoalPropensityReport {
  const positives = (set: LabelledRows) => set.labels.filter(Boolean).length;
  const trainPositives = positives(train);
  if (train.rows.length === 0)
    throw new Error(`No customer has an event before ${options.splitDate} minus the horizon.`);
  if (trainPositives === 0 || trainPositives === train.rows.length) {
    throw new Error(
      `"${options.goalEvent}" happens for ${trainPositives === 0 ? 'no' : 'every'} customer in the training window: nothing to learn from.`,
    );
  }
  const started = performance.now();
  const model = fitLogistic(train.rows, train.labels);
  const fitMs = performance.now() - started;
  const scores = test.rows.map((row) => predictLogistic(model, row));
  const names = featureNames(eventNames);
  const coefficients = model.weights
    .map((weight, i) => ({ feature: names[i] ?? `feature ${i}`, weight }))
    .sort((x, y) => Math.abs(y.weight) - Math.abs(x.weight))
    .slice(0, 10);
  return {
    goalEvent: options.goalEvent,
    horizonDays: options.horizonDays,
    splitDate: options.splitDate,
    train: { customers: train.rows.length, positives: trainPositives },
    test: { customers: test.rows.length, positives: positives(test) },
    auc: rocAuc(scores, test.labels),
    intercept: model.intercept,
    coefficients,
    features: names.length,
    fitMs,
  };
}
