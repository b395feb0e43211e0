// Nelder–Mead minimisation (Nelder & Mead 1965, with the adaptive parameters
// of Gao & Han 2012 for higher dimensions) and restarts: a fresh simplex
// around the best point until a restart no longer improves it, the usual
// guard against the method's stalls on a degenerate simplex.

/** Log-parameters are kept within ±30 (e^30 ≈ 1e13): beyond, a model has degenerated to a limit case. */
export const logParameterBound = 30;

export interface MinimiseOptions {
  /** Size of the first simplex's steps (in the units of x; log-parameters: 0.5 is a factor of 1.65). */
  step?: number;
  /** Converged when the simplex's values differ by less than this (absolute) ... */
  valueTolerance?: number;
  /** ... and its points by less than this in every coordinate. */
  pointTolerance?: number;
  maxIterations?: number;
  maxRestarts?: number;
  /** Box |x_i| <= bound (outside, the objective is +Infinity): log-parameters of ±bound are a limit case, not an estimate. */
  bound?: number;
}

export interface Minimum {
  x: number[];
  value: number;
  iterations: number;
  restarts: number;
  converged: boolean;
  /** Some coordinate ended within 1e-3 of the box: the likelihood rises toward a limit of the model there. */
  atBound: boolean;
}

interface Vertex {
  x: number[];
  value: number;
}

/** The objective is minimised; a non-finite value counts as +Infinity (outside the domain). */
export function minimise(objective: (x: number[]) => number, start: number[], options: MinimiseOptions = {}): Minimum {
  const maxRestarts = options.maxRestarts ?? 20;
  const bound = options.bound ?? Infinity;
  const boxed = (x: number[]) => (x.every((v) => Math.abs(v) <= bound) ? objective(x) : Infinity);
  let best = nelderMead(boxed, start, options);
  let iterations = best.iterations;
  let restarts = 0;
  while (restarts < maxRestarts) {
    restarts += 1;
    const next = nelderMead(boxed, best.x, { ...options, step: (options.step ?? 0.5) / 5 });
    iterations += next.iterations;
    const improved = best.value - next.value > (options.valueTolerance ?? 1e-10);
    if (next.value < best.value) best = next;
    // No gain from a fresh simplex: the minimum (or a drift along a flat valley
    // the tolerances cannot settle) is as good as restarts will make it.
    if (!improved) break;
  }
  const atBound = best.x.some((v) => Math.abs(v) > bound - 1e-3);
  return { ...best, iterations, restarts, atBound };
}

function nelderMead(
  objective: (x: number[]) => number,
  start: number[],
  options: MinimiseOptions,
): Omit<Minimum, 'atBound'> {
  const n = start.length;
  const step = options.step ?? 0.5;
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const pointTolerance = options.pointTolerance ?? 1e-9;
  const maxIterations = options.maxIterations ?? 1_000 * n;
  const [alpha, beta, gamma, delta] = [1, 1 + 2 / n, 0.75 - 1 / (2 * n), 1 - 1 / n];
  const evaluate = (x: number[]): Vertex => {
    const value = objective(x);
    return { x, value: Number.isFinite(value) ? value : Infinity };
  };
  let simplex: Vertex[] = [evaluate(start)];
  for (let i = 0; i < n; i += 1) simplex.push(evaluate(start.map((v, j) => (j === i ? v + step : v))));

  let iterations = 0;
  let converged = false;
  while (iterations < maxIterations) {
    simplex.sort((p, q) => p.value - q.value);
    const best = simplex[0] as Vertex;
    const worst = simplex[n] as Vertex;
    const secondWorst = simplex[n - 1] as Vertex;
    const spread = Math.max(...simplex.map((v) => Math.max(...v.x.map((c, j) => Math.abs(c - (best.x[j] ?? 0))))));
    if (worst.value - best.value <= valueTolerance && spread <= pointTolerance) {
      converged = true;
      break;
    }
    iterations += 1;
    const centroid = Array.from(
      { length: n },
      (_, j) => simplex.slice(0, n).reduce((s, v) => s + (v.x[j] ?? 0), 0) / n,
    );
    const along = (t: number) => centroid.map((c, j) => c + t * (c - (worst.x[j] ?? 0)));
    const reflected = evaluate(along(alpha));
    if (reflected.value < best.value) {
      const expanded = evaluate(along(alpha * beta));
      simplex[n] = expanded.value < reflected.value ? expanded : reflected;
    } else if (reflected.value < secondWorst.value) {
      simplex[n] = reflected;
    } else {
      const outside = reflected.value < worst.value;
      const contracted = evaluate(along(outside ? alpha * gamma : -gamma));
      if (contracted.value < (outside ? reflected.value : worst.value)) {
        simplex[n] = contracted;
      } else {
        simplex = simplex.map((v, i) =>
          i === 0 ? v : evaluate(v.x.map((c, j) => (best.x[j] ?? 0) + delta * (c - (best.x[j] ?? 0)))),
        );
      }
    }
  }
  simplex.sort((p, q) => p.value - q.value);
  const best = simplex[0] as Vertex;
  return { x: best.x, value: best.value, iterations, restarts: 0, converged };
}
