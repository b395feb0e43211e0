// The benchmark's generated summary: customers drawn from BG/NBD with the CDNOW
// sample's parameters, observed for 1 to 78 weeks, times rounded to whole days
// as the engine's summary SQL gives them. Seeded, so the page and Node fit the
// same customers.
import { Random } from '@/lib/demo/random';
import type { BgNbdCustomer } from '@/lib/intent/bgnbd';
import { simulateBgNbd } from '../fixtures/bgnbd-simulation';

export const cdnowParameters = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

export function generatedSummary(count: number, seed = 2005): BgNbdCustomer[] {
  const toDays = (weeks: number) => Math.round(weeks * 7) / 7;
  return simulateBgNbd(new Random(seed), cdnowParameters, count, { minT: 1, maxT: 78, holdout: 0 }).map((c) => {
    const T = toDays(c.T);
    return { x: c.x, tx: Math.min(toDays(c.tx), T), T };
  });
}
