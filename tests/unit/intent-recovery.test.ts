// Parameter recovery: customers simulated from known BG/NBD and Gamma-Gamma
// parameters (seeded), fitted back. Also the conditional expectation (FHL 2005
// eq. 10) against the purchases the same simulated customers make afterwards.
import { describe, expect, test } from 'vitest';
import { Random } from '@/lib/demo/random';
import {
  customerLogLikelihood,
  expectedPurchases,
  expectedPurchasesNewCustomer,
  fitBgNbd,
  logLikelihoodFunction,
  type BgNbdGradient,
  type BgNbdParameters,
} from '@/lib/intent/bgnbd';
import {
  fitGammaGamma,
  spendLogLikelihood,
  spendLogLikelihoodFunction,
  type GammaGammaGradient,
} from '@/lib/intent/gamma-gamma';
import { gammaVariate, simulateBgNbd } from '../fixtures/bgnbd-simulation';

const truth: BgNbdParameters = { r: 0.5, alpha: 4, a: 0.8, b: 2.5 };
const holdout = 39;
const customers = simulateBgNbd(new Random(7), truth, 5_000, { minT: 26, maxT: 52, holdout });

describe('BG/NBD on simulated customers', () => {
  const fit = fitBgNbd(customers);

  test('recovers r, alpha, a, b within their sampling error', () => {
    console.log('recovered', fit.parameters, fit.logLikelihood, `${fit.iterations} iterations`);
    expect(fit.converged).toBe(true);
    for (const key of ['r', 'alpha', 'a', 'b'] as const) {
      expect(Math.abs(fit.parameters[key] / truth[key] - 1), key).toBeLessThan(0.15);
    }
    // The likelihood-ratio statistic of the true parameters: χ² with 4 degrees of freedom, 99.9 % below 18.47.
    const lr = 2 * (fit.logLikelihood - logLikelihoodFunction(customers)(truth));
    expect(lr).toBeGreaterThanOrEqual(0);
    console.log('BG/NBD likelihood ratio of the truth', lr);
    expect(lr).toBeLessThan(18.47);
  });

  test('expected purchases in the holdout match what the customers then did', () => {
    const predicted = customers.reduce((sum, c) => sum + expectedPurchases(fit.parameters, c, holdout), 0);
    const actual = customers.reduce((sum, c) => sum + c.holdoutPurchases, 0);
    console.log('holdout purchases', { predicted, actual });
    expect(Math.abs(predicted / actual - 1)).toBeLessThan(0.05);
  });

  test('E[X(t)] of a new customer matches a simulation', () => {
    const fresh = simulateBgNbd(new Random(11), truth, 20_000, { minT: 0, maxT: 0, holdout: 20 });
    const mean = fresh.reduce((sum, c) => sum + c.holdoutPurchases, 0) / fresh.length;
    expect(Math.abs(expectedPurchasesNewCustomer(truth, 20) / mean - 1)).toBeLessThan(0.05);
  });
});

describe('Gamma-Gamma on simulated spend', () => {
  // p and γ trade against each other (the mean spend is pγ/(q − 1)), so each
  // alone is loosely determined: the test bounds them loosely, the population
  // mean tightly, and the likelihood ratio of the truth by its χ² quantile.
  test('recovers p, q, gamma', () => {
    const random = new Random(3);
    const [p, q, gamma] = [6, 4, 15];
    const spenders = Array.from({ length: 4_000 }, () => {
      const x = random.int(1, 8);
      const nu = gammaVariate(random, q) / gamma;
      let total = 0;
      for (let i = 0; i < x; i += 1) total += gammaVariate(random, p) / nu;
      return { x, meanSpend: total / x };
    });
    const fit = fitGammaGamma(spenders);
    console.log('recovered', fit.parameters);
    expect(fit.converged).toBe(true);
    expect(Math.abs(fit.parameters.p / p - 1)).toBeLessThan(0.25);
    expect(Math.abs(fit.parameters.q / q - 1)).toBeLessThan(0.15);
    expect(Math.abs(fit.parameters.gamma / gamma - 1)).toBeLessThan(0.25);
    const mean = (g: { p: number; q: number; gamma: number }) => (g.p * g.gamma) / (g.q - 1);
    expect(Math.abs(mean(fit.parameters) / mean({ p, q, gamma }) - 1)).toBeLessThan(0.05);
    const atTruth = spenders.reduce((sum, c) => sum + spendLogLikelihood({ p, q, gamma }, c), 0);
    const lr = 2 * (fit.logLikelihood - atTruth);
    console.log('Gamma-Gamma likelihood ratio of the truth', lr);
    // χ² with 3 degrees of freedom: 99.9 % below 16.27.
    expect(lr).toBeGreaterThanOrEqual(0);
    expect(lr).toBeLessThan(16.27);
  });
});

describe('BG/NBD likelihood', () => {
  test('the compiled total is the sum of the per-customer terms (eq. 6)', () => {
    const sample = [...customers.slice(0, 200), { x: 0, tx: 0, T: 30 }, { x: 0, tx: 0, T: 30 }];
    const total = sample.reduce((sum, c) => sum + customerLogLikelihood(truth, c), 0);
    expect(logLikelihoodFunction(sample)(truth)).toBeCloseTo(total, 8);
  });

  test('refuses impossible summaries', () => {
    expect(() => logLikelihoodFunction([{ x: 1, tx: 5, T: 4 }])).toThrow(RangeError);
  });

  // The fit follows this gradient (BFGS): a wrong term would stop it short of the maximum.
  test('the written-out gradient matches central differences', () => {
    const at: BgNbdParameters = { r: 0.3, alpha: 5, a: 1.1, b: 1.7 };
    const logLikelihood = logLikelihoodFunction(customers);
    const gradient: BgNbdGradient = [0, 0, 0, 0];
    logLikelihood(at, gradient);
    (['r', 'alpha', 'a', 'b'] as const).forEach((key, i) => {
      const h = 1e-5 * at[key];
      const slope =
        (logLikelihood({ ...at, [key]: at[key] + h }) - logLikelihood({ ...at, [key]: at[key] - h })) / (2 * h);
      expect(gradient[i]! / slope, key).toBeCloseTo(1, 5);
    });
  });
});

describe('Gamma-Gamma likelihood', () => {
  const spenders = customers
    .filter((c) => c.x > 0)
    .map((c, i) => ({ x: c.x, meanSpend: 5 + (i % 37) * 1.5 }))
    .concat([
      { x: 2, meanSpend: 10 },
      { x: 2, meanSpend: 10 },
    ]);
  const at = { p: 5, q: 3, gamma: 12 };

  test('the compiled total is the sum of the per-customer terms, grouped or not', () => {
    const total = spenders.reduce((sum, c) => sum + spendLogLikelihood(at, c), 0);
    expect(spendLogLikelihoodFunction(spenders)(at)).toBeCloseTo(total, 7);
  });

  test('the written-out gradient matches central differences', () => {
    const logLikelihood = spendLogLikelihoodFunction(spenders);
    const gradient: GammaGammaGradient = [0, 0, 0];
    logLikelihood(at, gradient);
    (['p', 'q', 'gamma'] as const).forEach((key, i) => {
      const h = 1e-5 * at[key];
      const slope =
        (logLikelihood({ ...at, [key]: at[key] + h }) - logLikelihood({ ...at, [key]: at[key] - h })) / (2 * h);
      expect(gradient[i]! / slope, key).toBeCloseTo(1, 5);
    });
  });
});
