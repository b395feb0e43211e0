// BFGS with a backtracking (Armijo) line search (Nocedal & Wright, Numerical
// Optimization, 2nd ed., algorithm 6.1 and §6.1's first-step scaling), for the
// models whose gradient is written out. On CDNOW_master BG/NBD it needs about
// 30 evaluations of the likelihood and its gradient where Nelder–Mead needs
// about 700 of the likelihood alone (docs/perf-push-and-intent.md).
import type { Minimum } from './optimiser';

/** The objective's value at x, with its gradient written into `gradient`. */
export type SmoothObjective = (x: readonly number[], gradient: number[]) => number;

export interface QuasiNewtonOptions {
  /**
   * Converged when every component of the gradient is below this times (1 + |value|).
   * Not much smaller than the default: near the minimum a step changes the value by
   * about gradient² / curvature, which drowns in the value's rounding (1e-16 · |value|)
   * once the gradient is below about √(1e-16 · |value| · curvature).
   */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Box |x_i| <= bound (outside, the objective is +Infinity), as for minimise(). */
  bound?: number;
}

const armijo = 1e-4;

export function minimiseSmooth(objective: SmoothObjective, start: number[], options: QuasiNewtonOptions = {}): Minimum {
  const n = start.length;
  const bound = options.bound ?? Infinity;
  const tolerance = options.gradientTolerance ?? 1e-7;
  const maxIterations = options.maxIterations ?? 200;
  const evaluate = (x: number[], gradient: number[]) => {
    if (!x.every((v) => Math.abs(v) <= bound)) return Infinity;
    const value = objective(x, gradient);
    return Number.isFinite(value) && gradient.every(Number.isFinite) ? value : Infinity;
  };
  let x = [...start];
  let gradient = new Array<number>(n).fill(0);
  let value = evaluate(x, gradient);
  if (value === Infinity) throw new RangeError('The objective is not finite at the start.');
  // The inverse Hessian's estimate, row-major; the identity until the first step scales it.
  let inverse = identity(n);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    if (Math.max(...gradient.map(Math.abs)) <= tolerance * (1 + Math.abs(value))) {
      converged = true;
      break;
    }
    iterations += 1;
    let direction = multiply(inverse, gradient).map((v) => -v);
    let slope = dot(gradient, direction);
    if (!(slope < 0)) {
      // The estimate lost positive definiteness: steepest descent, and start the estimate again.
      inverse = identity(n);
      direction = gradient.map((v) => -v);
      slope = dot(gradient, direction);
    }
    // The first step's length is unknown (the gradient's scale is the sample's size): about one unit.
    let step = iterations === 1 ? 1 / Math.max(1, Math.max(...direction.map(Math.abs))) : 1;
    const nextGradient = new Array<number>(n).fill(0);
    let next: number[] = x;
    let nextValue = Infinity;
    for (let tries = 0; tries < 60; tries++) {
      next = x.map((v, i) => v + step * (direction[i] ?? 0));
      nextValue = evaluate(next, nextGradient);
      if (nextValue <= value + armijo * step * slope) break;
      step /= 2;
      nextValue = Infinity;
    }
    // No decrease along a descent direction: the minimum, to the precision of the arithmetic.
    if (nextValue === Infinity) {
      converged = Math.max(...gradient.map(Math.abs)) <= 10 * tolerance * (1 + Math.abs(value));
      break;
    }
    const s = next.map((v, i) => v - (x[i] ?? 0));
    const y = nextGradient.map((v, i) => v - (gradient[i] ?? 0));
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (iterations === 1) inverse = identity(n).map((v) => (v * sy) / dot(y, y));
      inverse = bfgsUpdate(inverse, s, y, sy);
    }
    [x, value, gradient] = [next, nextValue, nextGradient];
  }
  const atBound = x.some((v) => Math.abs(v) > bound - 1e-3);
  return { x, value, iterations, restarts: 0, converged, atBound };
}

const dot = (u: readonly number[], v: readonly number[]) => u.reduce((sum, value, i) => sum + value * (v[i] ?? 0), 0);

const identity = (n: number): number[] => Array.from({ length: n * n }, (_, k) => (k % (n + 1) === 0 ? 1 : 0));

function multiply(matrix: readonly number[], vector: readonly number[]): number[] {
  const n = vector.length;
  return Array.from({ length: n }, (_, i) => {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += (matrix[i * n + j] ?? 0) * (vector[j] ?? 0);
    return sum;
  });
}

/** H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ with ρ = 1 / sᵀy (Nocedal & Wright eq. 6.17). */
function bfgsUpdate(inverse: readonly number[], s: readonly number[], y: readonly number[], sy: number): number[] {
  const n = s.length;
  const rho = 1 / sy;
  const hy = multiply(inverse, y);
  const yhy = dot(y, hy);
  return inverse.map((h, k) => {
    const i = Math.floor(k / n);
    const j = k % n;
    const [si, sj, hyi, hyj] = [s[i] ?? 0, s[j] ?? 0, hy[i] ?? 0, hy[j] ?? 0];
    return h - rho * (hyi * sj + si * hyj) + (rho * rho * yhy + rho) * si * sj;
  });
}
