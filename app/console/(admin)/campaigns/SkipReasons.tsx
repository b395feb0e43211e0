// Why visitors of a campaign or automation were not sent it (docs/delivery-policy.md#skip-reasons):
// capped, quiet hours (held, or expired), the engagement guard, the control group, the global holdout.
import type { SkipCounts } from '@/lib/contracts/delivery-policy';
import { numberFormat } from '../data/format';

export const skipLabels: Record<keyof SkipCounts, string> = {
  capped: 'capped',
  quietHeld: 'quiet hours, held',
  quietExpired: 'quiet hours, expired',
  guard: 'engagement guard',
  control: 'control group',
  globalHoldout: 'global holdout',
};

const reasons = Object.keys(skipLabels) as (keyof SkipCounts)[];

/** "3 capped · 1 control group", or "none". */
export function skipText(skips: SkipCounts): string {
  const parts = reasons.filter((reason) => skips[reason] > 0);
  return parts.length === 0
    ? 'none'
    : parts.map((reason) => `${numberFormat.format(skips[reason])} ${skipLabels[reason]}`).join(' · ');
}

/** Each reason with its count, as a definition list (the campaign's and the automation's details). */
export function SkipReasons({ skips, testId }: { skips: SkipCounts; testId: string }) {
  return (
    <dl className="mt-2 grid grid-cols-2 gap-2 text-sm sm:grid-cols-3" data-testid={testId}>
      {reasons.map((reason) => (
        <div key={reason}>
          <dt className="text-slate-600">{skipLabels[reason]}</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid={`${testId}-${reason}`}>
            {numberFormat.format(skips[reason])}
          </dd>
        </div>
      ))}
    </dl>
  );
}
