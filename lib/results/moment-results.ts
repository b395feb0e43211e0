// A moment rule's results from its two groups' outcomes: rates with their
// intervals, the lift of firing over holding out, and the sentences the
// console shows.
import type { ResultsGoal } from '../contracts/campaign-results';
import type { MomentGroup, MomentGroupOutcome, MomentResults } from '../contracts/moment-results';
import { compareProportions, wilsonInterval } from './proportion-test';

const group = (outcome: MomentGroupOutcome, seen: boolean): MomentGroup => ({
  ...outcome,
  clickThrough: seen && outcome.visitors > 0 ? wilsonInterval(outcome.clicked, outcome.visitors) : null,
  conversion: outcome.visitors > 0 ? wilsonInterval(outcome.converted, outcome.visitors) : null,
});

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const points = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} points`;
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

export function momentResults(
  ruleId: number,
  outcomes: { fired: MomentGroupOutcome; heldOut: MomentGroupOutcome },
  goal: ResultsGoal,
  computedAt: number,
): MomentResults {
  const fired = group(outcomes.fired, true);
  const heldOut = group(outcomes.heldOut, false);
  const test =
    fired.visitors > 0 && heldOut.visitors > 0
      ? compareProportions(fired.converted, fired.visitors, heldOut.converted, heldOut.visitors)
      : null;
  const summary: string[] = [];
  const window = `${goal.event} within ${goal.clickWindowDays} days`;
  if (fired.visitors + heldOut.visitors === 0) summary.push('No device has decided this moment yet.');
  else if (heldOut.visitors === 0) {
    summary.push('Nobody was held out yet: the lift cannot be measured (give the rule a holdout share).');
  }
  if (test) {
    summary.push(
      `Visitors the moment fired for converted at ${percent(fired.conversion?.rate ?? 0)} (${window}), ` +
        `the held-out at ${percent(heldOut.conversion?.rate ?? 0)}: a lift of ${points(test.difference)} ` +
        `(95% interval ${points(test.low)} to ${points(test.high)}), ` +
        (test.significant
          ? `significant (${pText(test.pValue)}).`
          : `not significant (${pText(test.pValue)}): it may be chance.`),
    );
  }
  return {
    ruleId,
    computedAt,
    goal,
    fired,
    heldOut,
    lift: test && {
      difference: test.difference,
      low: test.low,
      high: test.high,
      pValue: test.pValue,
      significant: test.significant,
    },
    summary,
  };
}
