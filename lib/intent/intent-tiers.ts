// Intent tiers from expected purchases: the customers' terciles. The cut
// points are published in the shape devices already read (IntentCutPoints,
// lib/contracts/profile.ts: a value >= high is high, >= medium is medium), so
// a device that computes its own expected purchases from the published
// BG/NBD parameters places itself in the tier the engine would give it.
import type { IntentCutPoints } from '../contracts/profile';
import type { IntentTier } from '../contracts/segment';

export const intentTierLabels = {
  high: 'most likely',
  medium: 'moderately likely',
  low: 'least likely',
} as const satisfies Record<IntentTier, string>;

/**
 * The smallest values of the top and middle thirds: sorted[⌊2n/3⌋] and
 * sorted[⌊n/3⌋]. Both are values of the population, and tied customers share
 * a tier (a tie at a boundary moves them all up), as RFM's cut points do.
 */
export function intentCutPoints(values: readonly number[]): IntentCutPoints {
  const sorted = values.filter(Number.isFinite).sort((x, y) => x - y);
  if (sorted.length === 0) throw new Error('Intent cut points need at least one finite value.');
  const at = (fraction: number) => sorted[Math.floor(fraction * sorted.length)] ?? sorted[sorted.length - 1] ?? 0;
  return { high: at(2 / 3), medium: at(1 / 3) };
}

export function intentTier(value: number, cuts: IntentCutPoints): IntentTier {
  if (value >= cuts.high) return 'high';
  if (value >= cuts.medium) return 'medium';
  return 'low';
}
