import { formatMoney } from '@/lib/analytics/money-format';
import type { GettingStartedProgress } from '@/lib/contracts/getting-started';
import type { DatasetSummary, EventBreakdown } from '@/lib/db/stats';
import { GettingStarted } from './GettingStarted';
import { Stat } from './Stat';

const numberFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' });

interface ConsoleHomeProps {
  summary: DatasetSummary;
  breakdown: EventBreakdown;
  storage: 'pglite' | 'postgres';
  /** Set when `npm run demo` set up its story: the getting-started panel. */
  gettingStarted: GettingStartedProgress | null;
}

export function ConsoleHome({ summary, breakdown, storage, gettingStarted }: ConsoleHomeProps) {
  const range =
    summary.firstEventAt && summary.lastEventAt
      ? `${dateFormat.format(summary.firstEventAt)} – ${dateFormat.format(summary.lastEventAt)}`
      : '—';
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Overview</h1>
        <p className="text-slate-600">What the server holds: opted-in events and the visitors they came from.</p>
      </div>
      {gettingStarted ? <GettingStarted initial={gettingStarted} /> : null}
      <dl className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
        <Stat label="Visitors" value={numberFormat.format(summary.visitors)} testId="stat-visitors" />
        <Stat label="Events" value={numberFormat.format(summary.events)} testId="stat-events" />
        <Stat
          label="Purchases · revenue"
          value={`${numberFormat.format(breakdown.purchases)} · ${formatMoney(breakdown.revenue)}`}
          testId="stat-purchases"
        />
        <Stat label="Date range (UTC)" value={range} testId="stat-range" />
      </dl>
      {breakdown.byName.length > 0 ? <TopEvents breakdown={breakdown} total={summary.events} /> : null}
      {summary.events === 0 ? (
        <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6">
          <h2 className="font-semibold">No events yet</h2>
          <p className="mt-1 text-sm text-slate-600">
            Load the demo store&apos;s data with{' '}
            <code className="rounded bg-slate-100 px-1">npm run kairos -- seed</code>, or embed the tracker on your site
            and events will appear here as visitors consent.
          </p>
        </section>
      ) : null}
      <p className="text-xs text-slate-500">Storage: {storage === 'pglite' ? 'embedded (PGlite)' : 'PostgreSQL'}</p>
    </div>
  );
}

function TopEvents({ breakdown, total }: { breakdown: EventBreakdown; total: number }) {
  return (
    <section aria-labelledby="top-events" className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <h2 id="top-events" className="font-semibold">
        Most frequent events
      </h2>
      <table className="mt-3 w-full text-sm">
        <thead>
          <tr className="text-left text-slate-600">
            <th scope="col" className="py-1.5 font-medium">
              Event
            </th>
            <th scope="col" className="py-1.5 text-right font-medium">
              Count
            </th>
            <th scope="col" className="py-1.5 text-right font-medium">
              Share
            </th>
          </tr>
        </thead>
        <tbody>
          {breakdown.byName.map((row) => (
            <tr key={row.name} className="border-t border-slate-100">
              {/* Event names come from visitors' browsers: React renders them as text. */}
              <td className="py-1.5">{row.name}</td>
              <td className="py-1.5 text-right tabular-nums">{numberFormat.format(row.count)}</td>
              <td className="py-1.5 text-right tabular-nums">{((row.count / total) * 100).toFixed(1)}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
