import 'server-only';
// The global holdout's results on the server: everyone active since it began,
// the held-out group against the rest, on the goal's conversion rate, with the
// lift's 95% interval and test.
import type { GlobalHoldout, HoldoutResults } from '../contracts/global-holdout';
import type { ResultsGoal } from '../contracts/campaign-results';
import { compareProportions } from '../results/proportion-test';
import type { ServerAudiences } from './server-audience';

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const points = (d: number) => `${d >= 0 ? '+' : '−'}${Math.abs(d * 100).toFixed(1)} points`;

export async function serverHoldoutResults(
  audiences: ServerAudiences,
  holdout: GlobalHoldout,
  goal: ResultsGoal,
  now = Date.now(),
): Promise<HoldoutResults> {
  const from = holdout.startedAt;
  const to = Math.max(from, Math.min(holdout.endsAt ?? now, now));
  const { heldOut, reached } = await audiences.holdoutOutcomes({ holdout, goal, from, to });
  const rate = (group: typeof heldOut) => (group.visitors > 0 ? group.converted / group.visitors : null);
  const lift =
    heldOut.visitors > 0 && reached.visitors > 0
      ? compareProportions(reached.converted, reached.visitors, heldOut.converted, heldOut.visitors)
      : null;
  const summary = lift
    ? `Visitors Kairos could reach converted at ${percent(rate(reached) ?? 0)}, the held-out ${percent(rate(heldOut) ?? 0)} ` +
      `(${goal.event} since the holdout began): a lift of ${points(lift.difference)} ` +
      `(95% interval ${points(lift.low)} to ${points(lift.high)}), ${lift.significant ? 'significant' : 'not significant: it may be chance'}.`
    : 'No visitor has been active in both groups since the holdout began: nothing to compare yet.';
  return {
    goal: goal.event,
    from,
    to,
    heldOut: { ...heldOut, rate: rate(heldOut) },
    reached: { ...reached, rate: rate(reached) },
    lift: lift && {
      difference: lift.difference,
      low: lift.low,
      high: lift.high,
      pValue: lift.pValue,
      significant: lift.significant,
    },
    summary,
  };
}
