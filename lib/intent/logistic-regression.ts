// L2-regularised logistic regression by iteratively reweighted least squares
// (Newton's method on the penalised log-likelihood; Hastie, Tibshirani &
// Friedman, ESL §4.4.1). Features are standardised with the training sample's
// mean and standard deviation, so the penalty treats them alike and each
// weight reads as "per standard deviation"; the intercept is not penalised.

export interface LogisticModel {
  intercept: number;
  /** Per standardised feature. */
  weights: number[];
  means: number[];
  scales: number[];
  iterations: number;
  converged: boolean;
}

export interface LogisticOptions {
  /** L2 penalty λ on the weights (not the intercept); default 1. */
  l2?: number;
  maxIterations?: number;
  /** Converged when no coefficient moves by more than this; default 1e-8. */
  tolerance?: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));

/** Solves A·x = b for a symmetric positive definite A (Cholesky); A and b are not changed. */
export function solveSpd(matrix: readonly number[][], rhs: readonly number[]): number[] {
  const n = rhs.length;
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const li = l[i] as number[];
    for (let j = 0; j <= i; j++) {
      const lj = l[j] as number[];
      let sum = (matrix[i] as number[])[j] as number;
      for (let k = 0; k < j; k++) sum -= (li[k] as number) * (lj[k] as number);
      if (i === j) {
        if (!(sum > 0)) throw new Error('The system is not positive definite (collinear features without a penalty?).');
        li[i] = Math.sqrt(sum);
      } else li[j] = sum / (lj[j] as number);
    }
  }
  const y = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    let sum = rhs[i] as number;
    for (let k = 0; k < i; k++) sum -= ((l[i] as number[])[k] as number) * (y[k] as number);
    y[i] = sum / ((l[i] as number[])[i] as number);
  }
  const x = new Array<number>(n).fill(0);
  for (let i = n - 1; i >= 0; i--) {
    let sum = y[i] as number;
    for (let k = i + 1; k < n; k++) sum -= ((l[k] as number[])[i] as number) * (x[k] as number);
    x[i] = sum / ((l[i] as number[])[i] as number);
  }
  return x;
}

function standardiser(rows: readonly number[][]): { means: number[]; scales: number[] } {
  const width = rows[0]?.length ?? 0;
  const means = new Array<number>(width).fill(0);
  const scales = new Array<number>(width).fill(0);
  for (const row of rows) for (let j = 0; j < width; j++) means[j] = (means[j] as number) + (row[j] as number);
  for (let j = 0; j < width; j++) means[j] = (means[j] as number) / rows.length;
  for (const row of rows) {
    for (let j = 0; j < width; j++)
      scales[j] = (scales[j] as number) + ((row[j] as number) - (means[j] as number)) ** 2;
  }
  // A constant feature carries no information: scale 1 keeps it at 0 after centring.
  for (let j = 0; j < width; j++) scales[j] = Math.sqrt((scales[j] as number) / rows.length) || 1;
  return { means, scales };
}

export function fitLogistic(
  rows: readonly number[][],
  labels: readonly boolean[],
  options: LogisticOptions = {},
): LogisticModel {
  if (rows.length === 0 || rows.length !== labels.length)
    throw new Error('Logistic regression needs one label per row, and rows.');
  const l2 = options.l2 ?? 1;
  const maxIterations = options.maxIterations ?? 50;
  const tolerance = options.tolerance ?? 1e-8;
  const { means, scales } = standardiser(rows);
  const width = means.length + 1; // intercept first
  const design = rows.map((row) => [1, ...row.map((v, j) => (v - (means[j] as number)) / (scales[j] as number))]);
  let beta = new Array<number>(width).fill(0);
  let converged = false;
  let iterations = 0;
  while (iterations < maxIterations && !converged) {
    iterations += 1;
    // Newton step: (XᵀWX + λI')·Δ = Xᵀ(y − p) − λI'β, with I' the identity less the intercept.
    const hessian = Array.from({ length: width }, () => new Array<number>(width).fill(0));
    const gradient = new Array<number>(width).fill(0);
    design.forEach((x, i) => {
      let z = 0;
      for (let j = 0; j < width; j++) z += (x[j] as number) * (beta[j] as number);
      const p = sigmoid(z);
      const w = Math.max(p * (1 - p), 1e-12);
      const residual = (labels[i] ? 1 : 0) - p;
      for (let j = 0; j < width; j++) {
        const xj = x[j] as number;
        gradient[j] = (gradient[j] as number) + xj * residual;
        const hj = hessian[j] as number[];
        for (let k = 0; k <= j; k++) hj[k] = (hj[k] as number) + w * xj * (x[k] as number);
      }
    });
    for (let j = 0; j < width; j++) {
      const hj = hessian[j] as number[];
      for (let k = 0; k < j; k++) (hessian[k] as number[])[j] = hj[k] as number;
      if (j > 0) {
        hj[j] = (hj[j] as number) + l2;
        gradient[j] = (gradient[j] as number) - l2 * (beta[j] as number);
      }
    }
    const step = solveSpd(hessian, gradient);
    beta = beta.map((b, j) => b + (step[j] as number));
    converged = step.every((s) => Math.abs(s) < tolerance);
  }
  return { intercept: beta[0] as number, weights: beta.slice(1), means, scales, iterations, converged };
}

export function predictLogistic(model: LogisticModel, row: readonly number[]): number {
  let z = model.intercept;
  for (let j = 0; j < model.weights.length; j++) {
    z +=
      (model.weights[j] as number) * (((row[j] as number) - (model.means[j] as number)) / (model.scales[j] as number));
  }
  return sigmoid(z);
}

/**
 * Area under the ROC curve as the Mann–Whitney statistic: the probability a
 * random positive scores above a random negative, ties counting one half
 * (average ranks). Null when either class is empty.
 */
export function rocAuc(scores: readonly number[], labels: readonly boolean[]): number | null {
  const order = scores.map((score, i) => ({ score, positive: labels[i] === true })).sort((x, y) => x.score - y.score);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && (order[j] as { score: number }).score === (order[i] as { score: number }).score) j++;
    const averageRank = (i + 1 + j) / 2; // ranks i+1 .. j
    for (let k = i; k < j; k++) {
      if ((order[k] as { positive: boolean }).positive) {
        positives += 1;
        rankSum += averageRank;
      }
    }
    i = j;
  }
  const negatives = order.length - positives;
  if (positives === 0 || negatives === 0) return null;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}
