// Special functions of the BG/NBD and Gamma-Gamma likelihoods, in log space
// where the values overflow (Γ(r + x) for a customer with 50 purchases).

// Lanczos approximation, g = 7, n = 9 (Numerical Recipes 3rd ed. §6.1;
// the coefficients of Godfrey's table): relative error below 1e-15 for x > 0.
const lanczosG = 7;
const lanczos = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];
const halfLogTwoPi = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}.`);
  // Reflection keeps the series where it is accurate: Γ(x) Γ(1 - x) = π / sin(πx).
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let sum = lanczos[0] ?? 0;
  for (let i = 1; i < lanczos.length; i += 1) sum += (lanczos[i] ?? 0) / (z + i);
  const t = z + lanczosG + 0.5;
  return halfLogTwoPi + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * ψ(x) = d/dx ln Γ(x) for x > 0, for the likelihoods' gradients: the recurrence
 * ψ(x) = ψ(x + 1) − 1/x up to x ≥ 6, then the asymptotic series (Abramowitz &
 * Stegun 6.3.18), accurate to about 1e-13 there.
 */
export function digamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`digamma needs x > 0, got ${x}.`);
  let shift = 0;
  while (x < 6) {
    shift -= 1 / x;
    x += 1;
  }
  const inverseSquare = 1 / (x * x);
  const series =
    inverseSquare *
    (1 / 12 - inverseSquare * (1 / 120 - inverseSquare * (1 / 252 - inverseSquare * (1 / 240 - inverseSquare / 132))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ln(e^a + e^b) without overflow or underflow. */
export function logSumExp(a: number, b: number): number {
  const high = Math.max(a, b);
  if (high === -Infinity) return -Infinity;
  return high + Math.log(Math.exp(a - high) + Math.exp(b - high));
}

export interface SeriesOptions {
  /** Stop when a term is below this fraction of the sum. */
  tolerance?: number;
  maxTerms?: number;
}

/**
 * Gauss's hypergeometric 2F1(a, b; c; z) by its power series, for |z| < 1.
 * The BG/NBD conditional expectation needs it with z = t / (α + T + t) in
 * [0, 1): the terms shrink like z^n, so the loop stops when a term is
 * negligible; it throws rather than return a sum that did not converge.
 */
export function hypergeometric2F1(a: number, b: number, c: number, z: number, options: SeriesOptions = {}): number {
  const tolerance = options.tolerance ?? 1e-15;
  const maxTerms = options.maxTerms ?? 1_000_000;
  if (!(Math.abs(z) < 1)) throw new RangeError(`hypergeometric2F1 needs |z| < 1, got ${z}.`);
  if (c <= 0 && Number.isInteger(c)) throw new RangeError(`hypergeometric2F1 is undefined for c = ${c}.`);
  let term = 1;
  let sum = 1;
  for (let n = 0; n < maxTerms; n += 1) {
    term *= (((a + n) * (b + n)) / ((c + n) * (n + 1))) * z;
    sum += term;
    if (!Number.isFinite(sum)) break;
    // Far out the ratio of terms tends to |z|, so the tail is about
    // term · |z| / (1 − |z|): stop when that is negligible, not the term alone.
    const tail = (Math.abs(term) * Math.abs(z)) / (1 - Math.abs(z));
    if (n > Math.abs(a) + Math.abs(b) + Math.abs(c) && tail <= tolerance * Math.abs(sum)) return sum;
    if (term === 0) return sum;
  }
  throw new Error(`hypergeometric2F1(${a}, ${b}; ${c}; ${z}) did not converge in ${maxTerms} terms.`);
}
