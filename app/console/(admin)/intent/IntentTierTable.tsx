// Customers by intent tier: terciles of expected purchases over the horizon.
import type { IntentFitReport } from '@/lib/contracts/analytics';
import { formatMoney } from '@/lib/analytics/money-format';
import { intentTierLabels } from '@/lib/intent/intent-tiers';
import { numberFormat } from '../data/format';

export function IntentTierTable({ report }: { report: IntentFitReport }) {
  const total = report.tiers.reduce((n, t) => n + t.customers, 0);
  const withValue = report.gammaGamma !== null;
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-sm" data-testid="intent-tiers">
        <caption className="px-4 pt-3 text-left text-sm text-slate-600">
          Expected purchases in the {report.horizonDays} days after {report.calibrationEnd}; cut points: most likely ≥{' '}
          {report.cutPoints.high.toFixed(4)}, moderately likely ≥ {report.cutPoints.medium.toFixed(4)}.
        </caption>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-600">
            <th scope="col" className="px-4 py-2 font-medium">
              Tier
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Customers
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Share
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Expected purchases
            </th>
            <th scope="col" className="px-4 py-2 text-right font-medium">
              Mean P(alive)
            </th>
            {withValue && (
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Expected value
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {report.tiers.map((tier) => (
            <tr key={tier.tier} className="border-b border-slate-100 last:border-0">
              <th scope="row" className="px-4 py-2 text-left font-medium">
                {intentTierLabels[tier.tier]}
              </th>
              <td className="px-4 py-2 text-right tabular-nums">{numberFormat.format(tier.customers)}</td>
              <td className="px-4 py-2 text-right tabular-nums">
                {((tier.customers / Math.max(total, 1)) * 100).toFixed(1)}%
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{tier.expectedPurchases.toFixed(1)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{tier.meanPAlive.toFixed(3)}</td>
              {withValue && (
                <td className="px-4 py-2 text-right tabular-nums">{formatMoney(tier.expectedValue ?? 0)}</td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
