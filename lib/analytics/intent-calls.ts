// Predictive intent over the loaded dataset. The BG/NBD fit keeps each
// customer's expected purchases (intent_scores) and its model, which segment
// conditions on intent then use; the goal score trains and tests a logistic
// regression on a time-based split. Both report their steps as progress.
import { tableFromArrays, tableToIPC } from 'apache-arrow';
import type { IntentCalls, IntentPhase } from '../contracts/analytics';
import { customerSummaryRow, customerSummarySql, isoDay, parseCalibrationEnd } from '../intent/customer-summary';
import { featureEventNamesSql, featureNames, goalFeaturesSql } from '../intent/goal-features';
import { goalPropensityReport, labelledRows } from '../intent/goal-propensity';
import { holdoutComparison, holdoutPurchasesSql } from '../intent/holdout';
import { checkHorizonDays, defaultIntentHorizonDays, intentFitReport } from '../intent/intent-fit';
import { intentReport, type IntentPrediction } from '../intent/intent-report';
import { intentScoresTable } from '../segments/intent-score';
import type { DatasetSession, SessionCalls } from './dataset-session';
import { abortError, type CallOptions } from './engine';
import { num } from './row-values';

const dayMs = 86_400_000;

/** Reports a step of `total` as progress, unless the call was cancelled before it. */
function stepper({ signal, onProgress }: CallOptions, total: number) {
  return (phase: IntentPhase, done: number) => {
    if (signal?.aborted) throw abortError();
    onProgress?.({ phase, done, total });
  };
}

/** The last event's time: both fits need a dataset (`what` says what for). */
async function lastEventAt(session: DatasetSession, what: string): Promise<number> {
  const { lastEventAt } = await session.summary();
  if (lastEventAt === null) throw new Error(`Load a dataset first: ${what}.`);
  return lastEventAt;
}

export function intentCalls(session: DatasetSession): SessionCalls<keyof IntentCalls> {
  const { sql } = session;

  /** Replaces intent_scores with the fit's expected purchases per customer key. */
  async function storeScores(predictions: readonly IntentPrediction[]): Promise<void> {
    await sql.exec(`DROP TABLE IF EXISTS ${intentScoresTable}`);
    const scores = tableFromArrays({
      customer_key: Float64Array.from(predictions, (p) => p.customerKey),
      expected_purchases: Float64Array.from(predictions, (p) => p.expectedPurchases),
    });
    sql.insertArrow(intentScoresTable, tableToIPC(scores, 'stream'), true);
  }

  return {
    /**
     * BG/NBD and Gamma-Gamma on the purchases up to the calibration end; keeps
     * each customer's expected purchases (intent_scores) for segment counts and
     * compares expected with actual repeat purchases after the calibration end.
     */
    async intent(params, options) {
      const lastDay = isoDay(await lastEventAt(session, 'intent is fitted on its purchases'));
      const calibrationEnd = params.calibrationEnd ?? lastDay;
      parseCalibrationEnd(calibrationEnd);
      const horizonDays = checkHorizonDays(params.horizonDays ?? defaultIntentHorizonDays);
      const { signal } = options;
      const step = stepper(options, 4);
      step('summarise', 0);
      const summaries = (await sql.rows(customerSummarySql(calibrationEnd), signal)).map(customerSummaryRow);
      if (summaries.length === 0) throw new Error(`No purchases on or before ${calibrationEnd}.`);
      step('fit', 1);
      const report = intentReport(summaries, { calibrationEnd, horizonDays, withSpend: true });
      step('holdout', 2);
      let holdout = null;
      if (calibrationEnd < lastDay) {
        const actual = await sql.rows(holdoutPurchasesSql(calibrationEnd, lastDay), signal);
        const byKey = new Map(actual.map((row) => [num(row.customer_key), num(row.purchases)]));
        holdout = holdoutComparison(report.bgnbd.parameters, summaries, byKey, { calibrationEnd, end: lastDay });
      }
      step('score', 3);
      await storeScores(report.predictions);
      const fit = intentFitReport(summaries, report, holdout);
      session.facts.intent = fit.model;
      options.onProgress?.({ phase: 'score', done: 4, total: 4 });
      return fit;
    },

    /** A logistic-regression propensity for a goal event, trained and tested on a time-based split. */
    async goalPropensity(params, options) {
      const last = await lastEventAt(session, 'the goal score is trained on its events');
      const goalEvent = params.goalEvent.trim();
      if (goalEvent === '') throw new Error('Name the goal event (for example "Order Completed").');
      const horizonDays = checkHorizonDays(params.horizonDays);
      const splitDate = params.splitDate ?? isoDay((Math.floor(last / dayMs) + 1 - horizonDays) * dayMs);
      const split = parseCalibrationEnd(splitDate);
      const { signal } = options;
      const step = stepper(options, 3);
      step('features', 0);
      const names = (await sql.rows(featureEventNamesSql, signal)).map((row) => String(row.event));
      const width = featureNames(names).length;
      const set = async (cutoff: number) =>
        labelledRows(await sql.rows(goalFeaturesSql(names, cutoff, horizonDays, goalEvent), signal), width);
      const train = await set(split - horizonDays * dayMs);
      step('features', 1);
      const test = await set(split);
      step('train', 2);
      const report = goalPropensityReport({ goalEvent, horizonDays, splitDate }, names, train, test);
      options.onProgress?.({ phase: 'train', done: 3, total: 3 });
      return report;
    },
  };
}
