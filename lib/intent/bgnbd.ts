// The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "Counting your
// customers the easy way", Marketing Science 24(2)): while alive, a customer
// buys as a Poisson process with rate λ ~ Gamma(r, α); after each purchase
// they drop out with probability p ~ Beta(a, b). Per customer: x repeat
// purchases, t_x the time of the last one, T the time observed, all measured
// from the first purchase.
import { logParameterBound, minimise } from './optimiser';
import { minimiseSmooth } from './quasi-newton';
import { digamma, hypergeometric2F1, logBeta, logGamma, logSumExp } from './special-functions';

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

/** ∂ℓ/∂(r, α, a, b): the sample log-likelihood's gradient, written by the compiled function when asked. */
export type BgNbdGradient = [number, number, number, number];

/**
 * The sample's log-likelihood as a function of the parameters, compiled for
 * the optimiser: customers with the same (x, t_x, T) are counted once with a
 * weight (every one-time buyer of a day is alike); the Gamma and Beta terms
 * and their digammas, which depend on x alone, once per distinct x; ln(α + t)
 * and 1/(α + t) once per distinct time (times are whole days, so there are
 * few), leaving one exp and one log1p per group in the inner loop. With a
 * `gradient` it also writes ∂ℓ/∂(r, α, a, b) (FHL 2005 eq. 6 differentiated;
 * w below is the share of the A4 term, the odds the customer dropped out).
 */
export function logLikelihoodFunction(
  customers: readonly BgNbdCustomer[],
): (p: BgNbdParameters, gradient?: BgNbdGradient) => number {
  const timeIndex = new Map<number, number>();
  const xIndex = new Map<number, number>();
  const indexOf = (map: Map<number, number>, value: number) => {
    const known = map.get(value);
    if (known !== undefined) return known;
    map.set(value, map.size);
    return map.size - 1;
  };
  // Each customer's x and times as indices into the distinct values…
  const size = customers.length;
  const [cx, ctx, cT] = [new Int32Array(size), new Int32Array(size), new Int32Array(size)];
  customers.forEach(({ x, tx, T }, i) => {
    if (!(Number.isInteger(x) && x >= 0 && tx >= 0 && T >= tx)) {
      throw new RangeError(`Invalid customer summary x=${x}, t_x=${tx}, T=${T}.`);
    }
    [cx[i], ctx[i], cT[i]] = [indexOf(xIndex, x), indexOf(timeIndex, tx), indexOf(timeIndex, T)];
  });
  // …then the groups by numeric keys (no key strings to build): (x, t_x) pairs first, then the pair and T.
  const timeCount = timeIndex.size;
  const pairIndex = new Map<number, number>();
  const groupIndex = new Map<number, number>();
  const [xi, txi, ti, counts] = [
    new Int32Array(size),
    new Int32Array(size),
    new Int32Array(size),
    new Float64Array(size),
  ];
  for (let i = 0; i < size; i++) {
    const pair = indexOf(pairIndex, (cx[i] as number) * timeCount + (ctx[i] as number));
    const known = groupIndex.size;
    const group = indexOf(groupIndex, pair * timeCount + (cT[i] as number));
    if (group === known) [xi[group], txi[group], ti[group]] = [cx[i] as number, ctx[i] as number, cT[i] as number];
    counts[group] = (counts[group] as number) + 1;
  }
  const n = groupIndex.size;
  const xs = Float64Array.from(xIndex.keys());
  const times = Float64Array.from(timeIndex.keys());
  const customersWithX = new Float64Array(xs.length);
  for (let k = 0; k < n; k++) {
    const j = xi[k] as number;
    customersWithX[j] = (customersWithX[j] as number) + (counts[k] as number);
  }
  const [drop, rx, dropShare] = [new Float64Array(xs.length), new Float64Array(xs.length), new Float64Array(xs.length)];
  const [logTimes, inverseTimes] = [new Float64Array(times.length), new Float64Array(times.length)];
  const sample: GroupedSample = { n, xi, txi, ti, counts, rx, drop, dropShare, logTimes, inverseTimes };
  const sums = new Float64Array(3);
  return ({ r, alpha, a, b }, gradient) => {
    const [logGammaR, logBetaAB, logAlpha, logA] = [logGamma(r), logBeta(a, b), Math.log(alpha), Math.log(a)];
    const [psiR, psiB, psiAB] = [digamma(r), digamma(b), digamma(a + b)];
    let [total, dr, dAlpha, da, db] = [0, 0, 0, 0, 0];
    for (let j = 0; j < xs.length; j++) {
      const x = xs[j] as number;
      const weight = customersWithX[j] as number;
      // ln A1 + ln A2 of eq. 6: ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b).
      total += weight * (logGamma(r + x) - logGammaR + r * logAlpha + logBeta(a, b + x) - logBetaAB);
      const psiABX = digamma(a + b + x);
      dr += weight * (digamma(r + x) - psiR + logAlpha);
      dAlpha += (weight * r) / alpha;
      da += weight * (psiAB - psiABX);
      db += weight * (digamma(b + x) - psiABX - psiB + psiAB);
      drop[j] = x > 0 ? logA - Math.log(b + x - 1) : -Infinity;
      rx[j] = r + x;
      dropShare[j] = 0;
    }
    for (let k = 0; k < times.length; k++) {
      const shifted = alpha + (times[k] as number);
      logTimes[k] = Math.log(shifted);
      inverseTimes[k] = 1 / shifted;
    }
    sumGroups(sample, sums);
    const [groupTotal = 0, groupR = 0, groupAlpha = 0] = sums;
    for (let j = 0; j < xs.length; j++) {
      const share = dropShare[j] as number;
      if (share === 0) continue;
      da += share / a;
      db -= share / (b + (xs[j] as number) - 1);
    }
    if (gradient) [gradient[0], gradient[1], gradient[2], gradient[3]] = [dr + groupR, dAlpha + groupAlpha, da, db];
    return total + groupTotal;
  };
}

