// The Gamma-Gamma model of spend per purchase (Fader, Hardie & Lee 2005,
// "RFM and CLV", J. Marketing Research 42(4); Fader & Hardie's note "The
// Gamma-Gamma model of monetary value", 2013): a customer's purchases have
// amounts ~ Gamma(p, ν), and ν ~ Gamma(q, γ) across customers. Fitted on the
// repeat customers' mean spend m̄ over x repeat purchases.
import { logParameterBound, minimise } from './optimiser';
import { logGamma } from './special-functions';

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

/** Fits on the customers with repeat purchases and spend; the others are skipped. */
export function fitGammaGamma(customers: readonly { x: number; meanSpend: number | null }[]): GammaGammaFit {
  const sample = customers.filter(isSpendCustomer);
  if (sample.length === 0) throw new Error('Gamma-Gamma needs customers with repeat purchases and spend.');
  const fromLog = ([p, q, gamma]: number[]): GammaGammaParameters => ({
    p: Math.exp(p ?? 0),
    q: Math.exp(q ?? 0),
    gamma: Math.exp(gamma ?? 0),
  });
  const meanSpend = sample.reduce((s, c) => s + c.meanSpend, 0) / sample.length;
  const objective = (logParameters: number[]) => {
    const parameters = fromLog(logParameters);
    let total = 0;
    for (const customer of sample) total += spendLogLikelihood(parameters, customer);
    return -total;
  };
  // Start: q = 2, p = 1 and γ so that the population mean pγ/(q − 1) is the sample's.
  const minimum = minimise(objective, [0, Math.log(2), Math.log(Math.max(meanSpend, 1e-6))], {
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
