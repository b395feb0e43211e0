// The winner of a staged send's test share: the variant with the best rate on
// the chosen metric, if the two-proportion test (lib/results/proportion-test.ts)
// finds it better than every other variant at the 5% level. Anything less (a
// tie, too few clicks, a lead that may be chance) sends the first variant, the
// message the marketer wrote first, and says why: sending a variant that only
// looks better is the costly mistake (docs/campaigns-and-push.md#staged-send).
import { type StageMetric } from '../contracts/campaign';
import { variantLetter } from '../contracts/campaign-message';
import { compareProportions } from './proportion-test';

/** A variant's counts in the test share, as the results give them. */
export interface StageArm {
  variant: number;
  visitors: number;
  shown: number;
  clicked: number;
  converted: number;
}

export interface StageWinner {
  winner: number;
  /** True when the winner beat every other variant significantly. */
  significant: boolean;
  reason: string;
}

const metricWords: Record<StageMetric, string> = { clickThrough: 'click-through', conversion: 'conversion rate' };

const counts = (arm: StageArm, metric: StageMetric): [number, number] =>
  metric === 'clickThrough' ? [arm.clicked, arm.shown] : [arm.converted, arm.visitors];

const rate = (arm: StageArm, metric: StageMetric) => {
  const [successes, trials] = counts(arm, metric);
  return trials > 0 ? successes / trials : 0;
};

const percent = (value: number) => `${(value * 100).toFixed(1)}%`;
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

export function pickStageWinner(arms: readonly StageArm[], metric: StageMetric): StageWinner {
  const words = metricWords[metric];
  const variants = [...arms].sort((a, b) => a.variant - b.variant);
  const first = variants[0]?.variant ?? 0;
  const fallback = (why: string): StageWinner => ({
    winner: first,
    significant: false,
    reason: `${why}: variant ${variantLetter(first)} was sent to the rest.`,
  });
  if (variants.length < 2) return fallback('The test share reached fewer than two variants');
  if (variants.every((arm) => counts(arm, metric)[1] === 0)) {
    return fallback(
      metric === 'clickThrough'
        ? 'No notification of the test share was shown on a device, so there is no click-through to compare'
        : 'The test share had no recipients to compare',
    );
  }
  // The best rate; on equal rates the earlier variant, so a tie never picks a later one.
  const best = variants.reduce((top, arm) => (rate(arm, metric) > rate(top, metric) ? arm : top));
  // The other variant the best is least surely ahead of: its test decides, and the words name it.
  const [runnerUp, closest] = variants
    .filter((arm) => arm !== best)
    .map((arm) => [arm, compareProportions(...counts(best, metric), ...counts(arm, metric))] as const)
    .reduce((weakest, each) => (each[1].pValue > weakest[1].pValue ? each : weakest));
  const figures = `${variantLetter(best.variant)} ${percent(rate(best, metric))} against ${variantLetter(runnerUp.variant)} ${percent(rate(runnerUp, metric))}`;
  if (rate(best, metric) === rate(runnerUp, metric)) {
    return fallback(`The variants tied on ${words} (${figures})`);
  }
  if (!closest.significant) {
    return fallback(`No variant was significantly better on ${words} (${figures}, ${pText(closest.pValue)})`);
  }
  return {
    winner: best.variant,
    significant: true,
    reason: `Variant ${variantLetter(best.variant)} won on ${words} (${figures}, ${pText(closest.pValue)}) and was sent to the rest.`,
  };
}
