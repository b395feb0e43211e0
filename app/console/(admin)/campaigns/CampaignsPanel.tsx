'use client';
// The Campaigns page: the campaign list with live counts, the campaign opened
// from it (read-only), and the composer.
import { useState } from 'react';
import { CampaignComposer } from './CampaignComposer';
import { CampaignDetails } from './CampaignDetails';
import { CampaignList } from './CampaignList';
import { DeliveryPolicyPanel } from './DeliveryPolicyPanel';
import { GlobalHoldoutPanel } from './GlobalHoldoutPanel';
import { useCampaignComposer } from './useCampaignComposer';
import { useCampaignsQuery } from './useCampaignsQuery';
import { useSegmentsQuery } from './useSegmentsQuery';

export function CampaignsPanel() {
  const campaigns = useCampaignsQuery();
  const segments = useSegmentsQuery();
  const composer = useCampaignComposer(segments.status === 'loaded' ? segments.data : [], campaigns.reload);
  const [openId, setOpenId] = useState<number | null>(null);
  // The list refreshes while sending: the opened campaign's counts come from the latest list.
  const opened = campaigns.state.status === 'loaded' ? campaigns.state.data.find((c) => c.id === openId) : undefined;
  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Campaigns</h1>
        <p className="text-slate-600">
          Web push notifications to a segment&apos;s subscribed visitors, now or at a set time. Open a campaign to read
          what it sent and how it went.
          {campaigns.sending ? ' Counts refresh while a campaign is sending.' : ''}
        </p>
      </div>
      <CampaignList
        state={campaigns.state}
        openId={opened ? opened.id : null}
        onOpen={(id) => setOpenId(id === openId ? null : id)}
        onRetry={campaigns.reload}
      />
      {opened ? (
        <CampaignDetails
          campaign={opened}
          segments={segments}
          busy={composer.status.kind === 'working'}
          onEdit={() => {
            composer.edit(opened);
            setOpenId(null);
          }}
          onDuplicate={() => {
            void composer.duplicate(opened);
            setOpenId(null);
          }}
          onClose={() => {
            setOpenId(null);
            // Back to the name that opened it, so a keyboard user keeps their place in the list.
            document.querySelector<HTMLButtonElement>(`[data-testid="campaign-${opened.id}"] button`)?.focus();
          }}
        />
      ) : null}
      <CampaignComposer composer={composer} segments={segments} />
      <DeliveryPolicyPanel />
      <GlobalHoldoutPanel />
    </div>
  );
}