/** The groups and the per-evaluation tables the inner loop reads (by x index, by time index). */
interface GroupedSample {
  n: number;
  xi: Int32Array;
  txi: Int32Array;
  ti: Int32Array;
  counts: Float64Array;
  rx: Float64Array;
  drop: Float64Array;
  /** Written: Σ count·w per x. */
  dropShare: Float64Array;
  logTimes: Float64Array;
  inverseTimes: Float64Array;
}

/**
 * The inner loop over the groups, in a function of its own: V8 then optimises
 * it whole after a few calls instead of entering an on-stack-replaced copy of
 * a longer function at every call (which ran without type feedback past the
 * loop and was thrown away each time). Writes Σ value, ∂/∂r and ∂/∂α into `sums`.
 */
function sumGroups(sample: GroupedSample, sums: Float64Array): void {
  const { n, xi, txi, ti, counts, rx, drop, dropShare, logTimes, inverseTimes } = sample;
  let [total, dr, dAlpha] = [0, 0, 0];
  for (let k = 0; k < n; k++) {
    const j = xi[k] as number;
    const count = counts[k] as number;
    const rate = rx[j] as number;
    const logT = logTimes[ti[k] as number] as number;
    const inverseT = inverseTimes[ti[k] as number] as number;
    const a3 = -rate * logT;
    const dropTerm = drop[j] as number;
    if (dropTerm === -Infinity) {
      total += count * a3;
      dr -= count * logT;
      dAlpha -= count * rate * inverseT;
      continue;
    }
    // ln(e^{a3} + e^{a4}) by its larger term: a4 ≤ a3 + ln(a/(b+x−1)) can be either side.
    const logTx = logTimes[txi[k] as number] as number;
    const a4 = dropTerm - rate * logTx;
    let w: number;
    if (a4 > a3) {
      const e = Math.exp(a3 - a4);
      total += count * (a4 + Math.log1p(e));
      w = 1 / (1 + e);
    } else {
      const e = Math.exp(a4 - a3);
      total += count * (a3 + Math.log1p(e));
      w = e / (1 + e);
    }
    const inverseTx = inverseTimes[txi[k] as number] as number;
    dr -= count * (logT + w * (logTx - logT));
    dAlpha -= count * rate * (inverseT + w * (inverseTx - inverseT));
    dropShare[j] = (dropShare[j] as number) + count * w;
  }
  [sums[0], sums[1], sums[2]] = [total, dr, dAlpha];
}

const fromLog = ([r, alpha, a, b]: readonly number[]): BgNbdParameters => ({
  r: Math.exp(r ?? 0),
  alpha: Math.exp(alpha ?? 0),
  a: Math.exp(a ?? 0),
  b: Math.exp(b ?? 0),
});

/**
 * Maximum likelihood over the log-parameters (all four are positive), by BFGS
 * on the written-out gradient; should it not converge (a flat or degenerate
 * sample), Nelder–Mead with restarts carries on from its best point. The start
 * scales α to the sample's mean T, the time unit the rate is measured in.
 */
export function fitBgNbd(customers: readonly BgNbdCustomer[]): BgNbdFit {
  if (customers.length === 0) throw new Error('BG/NBD needs at least one customer.');
  const logLikelihood = logLikelihoodFunction(customers);
  const meanT = customers.reduce((sum, c) => sum + c.T, 0) / customers.length;
  const start = [0, Math.log(Math.max(meanT, 1e-6)), 0, 0];
  const gradient: BgNbdGradient = [0, 0, 0, 0];
  // ∂(−ℓ)/∂(ln θ) = −θ · ∂ℓ/∂θ.
  const smooth = minimiseSmooth(
    (logParameters, logGradient) => {
      const parameters = fromLog(logParameters);
      const value = logLikelihood(parameters, gradient);
      const { r, alpha, a, b } = parameters;
      [logGradient[0], logGradient[1], logGradient[2], logGradient[3]] = [
        -r * gradient[0],
        -alpha * gradient[1],
        -a * gradient[2],
        -b * gradient[3],
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
    customers: customers.length,
    iterations: minimum === smooth ? smooth.iterations : smooth.iterations + minimum.iterations,
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
