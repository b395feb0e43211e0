// Predictive intent: BG/NBD and Gamma-Gamma fitted on the dataset's purchases
// (expected purchases, tiers, a holdout check, the model devices score with),
// and a goal event's propensity by logistic regression on behaviour.
import type { IntentModel } from '../device-config';
import type { IntentCutPoints } from '../profile';
import type { IntentTier } from '../segment';

/** Steps of an intent fit or a goal score, streamed as progress (done of total steps). */
export type IntentPhase = 'summarise' | 'fit' | 'score' | 'holdout' | 'features' | 'train';

export interface IntentOptions {
  /** Last day (YYYY-MM-DD, UTC) of the calibration period; default: the day of the last event. */
  calibrationEnd?: string;
  /** Expected purchases are counted over this many days after the calibration end; default 90. */
  horizonDays?: number;
}

export interface IntentTierSummary {
  tier: IntentTier;
  customers: number;
  /** Sum over the tier's customers. */
  expectedPurchases: number;
  meanPAlive: number;
  /** Expected purchases × Gamma-Gamma expected spend, summed; null without amounts. */
  expectedValue: number | null;
}

/** One bar pair of FHL 2005's figure: customers who made `frequency` repeat purchases in calibration. */
export interface IntentHoldoutRow {
  /** Repeat purchases in the calibration period; the last row (7) is "7 or more". */
  frequency: number;
  customers: number;
  /** Mean repeat purchases per customer in the holdout period, observed and predicted. */
  actual: number;
  expected: number;
}

export interface IntentHoldout {
  /** First and last day of the holdout period (the day after the calibration end, the last event's day). */
  start: string;
  end: string;
  days: number;
  actualTotal: number;
  expectedTotal: number;
  rows: IntentHoldoutRow[];
}

export interface IntentFitReport {
  calibrationEnd: string;
  horizonDays: number;
  customers: number;
  repeatPurchases: number;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean };
  gammaGamma: {
    p: number;
    q: number;
    gamma: number;
    logLikelihood: number;
    customers: number;
    converged: boolean;
  } | null;
  cutPoints: IntentCutPoints;
  tiers: IntentTierSummary[];
  /** Null when no day follows the calibration end in the data. */
  holdout: IntentHoldout | null;
  /** What "publish to devices" stores (GET /api/device/config serves it). */
  model: IntentModel;
  fitMs: number;
}

export interface GoalPropensityOptions {
  /** The event to predict, e.g. 'Order Completed'. */
  goalEvent: string;
  /** Label: the goal event happens within this many days after the cutoff. */
  horizonDays: number;
  /** YYYY-MM-DD (UTC midnight). Train: features to split − horizon, labels in [split − horizon, split); test: features to split, labels in [split, split + horizon). Default: the last event's day + 1 − horizon. */
  splitDate?: string;
}

export interface GoalCoefficient {
  feature: string;
  /** Per standard deviation of the feature (features are standardised). */
  weight: number;
}

export interface GoalPropensityReport {
  goalEvent: string;
  horizonDays: number;
  splitDate: string;
  train: { customers: number; positives: number };
  test: { customers: number; positives: number };
  /** Holdout AUC (Mann–Whitney); null when the test window has only one class. */
  auc: number | null;
  intercept: number;
  /** Largest |weight| first. */
  coefficients: GoalCoefficient[];
  features: number;
  fitMs: number;
}

export interface IntentCalls {
  intent: { params: IntentOptions; result: IntentFitReport };
  goalPropensity: { params: GoalPropensityOptions; result: GoalPropensityReport };
}
