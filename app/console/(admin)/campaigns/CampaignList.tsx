'use client';
// The campaigns with their status and delivery counts (refreshed while sending).
// Each name opens the campaign: what it said, to whom, when and how it went.
import type { CampaignListItem } from '@/lib/contracts/campaign';
import { dateFormat, numberFormat } from '../data/format';
import type { CampaignsState } from './useCampaignsQuery';
import { skipText } from './SkipReasons';
import { timeModeText } from './policy-draft';

export const statusStyle: Record<CampaignListItem['status'], string> = {
  draft: 'bg-slate-100 text-slate-700',
  scheduled: 'bg-amber-100 text-amber-900',
  sending: 'bg-brand-100 text-brand-900',
  sent: 'bg-emerald-100 text-emerald-900',
  failed: 'bg-red-100 text-red-900',
  cancelled: 'bg-slate-100 text-slate-500',
};

export const counts = ['queued', 'sent', 'failed', 'expired', 'skipped'] as const;

export function CampaignList({
  state,
  openId,
  onOpen,
  onRetry,
}: {
  state: CampaignsState;
  openId: number | null;
  onOpen: (id: number) => void;
  onRetry: () => void;
}) {
  if (state.status === 'loading') {
    return (
      <p className="text-sm text-slate-600" aria-live="polite">
        Loading campaigns…
      </p>
    );
  }
  if (state.status === 'error') {
    return (
      <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-900">
        <p>The campaigns could not be loaded: {state.message}</p>
        <button type="button" onClick={onRetry} className="mt-2 rounded-md border border-red-300 bg-white px-3 py-1">
          Retry
        </button>
      </div>
    );
  }
  if (state.data.length === 0) {
    return (
      <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6" data-testid="campaigns-empty">
        <h2 className="font-semibold">No campaigns yet</h2>
        <p className="mt-1 text-sm text-slate-600">Write one below: a message, a segment, and when to send it.</p>
      </section>
    );
  }
  return (
    <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
      <table className="w-full text-left text-sm">
        <caption className="sr-only">
          Campaigns, newest first, with their deliveries by outcome; open one to read it
        </caption>
        <thead className="bg-slate-50 text-slate-600">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Campaign
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Status
            </th>
            {counts.map((count) => (
              <th key={count} scope="col" className="px-4 py-2 text-right font-medium capitalize">
                {count}
              </th>
            ))}
            <th scope="col" className="px-4 py-2 font-medium">
              Skipped, and why
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Send time
            </th>
          </tr>
        </thead>
        <tbody>
          {state.data.map((campaign) => (
            <tr key={campaign.id} className="border-t border-slate-100" data-testid={`campaign-${campaign.id}`}>
              <th scope="row" className="max-w-xs truncate px-4 py-2 font-medium">
                <button
                  type="button"
                  onClick={() => onOpen(campaign.id)}
                  aria-expanded={openId === campaign.id}
                  aria-controls={openId === campaign.id ? 'campaign-details' : undefined}
                  className="max-w-full truncate text-left text-brand-700 underline"
                >
                  <span className="sr-only">Open </span>
                  {campaign.name}
                </button>
              </th>
              <td className="px-4 py-2">
                <span className={`rounded-full px-2 py-0.5 text-xs font-medium ${statusStyle[campaign.status]}`}>
                  {campaign.status}
                </span>
              </td>
              {counts.map((count) => (
                <td
                  key={count}
                  className="px-4 py-2 text-right tabular-nums"
                  data-testid={`campaign-${campaign.id}-${count}`}
                >
                  {numberFormat.format(campaign.counts[count])}
                </td>
              ))}
              <td className="px-4 py-2 text-slate-600" data-testid={`campaign-${campaign.id}-skips`}>
                {skipText(campaign.skips)}
              </td>
              <td className="px-4 py-2 text-slate-600">
                {campaign.scheduledAt ? `${dateFormat.format(new Date(campaign.scheduledAt))} UTC` : 'when sent'}
                {campaign.timeMode === 'now' ? null : <span className="block text-xs">{timeModeText(campaign)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
