// Labels of the worker's intent and goal-score steps (IntentPhase).
import type { LoadProgress } from '@/lib/contracts/analytics';

const labels: Partial<Record<LoadProgress['phase'], string>> = {
  summarise: 'Summarising each customer’s purchases…',
  fit: 'Fitting BG/NBD and Gamma-Gamma…',
  holdout: 'Comparing with the holdout period…',
  score: 'Scoring customers…',
  features: 'Computing behavioural features…',
  train: 'Training the logistic regression…',
};

export const stepLabel = (progress: LoadProgress | null) => (progress && labels[progress.phase]) ?? 'Starting…';

export const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

/** A day (YYYY-MM-DD, UTC) some days before an epoch-ms time. */
export const dayBefore = (time: number, days: number) =>
  new Date(Math.floor(time / 86_400_000) * 86_400_000 - days * 86_400_000).toISOString().slice(0, 10);
