// What the analytics engine holds after a load: rows, customers and time range.
import type { DatasetSummary } from '@/lib/contracts/analytics';
import { dateFormat, numberFormat } from './format';
import { Stat } from '../Stat';

export function DatasetStats({ summary, seconds }: { summary: DatasetSummary; seconds: number }) {
  const range =
    summary.firstEventAt !== null && summary.lastEventAt !== null
      ? `${dateFormat.format(summary.firstEventAt)} – ${dateFormat.format(summary.lastEventAt)}`
      : '—';
  return (
    <div className="space-y-3">
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label="Rows" value={numberFormat.format(summary.rows)} testId="dataset-rows" />
        <Stat label="Customers" value={numberFormat.format(summary.customers)} testId="dataset-customers" />
        <Stat label="Time range (UTC)" value={range} testId="dataset-range" />
      </dl>
      <p className="text-xs text-slate-500">Loaded in {seconds.toFixed(1)} s.</p>
    </div>
  );
}
