// The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
// "RFM and CLV", J. Marketing Research 42(4); Fader & Hardie's note "The
// Gamma-Gamma model of monetary value", 2013): a customer's purchases have
// amounts ~ Gamma(p, ν), and ν ~ Gamma(q, γ) across customers. Fitted on the
// repeat customers' mean spend m̄ over x repeat purchases.
import { logParameterBound, minimise } from './optimiser';
import { minimiseSmooth } from './quasi-newton';
import { digamma, logGamma } from './special-functions';

export interface SpendCustomer {
  /** Repeat purchases (> 0 to take part in the fit). */
  x: number;
  /** Mean spend of those purchases (> 0). */
  meanSpend: number;
}

export interface GammaGammaParameters {
  p: number;
  q: number;
  gamma: number;
}

export interface GammaGammaFit {
  parameters: GammaGammaParameters;
  logLikelihood: number;
  customers: number;
  /** False also when a parameter ran to the box (e.g. q → ∞: no heterogeneity to estimate). */
  converged: boolean;
}

/** ln f(m̄ | x; p, q, γ) for one customer, the note's eq. 3 in log form. */
export function spendLogLikelihood({ p, q, gamma }: GammaGammaParameters, { x, meanSpend: m }: SpendCustomer): number {
  const px = p * x;
  return (
    logGamma(px + q) -
    logGamma(px) -
    logGamma(q) +
    q * Math.log(gamma) +
    (px - 1) * Math.log(m) +
    px * Math.log(x) -
    (px + q) * Math.log(gamma + m * x)
  );
}

/** Customers who can take part: a repeat purchase and a positive mean spend. */
export function isSpendCustomer<T extends { x: number; meanSpend: number | null }>(c: T): c is T & SpendCustomer {
  return c.x > 0 && c.meanSpend !== null && c.meanSpend > 0;
}

/** ∂ℓ/∂(p, q, γ), written by the compiled function when asked. */
export type GammaGammaGradient = [number, number, number];

/**
 * The sample's log-likelihood (the sum of spendLogLikelihood), compiled for
 * the optimiser. Customers with the same x and total spend m̄x are counted once
 * with a weight; the Gamma terms and their digammas depend on x alone, so once
 * per distinct x; the terms in ln m̄ and ln x do not depend on the parameters
 * and are summed once. What is left per group is one log and one division:
 * ln(γ + m̄x) and 1/(γ + m̄x).
 */
export function spendLogLikelihoodFunction(
  customers: readonly SpendCustomer[],
): (parameters: GammaGammaParameters, gradient?: GammaGammaGradient) => number {
  // Per x, the groups by total spend (numeric keys: no key strings to build).
  const groups = new Map<number, Map<number, { x: number; spend: number; count: number }>>();
  const customersWithX = new Map<number, number>();
  // Σ x(ln m̄ + ln x) and Σ ln m̄: the coefficient of p and the constant of ℓ.
  let [perP, constant] = [0, 0];
  for (const { x, meanSpend } of customers) {
    if (!(Number.isInteger(x) && x > 0 && meanSpend > 0)) {
      throw new RangeError(`Invalid spend summary x=${x}, mean spend ${meanSpend}.`);
    }
    perP += x * (Math.log(meanSpend) + Math.log(x));
    constant -= Math.log(meanSpend);
    customersWithX.set(x, (customersWithX.get(x) ?? 0) + 1);
    const spend = meanSpend * x;
    let withX = groups.get(x);
    if (!withX) groups.set(x, (withX = new Map()));
    const same = withX.get(spend);
    if (same) same.count += 1;
    else withX.set(spend, { x, spend, count: 1 });
  }
  const grouped = [...groups.values()].flatMap((withX) => [...withX.values()]);
  const size = customers.length;
  const [xs, xCounts] = [Float64Array.from(customersWithX.keys()), Float64Array.from(customersWithX.values())];
  const [groupX, groupSpend, groupCount] = [
    Float64Array.from(grouped, (group) => group.x),
    Float64Array.from(grouped, (group) => group.spend),
    Float64Array.from(grouped, (group) => group.count),
  ];
  const sums = new Float64Array(4);
  return ({ p, q, gamma }, gradient) => {
    let total = size * (q * Math.log(gamma) - logGamma(q)) + p * perP + constant;
    let [dp, dq] = [perP, size * (Math.log(gamma) - digamma(q))];
    const dGamma = (size * q) / gamma;
    for (let j = 0; j < xs.length; j++) {
      const [x, count] = [xs[j] as number, xCounts[j] as number];
      total += count * (logGamma(p * x + q) - logGamma(p * x));
      const psiPXQ = digamma(p * x + q);
      dp += count * x * (psiPXQ - digamma(p * x));
      dq += count * psiPXQ;
    }
    // − Σ (p x + q) ln(γ + m̄x), and its derivatives.
    sumShifted(groupX, groupSpend, groupCount, gamma, sums);
    const [sumLog = 0, sumXLog = 0, sumInverse = 0, sumXInverse = 0] = sums;
    total -= p * sumXLog + q * sumLog;
    if (gradient) {
      [gradient[0], gradient[1], gradient[2]] = [
        dp - sumXLog,
        dq - sumLog,
        dGamma - (p * sumXInverse + q * sumInverse),
      ];
    }
    return total;
  };
}

