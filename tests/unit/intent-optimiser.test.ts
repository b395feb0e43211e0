// Nelder–Mead with restarts on functions whose minimum is known.
import { describe, expect, test } from 'vitest';
import { minimise } from '@/lib/intent/optimiser';
import { minimiseSmooth } from '@/lib/intent/quasi-newton';

describe('minimise', () => {
  test('finds the Rosenbrock valley floor at (1, 1)', () => {
    const rosenbrock = ([x = 0, y = 0]: number[]) => 100 * (y - x * x) ** 2 + (1 - x) ** 2;
    const minimum = minimise(rosenbrock, [-1.2, 1], { valueTolerance: 1e-14, pointTolerance: 1e-9 });
    expect(minimum.converged).toBe(true);
    expect(minimum.x[0]).toBeCloseTo(1, 6);
    expect(minimum.x[1]).toBeCloseTo(1, 6);
  });

  test('a 5-dimensional quadratic, and a non-finite value counts as outside', () => {
    const target = [1, -2, 3, 0.5, -0.25];
    const f = (x: number[]) =>
      x[0] !== undefined && x[0] < -5 ? NaN : x.reduce((s, v, i) => s + (i + 1) * (v - (target[i] ?? 0)) ** 2, 0);
    const minimum = minimise(f, [0, 0, 0, 0, 0]);
    minimum.x.forEach((v, i) => expect(v).toBeCloseTo(target[i] ?? 0, 5));
  });

  test('reports a minimum that runs to the box', () => {
    const minimum = minimise(([x = 0]: number[]) => Math.exp(-x), [0], { bound: 10 });
    expect(minimum.atBound).toBe(true);
    expect(minimum.x[0]).toBeCloseTo(10, 2);
  });
});

describe('minimiseSmooth (BFGS)', () => {
  test('finds the Rosenbrock valley floor at (1, 1) from its gradient', () => {
    const minimum = minimiseSmooth(
      ([x = 0, y = 0], gradient) => {
        [gradient[0], gradient[1]] = [-400 * x * (y - x * x) - 2 * (1 - x), 200 * (y - x * x)];
        return 100 * (y - x * x) ** 2 + (1 - x) ** 2;
      },
      [-1.2, 1],
    );
    expect(minimum.converged).toBe(true);
    expect(minimum.x[0]).toBeCloseTo(1, 6);
    expect(minimum.x[1]).toBeCloseTo(1, 6);
  });

  test('reports a minimum that runs to the box, not converged', () => {
    const minimum = minimiseSmooth(
      ([x = 0], gradient) => {
        gradient[0] = -Math.exp(-x);
        return Math.exp(-x);
      },
      [0],
      { bound: 10 },
    );
    expect(minimum.atBound || !minimum.converged).toBe(true);
    expect(minimum.x[0]).toBeGreaterThan(5);
  });
});
