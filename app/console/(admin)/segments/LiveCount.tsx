// The segment's size as the marketer edits: members, share of customers and of revenue.
import type { SegmentStats } from '@/lib/contracts/analytics';
import { formatMoney } from '@/lib/analytics/money-format';
import { customerBaseText, shareOfCustomers } from '../customer-share';
import type { StatsState } from './useSegmentStatsQuery';

const numberFormat = new Intl.NumberFormat('en');
const percent = (part: number, whole: number) => (whole > 0 ? `${((part / whole) * 100).toFixed(1)}%` : '—');

export function LiveCount({ state }: { state: StatsState }) {
  const stats: SegmentStats | null =
    state.status === 'counted' ? state.stats : state.status === 'counting' ? state.previous : null;
  return (
    <section
      aria-label="Segment size"
      aria-live="polite"
      aria-busy={state.status === 'counting'}
      className="rounded-xl border border-slate-200 bg-white p-4"
    >
      <dl className="grid grid-cols-3 gap-3">
        <div>
          <dt className="text-xs text-slate-600">Members</dt>
          <dd className="text-2xl font-semibold tabular-nums" data-testid="segment-count">
            {stats ? numberFormat.format(stats.members) : '…'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Share of customers</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="segment-share">
            {stats ? shareOfCustomers(stats.members, stats.customers) : '…'}
          </dd>
        </div>
        <div>
          <dt className="text-xs text-slate-600">Share of revenue</dt>
          <dd className="text-lg font-semibold tabular-nums" data-testid="segment-revenue-share">
            {stats ? percent(stats.memberRevenue, stats.revenue) : '…'}
          </dd>
          <dd className="text-xs text-slate-600 tabular-nums" data-testid="segment-revenue">
            {stats ? `${formatMoney(stats.memberRevenue)} of ${formatMoney(stats.revenue)}` : null}
          </dd>
        </div>
      </dl>
      <p className="mt-2 text-xs text-slate-600" data-testid="segment-count-status">
        {state.status === 'counting'
          ? 'Counting…'
          : state.status === 'counted'
            ? `Share ${customerBaseText(state.stats.customers)}.`
            : null}
      </p>
      {state.status === 'invalid' ? (
        <p className="mt-1 text-sm text-amber-800" role="status">
          Not counted yet — {state.message}
        </p>
      ) : null}
      {state.status === 'error' ? (
        <p className="mt-1 text-sm text-red-800" role="alert">
          The count failed: {state.message}
        </p>
      ) : null}
    </section>
  );
}
