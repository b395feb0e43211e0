'use client';
// The Campaigns page: the campaign list with live counts, and the composer.
import { CampaignComposer } from './CampaignComposer';
import { CampaignList } from './CampaignList';
import { useCampaignsQuery } from './useCampaignsQuery';
import { useSegmentsQuery } from './useSegmentsQuery';

export function CampaignsPanel({ exportUrl }: { exportUrl: string }) {
  const campaigns = useCampaignsQuery();
  const segments = useSegmentsQuery();
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <p className="text-slate-600">
          Web push notifications to a segment&apos;s subscribed visitors, now or at a set time.
          {campaigns.sending ? ' Counts refresh while a campaign is sending.' : ''}
        </p>
      </div>
      <CampaignList state={campaigns.state} onRetry={campaigns.reload} />
      <CampaignComposer exportUrl={exportUrl} segments={segments} onChanged={campaigns.reload} />
    </div>
  );
}
