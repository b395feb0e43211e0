// A campaign's results from its arms' outcomes: rates with intervals, the
// lift over the control, the two-proportion tests between arms, and the
// sentences the console and the CLI show.
import { variantLetter } from '../contracts/campaign-message';
import type {
  ArmComparison,
  ArmOutcome,
  ArmResults,
  BreakdownOutcomes,
  BreakdownRow,
  BucketOutcome,
  CampaignBreakdowns,
  CampaignLift,
  CampaignResults,
  RateFigure,
  ResultsGoal,
} from '../contracts/campaign-results';
import { rfmSegmentNames } from '../contracts/segment';
import { controlArm } from '../segments/campaign-outcomes';
import { compareProportions, wilsonInterval } from './proportion-test';

const rateOf = (successes: number, trials: number): RateFigure | null =>
  trials > 0 ? wilsonInterval(successes, trials) : null;

const ratio = (a: number, b: number): number | null => (b > 0 ? a / b : null);

function armResults(outcome: ArmOutcome, label: string, variant: number | null): ArmResults {
  const isControl = variant === null;
  // The control is sent nothing: its conversions are the goal events after the send time.
  const converted = isControl ? outcome.convertedSinceSend : outcome.converted;
  const conversions = isControl ? outcome.conversionsSinceSend : outcome.conversions;
  const revenue = isControl ? outcome.revenueSinceSend : outcome.revenue;
  return {
    arm: label,
    variant,
    visitors: outcome.visitors,
    sent: outcome.sent,
    shown: outcome.shown,
    clicked: outcome.clicked,
    dismissed: outcome.dismissed,
    converted,
    conversions,
    revenue,
    convertedSinceSend: outcome.convertedSinceSend,
    rates: {
      shown: ratio(outcome.shown, outcome.sent),
      clickThrough: rateOf(outcome.clicked, outcome.shown),
      conversion: rateOf(converted, outcome.visitors),
      conversionSinceSend: rateOf(outcome.convertedSinceSend, outcome.visitors),
      revenuePerRecipient: ratio(revenue, outcome.visitors),
    },
  };
}

const percent = (rate: number) => `${(rate * 100).toFixed(1)}%`;
const points = (difference: number) => `${difference >= 0 ? '+' : '−'}${Math.abs(difference * 100).toFixed(1)} points`;
const pText = (p: number) => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);
const metricWords = { clickThrough: 'click-through', conversion: 'conversion rate' } as const;

function compare(metric: ArmComparison['metric'], a: ArmResults, b: ArmResults, since = false): ArmComparison {
  const pick = (arm: ArmResults) =>
    metric === 'clickThrough'
      ? [arm.clicked, arm.shown]
      : [since ? arm.convertedSinceSend : arm.converted, arm.visitors];
  const [xa, na] = pick(a) as [number, number];
  const [xb, nb] = pick(b) as [number, number];
  return { metric, arm: a.arm, against: b.arm, ...compareProportions(xa, na, xb, nb) };
}

const armName = (arm: string) => (arm === 'control' ? 'the control' : `variant ${arm}`);

const armOf = (outcome: { arm: number }) =>
  outcome.arm === controlArm
    ? { label: 'control', variant: null }
    : { label: variantLetter(outcome.arm), variant: outcome.arm };

/** Buckets in the order a marketer reads them; the control after the variants within each. */
const bucketOrder = [...rfmSegmentNames, 'No purchase yet', 'high', 'medium', 'low', 'unknown'] as const;
const rank = (bucket: string) => {
  const at = (bucketOrder as readonly string[]).indexOf(bucket);
  return at === -1 ? bucketOrder.length : at;
};
const armRank = (arm: number) => (arm === controlArm ? Number.MAX_SAFE_INTEGER : arm);

function breakdownRows(outcomes: readonly BucketOutcome[]): BreakdownRow[] {
  return [...outcomes]
    .sort((a, b) => rank(a.bucket) - rank(b.bucket) || armRank(a.arm) - armRank(b.arm))
    .map((outcome) => {
      const { label, variant } = armOf(outcome);
      const arm = armResults(outcome, label, variant);
      return {
        bucket: outcome.bucket,
        arm: label,
        visitors: arm.visitors,
        sent: arm.sent,
        shown: arm.shown,
        clicked: arm.clicked,
        converted: arm.converted,
        revenue: arm.revenue,
        clickThrough: arm.rates.clickThrough,
        conversion: arm.rates.conversion,
      };
    });
}

export function campaignBreakdowns(outcomes: BreakdownOutcomes | null): CampaignBreakdowns {
  if (!outcomes) return { rfm: [], intent: [], days: [] };
  return {
    rfm: breakdownRows(outcomes.rfm),
    intent: breakdownRows(outcomes.intent),
    days: [...outcomes.days]
      .sort((a, b) => a.day.localeCompare(b.day) || armRank(a.arm) - armRank(b.arm))
      .map((day) => ({ ...day, arm: armOf(day).label })),
  };
}

