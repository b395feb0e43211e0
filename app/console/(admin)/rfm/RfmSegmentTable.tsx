// The ten named segments: customers, share of customers (of everyone in the
// loaded data, as on the Segments page) and of revenue, mean R, F and M.
import type { RfmReport, RfmSegmentMeans } from '@/lib/contracts/analytics';
import type { RfmSegmentName } from '@/lib/contracts/segment';
import { formatMoney } from '@/lib/analytics/money-format';
import { customerBaseText, shareOfCustomers } from '../customer-share';

const numberFormat = new Intl.NumberFormat('en');
const oneDecimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1, minimumFractionDigits: 1 });
const percent = (share: number) => `${(share * 100).toFixed(1)}%`;

interface RfmSegmentTableProps {
  report: RfmReport;
  /** Everyone with an event in the loaded data: the base of "Share of customers". */
  allCustomers: number;
  means: RfmSegmentMeans[];
  selected: RfmSegmentName | null;
  onSelect: (segment: RfmSegmentName) => void;
}

export function RfmSegmentTable({ report, allCustomers, means, selected, onSelect }: RfmSegmentTableProps) {
  const meanOf = new Map(means.map((mean) => [mean.segment, mean]));
  return (
    <div
      className="overflow-x-auto rounded-xl border border-slate-200 bg-white"
      tabIndex={0}
      role="region"
      aria-label="RFM segments (scrolls)"
    >
      <table className="w-full text-sm" data-testid="rfm-segments">
        <caption className="px-3 pt-2 text-left text-xs text-slate-600">
          RFM segments. Share of customers is {customerBaseText(allCustomers)}; {numberFormat.format(report.customers)}{' '}
          of them have a purchase and an RFM score.
        </caption>
        <thead className="bg-slate-50 text-slate-700">
          <tr>
            {[
              'Segment',
              'Customers',
              'Share of customers',
              'Revenue share',
              'Mean days since purchase',
              'Mean purchases',
              'Mean revenue',
            ].map((label, i) => (
              <th key={label} scope="col" className={`px-3 py-2 font-medium ${i > 0 ? 'text-right' : 'text-left'}`}>
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {report.segments.map((row) => {
            const mean = meanOf.get(row.segment);
            return (
              <tr
                key={row.segment}
                className={`border-t border-slate-100 ${selected === row.segment ? 'bg-brand-50' : ''}`}
              >
                <th scope="row" className="px-3 py-1.5 text-left font-normal">
                  <button
                    type="button"
                    className="text-brand-700 underline"
                    aria-pressed={selected === row.segment}
                    onClick={() => onSelect(row.segment)}
                  >
                    {row.segment}
                  </button>
                </th>
                <td className="px-3 py-1.5 text-right tabular-nums">{numberFormat.format(row.customers)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{shareOfCustomers(row.customers, allCustomers)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">{percent(row.revenueShare)}</td>
                <td className="px-3 py-1.5 text-right tabular-nums">
                  {mean ? oneDecimal.format(mean.recencyDays) : '—'}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">
                  {mean ? oneDecimal.format(mean.frequency) : '—'}
                </td>
                <td className="px-3 py-1.5 text-right tabular-nums">{mean ? formatMoney(mean.monetary) : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
