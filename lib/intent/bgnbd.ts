// The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your
// customers the easy way", Marketing Science 24(2)): while alive, a customer
// buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase
// they drop out with probability p ~ Beta(a, b). Per customer: x repeat
// purchases, t_x the time of the last one, T the time observed, all measured
// from the first purchase.
import { logParameterBound, minimise } from './optimiser';
import { hypergeometric2F1, logBeta, logGamma, logSumExp } from './special-functions';

export interface BgNbdCustomer {
  x: number;
  tx: number;
  T: number;
}

export interface BgNbdParameters {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  parameters: BgNbdParameters;
  logLikelihood: number;
  customers: number;
  iterations: number;
  restarts: number;
  /** False also when a parameter ran to the box (e.g. q → ∞: no heterogeneity to estimate). */
  converged: boolean;
}

/** A customer's log-likelihood, FHL 2005 eq. 6: ln(A1·A2·(A3 + δ_{x>0}·A4)), with the sum by log-sum-exp. */
export function customerLogLikelihood({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: BgNbdCustomer): number {
  const a1 = logGamma(r + x) - logGamma(r) + r * Math.log(alpha);
  const a2 = logBeta(a, b + x) - logBeta(a, b);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a1 + a2 + logSumExp(a3, a4);
}

/**
 * The sample's log-likelihood as a function of the parameters, compiled for
 * the optimiser: customers with the same (x, t_x, T) are counted once with a
 * weight (every one-time buyer of a day is alike); the Gamma and Beta terms,
 * which depend on x alone, are computed once per distinct x; and ln(α + t) once
 * per distinct time (times are whole days, so there are few), leaving one exp
 * and one log1p per group in the inner loop.
 */
export function logLikelihoodFunction(customers: readonly BgNbdCustomer[]): (p: BgNbdParameters) => number {
  const groups = new Map<string, { x: number; tx: number; T: number; count: number }>();
  for (const { x, tx, T } of customers) {
    if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx)) {
      throw new RangeError(`Invalid customer summary x=${x}, t_x=${tx}, T=${T}.`);
    }
    const key = `${x}|${tx}|${T}`;
    const same = groups.get(key);
    if (same) same.count += 1;
    else groups.set(key, { x, tx, T, count: 1 });
  }
  const timeIndex = new Map<number, number>();
  const xIndex = new Map<number, number>();
  const indexOf = (map: Map<number, number>, value: number) => {
    const known = map.get(value);
    if (known !== undefined) return known;
    map.set(value, map.size);
    return map.size - 1;
  };
  const n = groups.size;
  const [xi, txi, ti, counts] = [new Int32Array(n), new Int32Array(n), new Int32Array(n), new Float64Array(n)];
  let g = 0;
  for (const { x, tx, T, count } of groups.values()) {
    [xi[g], txi[g], ti[g], counts[g]] = [indexOf(xIndex, x), indexOf(timeIndex, tx), indexOf(timeIndex, T), count];
    g += 1;
  }
  const xs = Float64Array.from(xIndex.keys());
  const times = Float64Array.from(timeIndex.keys());
  const [shared, drop, logTimes] = [
    new Float64Array(xs.length),
    new Float64Array(xs.length),
    new Float64Array(times.length),
  ];
  return ({ r, alpha, a, b }) => {
    const [logGammaR, logBetaAB, logAlpha, logA] = [logGamma(r), logBeta(a, b), Math.log(alpha), Math.log(a)];
    for (let k = 0; k < xs.length; k++) {
      const x = xs[k] as number;
      shared[k] = logGamma(r + x) - logGammaR + r * logAlpha + logBeta(a, b + x) - logBetaAB;
      drop[k] = x > 0 ? logA - Math.log(b + x - 1) : -Infinity;
    }
    for (let k = 0; k < times.length; k++) logTimes[k] = Math.log(alpha + (times[k] as number));
    let total = 0;
    for (let k = 0; k < n; k++) {
      const j = xi[k] as number;
      const rx = r + (xs[j] as number);
      const a3 = -rx * (logTimes[ti[k] as number] as number);
      const dropTerm = drop[j] as number;
      let value = a3;
      if (dropTerm !== -Infinity) {
        // ln(e^{a3} + e^{a4}) by its larger term: a4 ≤ a3 + ln(a/(b+x−1)) can be either side.
        const a4 = dropTerm - rx * (logTimes[txi[k] as number] as number);
        const [high, low] = a3 > a4 ? [a3, a4] : [a4, a3];
        value = high + Math.log1p(Math.exp(low - high));
      }
      total += (counts[k] as number) * ((shared[j] as number) + value);
    }
    return total;
  };
}