export function campaignResults(
  campaignId: number,
  outcomes: readonly ArmOutcome[],
  goal: ResultsGoal,
  on: { computedAt: number; events: number },
  breakdowns: BreakdownOutcomes | null = null,
): CampaignResults {
  const variants = outcomes.filter((o) => o.arm !== controlArm).map((o) => armResults(o, variantLetter(o.arm), o.arm));
  const controlOutcome = outcomes.find((o) => o.arm === controlArm);
  const control = controlOutcome && armResults(controlOutcome, 'control', null);
  const sum = (pick: (arm: ArmResults) => number) => variants.reduce((total, arm) => total + pick(arm), 0);
  const totalsOutcome: ArmOutcome = {
    arm: 0,
    visitors: sum((a) => a.visitors),
    sent: sum((a) => a.sent),
    shown: sum((a) => a.shown),
    clicked: sum((a) => a.clicked),
    dismissed: sum((a) => a.dismissed),
    converted: sum((a) => a.converted),
    conversions: sum((a) => a.conversions),
    revenue: sum((a) => a.revenue),
    convertedSinceSend: sum((a) => a.convertedSinceSend),
    conversionsSinceSend: 0,
    revenueSinceSend: 0,
  };
  const totals = withoutArm(armResults(totalsOutcome, 'all', 0));

  let lift: CampaignLift | null = null;
  if (control && control.visitors > 0 && totals.visitors > 0) {
    const test = compareProportions(totals.convertedSinceSend, totals.visitors, control.converted, control.visitors);
    lift = {
      targeted: wilsonInterval(totals.convertedSinceSend, totals.visitors),
      control: wilsonInterval(control.converted, control.visitors),
      difference: test.difference,
      low: test.low,
      high: test.high,
      pValue: test.pValue,
      significant: test.significant,
    };
  }

  const comparisons: ArmComparison[] = [];
  if (control && control.visitors > 0) {
    for (const variant of variants) comparisons.push(compare('conversion', variant, control, true));
  }
  for (let i = 0; i < variants.length; i += 1) {
    for (let j = i + 1; j < variants.length; j += 1) {
      comparisons.push(compare('clickThrough', variants[j]!, variants[i]!));
      comparisons.push(compare('conversion', variants[j]!, variants[i]!));
    }
  }

  const empty =
    totals.visitors === 0
      ? 'no_deliveries'
      : totals.converted + (control?.converted ?? 0) === 0
        ? 'no_conversions'
        : null;
  const summary = sentences({
    goal,
    totals,
    control,
    lift,
    comparisons,
    empty,
    armsByName: new Map([...variants, ...(control ? [control] : [])].map((a) => [a.arm, a])),
  });
  return {
    campaignId,
    computedAt: on.computedAt,
    events: on.events,
    goal,
    audience: totals.visitors + (control?.visitors ?? 0),
    control: control?.visitors ?? 0,
    totals,
    arms: [...variants, ...(control ? [control] : [])],
    lift,
    comparisons,
    breakdowns: campaignBreakdowns(breakdowns),
    summary,
    empty,
  };
}

function sentences(input: {
  goal: ResultsGoal;
  totals: CampaignResults['totals'];
  control: ArmResults | undefined;
  lift: CampaignLift | null;
  comparisons: ArmComparison[];
  empty: CampaignResults['empty'];
  armsByName: Map<string, ArmResults>;
}): string[] {
  const { goal, control, lift, comparisons, empty } = input;
  if (empty === 'no_deliveries') return ['No deliveries yet: results appear once the campaign is sent.'];
  const out: string[] = [];
  const window = `${goal.event} within ${goal.clickWindowDays} days of a click${goal.viewWindowDays > 0 ? ` or ${goal.viewWindowDays} days of a view` : ''}`;
  if (empty === 'no_conversions') out.push(`No conversions yet (goal: ${window}).`);
  if (!control) out.push('No control group: the lift cannot be measured (set a control share before sending).');
  if (lift) {
    out.push(
      `Targeted visitors converted at ${percent(lift.targeted.rate)} within ${goal.clickWindowDays} days of the send, ` +
        `the control at ${percent(lift.control.rate)}: a lift of ${points(lift.difference)} ` +
        `(95% interval ${points(lift.low)} to ${points(lift.high)}), ` +
        (lift.significant
          ? `significant (${pText(lift.pValue)}).`
          : `not significant (${pText(lift.pValue)}): it may be chance.`),
    );
  }
  const rateIn = (c: ArmComparison, name: string) => {
    const arm = input.armsByName.get(name);
    if (!arm) return '';
    const figure =
      c.metric === 'clickThrough'
        ? arm.rates.clickThrough
        : c.against === 'control' || name === 'control'
          ? arm.rates.conversionSinceSend
          : arm.rates.conversion;
    return figure ? percent(figure.rate) : '–';
  };
  const significant = comparisons.filter((c) => c.significant && c.against !== 'control');
  for (const c of significant) {
    const [winner, loser] = c.difference > 0 ? [c.arm, c.against] : [c.against, c.arm];
    out.push(
      `${capital(armName(winner))}'s ${metricWords[c.metric]} (${rateIn(c, winner)}) is higher than ${armName(loser)}'s (${rateIn(c, loser)}): significant (${pText(c.pValue)}).`,
    );
  }
  for (const c of comparisons.filter((c) => c.significant && c.against === 'control')) {
    out.push(
      `${capital(armName(c.arm))} converts ${c.difference > 0 ? 'better' : 'worse'} than the control: significant (${pText(c.pValue)}).`,
    );
  }
  if (comparisons.length > 0 && comparisons.every((c) => !c.significant)) {
    out.push('No difference between the arms is significant at the 5% level.');
  } else if (comparisons.some((c) => !c.significant)) {
    out.push('The other differences are not significant at the 5% level.');
  }
  if (comparisons.length > 1) {
    out.push(`${comparisons.length} comparisons: at the 5% level about one in twenty is significant by chance alone.`);
  }
  return out;
}

function withoutArm(results: ArmResults): CampaignResults['totals'] {
  const totals: Partial<ArmResults> = { ...results };
  delete totals.arm;
  delete totals.variant;
  return totals as CampaignResults['totals'];
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
