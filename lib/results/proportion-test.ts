// The statistics of a campaign's results: a 95% interval for one rate, and
// the two-proportion z-test between two groups with the interval of their
// difference. Frequentist and textbook (Agresti, "Categorical Data Analysis",
// §1.4 and §3.1; Newcombe 1998 for the Wilson interval) so a marketer's
// analyst can redo any figure with a calculator.

/** z of a two-sided 95% interval (Φ⁻¹(0.975)). */
export const z95 = 1.959963984540054;

/** A difference is called significant below this two-sided p-value. */
export const significanceLevel = 0.05;

/**
 * The standard normal CDF Φ(x) = 1 − erfc(x/√2)/2, with erfc by the
 * Chebyshev fit of Numerical Recipes in C (2nd ed., §6.2, `erfcc`):
 * fractional error below 1.2e-7 everywhere, plenty for a p-value.
 */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * z);
  const erfc =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? 1 - erfc / 2 : erfc / 2;
}

export interface RateEstimate {
  /** successes / trials (0 when there are no trials). */
  rate: number;
  /** Wilson score interval at 95%: stays inside [0, 1] and behaves at 0 and at small counts, unlike the Wald interval. */
  low: number;
  high: number;
}

export function wilsonInterval(successes: number, trials: number): RateEstimate {
  if (trials <= 0) return { rate: 0, low: 0, high: 0 };
  const p = successes / trials;
  const z2 = z95 * z95;
  const denominator = 1 + z2 / trials;
  const centre = (p + z2 / (2 * trials)) / denominator;
  const half = (z95 * Math.sqrt((p * (1 - p)) / trials + z2 / (4 * trials * trials))) / denominator;
  return { rate: p, low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

export interface ProportionComparison {
  /** rate of the first group − rate of the second. */
  difference: number;
  /** 95% Wald interval of the difference (unpooled standard error). */
  low: number;
  high: number;
  /** The pooled z statistic; 0 when it is undefined (no trials, or both rates 0 or both 1). */
  z: number;
  /** Two-sided p-value of "the two rates are equal". */
  pValue: number;
  significant: boolean;
}

/**
 * The two-proportion z-test (pooled standard error under the null hypothesis
 * that both groups share one rate) and the interval of the difference.
 * Needs large enough counts (about 5 successes and 5 failures per group) to
 * be accurate; below that the words in the results say the sample is small.
 */
export function compareProportions(
  successesA: number,
  trialsA: number,
  successesB: number,
  trialsB: number,
): ProportionComparison {
  if (trialsA <= 0 || trialsB <= 0) return { difference: 0, low: 0, high: 0, z: 0, pValue: 1, significant: false };
  const pA = successesA / trialsA;
  const pB = successesB / trialsB;
  const difference = pA - pB;
  const unpooled = Math.sqrt((pA * (1 - pA)) / trialsA + (pB * (1 - pB)) / trialsB);
  const pooled = (successesA + successesB) / (trialsA + trialsB);
  const nullError = Math.sqrt(pooled * (1 - pooled) * (1 / trialsA + 1 / trialsB));
  const z = nullError > 0 ? difference / nullError : 0;
  const pValue = nullError > 0 ? Math.min(1, 2 * (1 - normalCdf(Math.abs(z)))) : 1;
  return {
    difference,
    low: difference - z95 * unpooled,
    high: difference + z95 * unpooled,
    z,
    pValue,
    significant: pValue < significanceLevel,
  };
}
