// The difference of two means from their sums: Welch's unequal-variance
// statistic with the normal distribution for its p-value (large samples: a
// segment has hundreds of visitors, where Student's t and the normal agree to
// the third decimal), and the 95% interval of the difference.
import { normalCdf, type ProportionComparison, significanceLevel, z95 } from './proportion-test';

/** n values as their count, sum and sum of squares: what SQL aggregates give without a second pass. */
export interface Moments {
  n: number;
  sum: number;
  sumSquares: number;
}

export const mean = (m: Moments): number | null => (m.n > 0 ? m.sum / m.n : null);

/** The sample variance (n − 1 in the denominator); 0 below two values. */
export function sampleVariance(m: Moments): number {
  if (m.n < 2) return 0;
  return Math.max(0, (m.sumSquares - (m.sum * m.sum) / m.n) / (m.n - 1));
}

/** mean(a) − mean(b), its interval, Welch's z and the two-sided p-value. */
export function compareMeans(a: Moments, b: Moments): ProportionComparison {
  if (a.n < 2 || b.n < 2) return { difference: 0, low: 0, high: 0, z: 0, pValue: 1, significant: false };
  const difference = a.sum / a.n - b.sum / b.n;
  const error = Math.sqrt(sampleVariance(a) / a.n + sampleVariance(b) / b.n);
  if (error === 0) {
    return {
      difference,
      low: difference,
      high: difference,
      z: 0,
      pValue: difference === 0 ? 1 : 0,
      significant: difference !== 0,
    };
  }
  const z = difference / error;
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.abs(z))));
  return {
    difference,
    low: difference - z95 * error,
    high: difference + z95 * error,
    z,
    pValue,
    significant: pValue < significanceLevel,
  };
}
