// The intent report of a dataset: BG/NBD fitted on the calibration period,
// each customer's P(alive) and expected purchases over the horizon, Gamma-Gamma
// expected spend when amounts are known, and the tiers with their cut points.
import type { IntentCutPoints } from '../contracts/profile';
import type { IntentTier } from '../contracts/segment';
import { intentTiers } from '../contracts/segment';
import { expectedPurchases, fitBgNbd, probabilityAlive, type BgNbdFit } from './bgnbd';
import type { CustomerSummary } from './customer-summary';
import { daysPerWeek } from './customer-summary';
import { expectedSpend, fitGammaGamma, isSpendCustomer, type GammaGammaFit } from './gamma-gamma';
import { intentCutPoints, intentTier } from './intent-tiers';

export interface IntentPrediction extends CustomerSummary {
  pAlive: number;
  expectedPurchases: number;
  /** Gamma-Gamma expected spend per purchase; null without amounts. */
  expectedSpend: number | null;
  tier: IntentTier;
}

export interface IntentTierRow {
  tier: IntentTier;
  customers: number;
  expectedPurchases: number;
  meanPAlive: number;
}

export interface IntentReport {
  calibrationEnd: string;
  horizonDays: number;
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit | null;
  cutPoints: IntentCutPoints;
  tiers: IntentTierRow[];
  fitMs: number;
  predictions: IntentPrediction[];
}

/** The fitted parameters as the CLI's JSON and the worker's report give them. */
export function fittedParameters({ bgnbd, gammaGamma }: Pick<IntentReport, 'bgnbd' | 'gammaGamma'>) {
  return {
    bgnbd: { ...bgnbd.parameters, logLikelihood: bgnbd.logLikelihood, converged: bgnbd.converged },
    gammaGamma: gammaGamma && {
      ...gammaGamma.parameters,
      logLikelihood: gammaGamma.logLikelihood,
      customers: gammaGamma.customers,
      converged: gammaGamma.converged,
    },
  };
}

export function intentReport(
  summaries: readonly CustomerSummary[],
  options: { calibrationEnd: string; horizonDays: number; withSpend: boolean },
): IntentReport {
  const started = performance.now();
  const bgnbd = fitBgNbd(summaries);
  const spenders = summaries.filter(isSpendCustomer);
  const gammaGamma = options.withSpend && spenders.length > 0 ? fitGammaGamma(spenders) : null;
  const fitMs = performance.now() - started;
  const weeks = options.horizonDays / daysPerWeek;
  const scored = summaries.map((summary) => ({
    ...summary,
    pAlive: probabilityAlive(bgnbd.parameters, summary),
    expectedPurchases: expectedPurchases(bgnbd.parameters, summary, weeks),
    expectedSpend: gammaGamma ? expectedSpend(gammaGamma.parameters, summary) : null,
  }));
  const cutPoints = intentCutPoints(scored.map((s) => s.expectedPurchases));
  const predictions = scored.map((s) => ({ ...s, tier: intentTier(s.expectedPurchases, cutPoints) }));
  const tiers = intentTiers.map((tier) => {
    const members = predictions.filter((p) => p.tier === tier);
    const sum = (pick: (p: IntentPrediction) => number) => members.reduce((total, p) => total + pick(p), 0);
    return {
      tier,
      customers: members.length,
      expectedPurchases: sum((p) => p.expectedPurchases),
      meanPAlive: members.length > 0 ? sum((p) => p.pAlive) / members.length : 0,
    };
  });
  const { calibrationEnd, horizonDays } = options;
  return { calibrationEnd, horizonDays, bgnbd, gammaGamma, cutPoints, tiers, fitMs, predictions };
}