const fromLog = ([r, alpha, a, b]: number[]): BgNbdParameters => ({
  r: Math.exp(r ?? 0),
  alpha: Math.exp(alpha ?? 0),
  a: Math.exp(a ?? 0),
  b: Math.exp(b ?? 0),
});

/**
 * Maximum likelihood over the log-parameters (all four are positive), by
 * Nelder–Mead with restarts. The start scales α to the sample's mean T, the
 * time unit the rate is measured in.
 */
export function fitBgNbd(customers: readonly BgNbdCustomer[]): BgNbdFit {
  if (customers.length === 0) throw new Error('BG/NBD needs at least one customer.');
  const logLikelihood = logLikelihoodFunction(customers);
  const meanT = customers.reduce((sum, c) => sum + c.T, 0) / customers.length;
  const start = [0, Math.log(Math.max(meanT, 1e-6)), 0, 0];
  const minimum = minimise((logParameters) => -logLikelihood(fromLog(logParameters)), start, {
    valueTolerance: 1e-9,
    pointTolerance: 1e-7,
    bound: logParameterBound,
  });
  return {
    parameters: fromLog(minimum.x),
    logLikelihood: -minimum.value,
    customers: customers.length,
    iterations: minimum.iterations,
    restarts: minimum.restarts,
    converged: minimum.converged && !minimum.atBound,
  };
}

/** 1 + δ_{x>0} · a/(b+x−1) · ((α+T)/(α+t_x))^{r+x}: the odds of having dropped out, plus one (FHL 2005 eq. 9's denominator). */
function deadOddsPlusOne({ r, alpha, a, b }: BgNbdParameters, { x, tx, T }: BgNbdCustomer): number {
  if (x === 0) return 1;
  return 1 + Math.exp(Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx)));
}

/** P(alive | x, t_x, T). A customer without repeat purchases is alive under BG/NBD (they can only drop out after a purchase). */
export function probabilityAlive(parameters: BgNbdParameters, customer: BgNbdCustomer): number {
  return 1 / deadOddsPlusOne(parameters, customer);
}

/**
 * E[purchases in (T, T + t] | x, t_x, T], FHL 2005 eq. 10. The factor 1/(a − 1)
 * and the bracket change sign together at a = 1, where the limit is finite;
 * a is moved off 1 by 1e-9 there rather than written out as a second formula.
 */
export function expectedPurchases(parameters: BgNbdParameters, customer: BgNbdCustomer, t: number): number {
  if (t <= 0) return 0;
  const { r, alpha, b } = parameters;
  const a = Math.abs(parameters.a - 1) < 1e-9 ? 1 + 1e-9 : parameters.a;
  const { x, T } = customer;
  const z = t / (alpha + T + t);
  const hyper = hypergeometric2F1(r + x, b + x, a + b + x - 1, z);
  const bracket = 1 - Math.exp((r + x) * Math.log((alpha + T) / (alpha + T + t))) * hyper;
  return (((a + b + x - 1) / (a - 1)) * bracket) / deadOddsPlusOne({ ...parameters, a }, customer);
}

/** E[X(t)] for a customer just acquired, FHL 2005 eq. 7: the population's expected purchases in t. */
export function expectedPurchasesNewCustomer({ r, alpha, a: a0, b }: BgNbdParameters, t: number): number {
  if (t <= 0) return 0;
  const a = Math.abs(a0 - 1) < 1e-9 ? 1 + 1e-9 : a0;
  const hyper = hypergeometric2F1(r, b, a + b - 1, t / (alpha + t));
  return ((a + b - 1) / (a - 1)) * (1 - Math.pow(alpha / (alpha + t), r) * hyper);
}