/**
 * Σ ln(γ + s), Σ x ln(γ + s), Σ 1/(γ + s), Σ x/(γ + s) over the groups (total spend s,
 * weighted by count), into `sums`: the inner loop in a function of its own, which V8
 * optimises whole (see sumGroups in bgnbd.ts).
 */
function sumShifted(xs: Float64Array, spends: Float64Array, counts: Float64Array, gamma: number, sums: Float64Array) {
  let [sumLog, sumXLog, sumInverse, sumXInverse] = [0, 0, 0, 0];
  for (let k = 0; k < xs.length; k++) {
    const [x, count] = [xs[k] as number, counts[k] as number];
    const shifted = gamma + (spends[k] as number);
    const logShifted = Math.log(shifted);
    sumLog += count * logShifted;
    sumXLog += count * x * logShifted;
    sumInverse += count / shifted;
    sumXInverse += (count * x) / shifted;
  }
  [sums[0], sums[1], sums[2], sums[3]] = [sumLog, sumXLog, sumInverse, sumXInverse];
}

/**
 * Fits on the customers with repeat purchases and spend; the others are
 * skipped. BFGS over the log-parameters on the written-out gradient, and
 * Nelder–Mead from its best point should it not converge (as fitBgNbd).
 */
export function fitGammaGamma(customers: readonly { x: number; meanSpend: number | null }[]): GammaGammaFit {
  const sample = customers.filter(isSpendCustomer);
  if (sample.length === 0) throw new Error('Gamma-Gamma needs customers with repeat purchases and spend.');
  const fromLog = ([p, q, gamma]: readonly number[]): GammaGammaParameters => ({
    p: Math.exp(p ?? 0),
    q: Math.exp(q ?? 0),
    gamma: Math.exp(gamma ?? 0),
  });
  const logLikelihood = spendLogLikelihoodFunction(sample);
  const meanSpend = sample.reduce((s, c) => s + c.meanSpend, 0) / sample.length;
  // Start: q = 2, p = 1 and γ so that the population mean pγ/(q − 1) is the sample's.
  const start = [0, Math.log(2), Math.log(Math.max(meanSpend, 1e-6))];
  const gradient: GammaGammaGradient = [0, 0, 0];
  const smooth = minimiseSmooth(
    (logParameters, logGradient) => {
      const parameters = fromLog(logParameters);
      const value = logLikelihood(parameters, gradient);
      [logGradient[0], logGradient[1], logGradient[2]] = [
        -parameters.p * gradient[0],
        -parameters.q * gradient[1],
        -parameters.gamma * gradient[2],
      ];
      return -value;
    },
    start,
    { bound: logParameterBound },
  );
  const minimum =
    smooth.converged && !smooth.atBound
      ? smooth
      : minimise((logParameters) => -logLikelihood(fromLog(logParameters)), smooth.x, {
          valueTolerance: 1e-9,
          pointTolerance: 1e-7,
          bound: logParameterBound,
        });
  return {
    parameters: fromLog(minimum.x),
    logLikelihood: -minimum.value,
    customers: sample.length,
    converged: minimum.converged && !minimum.atBound,
  };
}

/**
 * E[spend per purchase | m̄, x] = (γ + m̄x)p / (px + q − 1): a weighted mean of
 * the population mean pγ/(q − 1) and the customer's own m̄. Without repeat
 * purchases it is the population mean; null when q ≤ 1 (the mean is infinite).
 */
export function expectedSpend(
  { p, q, gamma }: GammaGammaParameters,
  customer: { x: number; meanSpend: number | null },
): number | null {
  if (q <= 1) return null;
  if (!isSpendCustomer(customer)) return (p * gamma) / (q - 1);
  return ((gamma + customer.meanSpend * customer.x) * p) / (p * customer.x + q - 1);
}
