// The statistics of campaign results (lib/results/proportion-test.ts) against
// published and independently computed values, and a seeded simulation of
// the test's error rates.
import { describe, expect, it } from 'vitest';
import { Random } from '@/lib/demo/random';
import { compareProportions, normalCdf, wilsonInterval } from '@/lib/results/proportion-test';

describe('one rate’s 95% interval (Wilson score)', () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion", Statistics in Medicine 17 (1998),
  // Table I, method 3 (score interval without continuity correction).
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i of %i: %f to %f', (successes, trials, low, high) => {
    const interval = wilsonInterval(successes, trials);
    expect(interval.low).toBeCloseTo(low, 4);
    expect(interval.high).toBeCloseTo(high, 4);
    expect(interval.rate).toBeCloseTo(successes / trials, 12);
  });

  it('is empty without trials', () => {
    expect(wilsonInterval(0, 0)).toEqual({ rate: 0, low: 0, high: 0 });
  });
});

describe('the two-proportion z-test', () => {
  it('Φ matches the standard normal table (Abramowitz & Stegun, Table 26.1)', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 6);
    expect(normalCdf(-2.5)).toBeCloseTo(0.006209665, 6);
  });

  // Reference values computed independently with SciPy 1.17 (2 * scipy.stats.norm.sf(|z|), pooled z,
  // unpooled Wald interval of the difference), by the textbook formulas (Agresti, Categorical Data
  // Analysis, 3rd ed., §1.4.4 and §3.1.4).
  it.each([
    // successes A, trials A, successes B, trials B, z, p, interval low, interval high
    [120, 1_000, 90, 1_000, 2.188266, 0.02865, 0.003162, 0.056838, true],
    [56, 100, 48, 100, 1.132277, 0.257518, -0.058035, 0.218035, false],
    [30, 250, 15, 250, 2.344036, 0.019076, 0.010107, 0.109893, true],
  ])('%i/%i against %i/%i', (xa, na, xb, nb, z, p, low, high, significant) => {
    const test = compareProportions(xa, na, xb, nb);
    expect(test.z).toBeCloseTo(z, 5);
    expect(test.pValue).toBeCloseTo(p, 5);
    expect(test.low).toBeCloseTo(low, 5);
    expect(test.high).toBeCloseTo(high, 5);
    expect(test.significant).toBe(significant);
  });

  // An A/A case: two arms with the same counts must never be called different.
  it('calls an A/A result not significant: 200 of 2,000 in both arms', () => {
    const test = compareProportions(200, 2_000, 200, 2_000);
    expect(test).toMatchObject({ difference: 0, z: 0, pValue: 1, significant: false });
    expect(test.low).toBeCloseTo(-0.018594, 5);
    expect(test.high).toBeCloseTo(0.018594, 5);
  });

  it('is not significant when it is undefined: no trials, or no successes anywhere', () => {
    expect(compareProportions(0, 0, 3, 10)).toMatchObject({ pValue: 1, significant: false });
    expect(compareProportions(0, 500, 0, 500)).toMatchObject({ pValue: 1, significant: false });
    expect(compareProportions(500, 500, 500, 500)).toMatchObject({ pValue: 1, significant: false });
  });
});

describe('the test’s error rates over seeded simulations', () => {
  const binomial = (random: Random, trials: number, rate: number) => {
    let successes = 0;
    for (let i = 0; i < trials; i += 1) if (random.chance(rate)) successes += 1;
    return successes;
  };

  // Injected failure this catches: a one-sided p-value, a wrong standard error or z cut-off (each moves
  // the false-positive rate far from 5%).
  it('calls about 5% of A/A runs significant (2,000 runs of 1,000 against 1,000 at a 10% rate)', () => {
    const random = new Random(2026, 1);
    const runs = 2_000;
    let positives = 0;
    for (let run = 0; run < runs; run += 1) {
      const test = compareProportions(binomial(random, 1_000, 0.1), 1_000, binomial(random, 1_000, 0.1), 1_000);
      if (test.significant) positives += 1;
    }
    const rate = positives / runs;
    console.log(`A/A false-positive rate: ${(rate * 100).toFixed(2)}% of ${runs} runs`);
    // Within 3 standard deviations of 5% for 2,000 runs (σ ≈ 0.49 points).
    expect(rate).toBeGreaterThan(0.035);
    expect(rate).toBeLessThan(0.065);
  });

  it('finds a real 2× difference (5% against 10%, 1,000 visitors an arm) in nearly every run', () => {
    const random = new Random(2026, 2);
    const runs = 500;
    let found = 0;
    for (let run = 0; run < runs; run += 1) {
      const test = compareProportions(binomial(random, 1_000, 0.1), 1_000, binomial(random, 1_000, 0.05), 1_000);
      if (test.significant && test.difference > 0) found += 1;
    }
    console.log(`2× difference found in ${((found / runs) * 100).toFixed(1)}% of ${runs} runs`);
    // The power of this design is about 99% (normal approximation: Φ(4.26 − 1.96)); 95% leaves room for the seed.
    expect(found / runs).toBeGreaterThan(0.95);
  });
});
