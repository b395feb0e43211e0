// The special functions behind the BG/NBD and Gamma-Gamma likelihoods, against
// closed forms.
import { describe, expect, test } from 'vitest';
import { digamma, hypergeometric2F1, logBeta, logGamma, logSumExp } from '@/lib/intent/special-functions';

describe('logGamma, logBeta, logSumExp', () => {
  test('logGamma matches factorials, Γ(1/2) = √π and a large argument', () => {
    let factorial = 1;
    for (let n = 1; n <= 20; n += 1) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(0.001)).toBeCloseTo(6.907178885383853, 11);
    // ln Γ(1000) = ln 999!, by Stirling with its series: 5905.220423209181
    expect(logGamma(1000) / 5905.220423209181).toBeCloseTo(1, 14);
    expect(() => logGamma(0)).toThrow(RangeError);
  });

  test('logBeta is symmetric and B(1, n) = 1/n', () => {
    expect(logBeta(2.5, 0.7)).toBeCloseTo(logBeta(0.7, 2.5), 13);
    expect(logBeta(1, 8)).toBeCloseTo(-Math.log(8), 13);
  });

  test('logSumExp stays finite where exp overflows or underflows', () => {
    expect(logSumExp(1000, 1000)).toBeCloseTo(1000 + Math.log(2), 12);
    expect(logSumExp(-1000, -1001)).toBeCloseTo(-1000 + Math.log1p(Math.exp(-1)), 12);
    expect(logSumExp(-Infinity, 3)).toBe(3);
    expect(logSumExp(-Infinity, -Infinity)).toBe(-Infinity);
  });
});

describe('digamma', () => {
  test('ψ(1) = −γ, ψ(1/2) = −γ − 2 ln 2, ψ(x + 1) = ψ(x) + 1/x, and the slope of ln Γ', () => {
    const eulerGamma = 0.5772156649015329;
    expect(digamma(1)).toBeCloseTo(-eulerGamma, 10);
    expect(digamma(0.5)).toBeCloseTo(-eulerGamma - 2 * Math.log(2), 10);
    expect(digamma(1e-4 + 1) - digamma(1e-4)).toBeCloseTo(1e4, 6);
    for (const x of [0.01, 0.7, 3.3, 12.5, 250]) {
      const h = 1e-5 * x;
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 5);
    }
    expect(() => digamma(0)).toThrow(RangeError);
  });
});

describe('hypergeometric2F1', () => {
  test.each([0.1, 0.5, 0.9, 0.99])('2F1(1, 1; 2; z) = −ln(1 − z)/z at z = %s', (z) => {
    expect(hypergeometric2F1(1, 1, 2, z) / (-Math.log(1 - z) / z)).toBeCloseTo(1, 12);
  });

  test.each([0.3, 0.95])('2F1(a, b; b; z) = (1 − z)^−a, a growing ratio of terms, z = %s', (z) => {
    expect(hypergeometric2F1(3.3, 0.7, 0.7, z) / Math.pow(1 - z, -3.3)).toBeCloseTo(1, 11);
  });

  test('2F1(1/2, 1/2; 3/2; z²) = arcsin(z)/z, and negative z', () => {
    expect(hypergeometric2F1(0.5, 0.5, 1.5, 0.64)).toBeCloseTo(Math.asin(0.8) / 0.8, 13);
    expect(hypergeometric2F1(1, 1, 2, -0.5)).toBeCloseTo(Math.log(1.5) / 0.5, 13);
  });

  test('refuses |z| ≥ 1 and a sum that does not converge', () => {
    expect(() => hypergeometric2F1(1, 1, 2, 1)).toThrow(RangeError);
    expect(() => hypergeometric2F1(1, 1, 2, 0.999999, { maxTerms: 100 })).toThrow(/did not converge/);
  });
});
