'use client';
// The campaign list, refreshed every 2 s while any campaign still has deliveries queued.
import { useEffect } from 'react';
import type { CampaignListItem } from '@/lib/contracts/campaign';
import { adminApi } from '../_api/admin-api';
import { type AdminQuery, useAdminQuery } from '../_api/useAdminQuery';

export type CampaignsState = AdminQuery<CampaignListItem[]>;

const refreshMs = 2_000;
const inFlight = (campaign: CampaignListItem) =>
  campaign.status === 'sending' || (campaign.counts.queued > 0 && campaign.status !== 'scheduled');

const loadCampaigns = async () =>
  (await adminApi.get<{ campaigns: CampaignListItem[] }>('/api/admin/campaigns')).campaigns;

export function useCampaignsQuery() {
  const { state, reload } = useAdminQuery(loadCampaigns);
  const sending = state.status === 'loaded' && state.data.some(inFlight);
  useEffect(() => {
    if (!sending) return;
    const timer = setTimeout(reload, refreshMs);
    return () => clearTimeout(timer);
  }, [sending, state, reload]);

  return { state, reload, sending };
}
