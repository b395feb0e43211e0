'use client';
// The campaign list, refreshed every 2 s while any campaign still has deliveries queued.
import { useCallback, useEffect, useState } from 'react';
import type { CampaignListItem } from '@/lib/contracts/campaign';
import { errorMessage } from '../data/format';
import { adminApi } from './admin-api';

export type CampaignsState =
  { status: 'loading' } | { status: 'error'; message: string } | { status: 'loaded'; campaigns: CampaignListItem[] };

const refreshMs = 2_000;
const inFlight = (campaign: CampaignListItem) =>
  campaign.status === 'sending' || (campaign.counts.queued > 0 && campaign.status !== 'scheduled');

export function useCampaignsQuery() {
  const [state, setState] = useState<CampaignsState>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const reload = useCallback(() => setAttempt((n) => n + 1), []);

  useEffect(() => {
    let cancelled = false;
    adminApi<{ campaigns: CampaignListItem[] }>('/api/admin/campaigns').then(
      ({ campaigns }) => !cancelled && setState({ status: 'loaded', campaigns }),
      (error: unknown) => !cancelled && setState({ status: 'error', message: errorMessage(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [attempt]);

  const sending = state.status === 'loaded' && state.campaigns.some(inFlight);
  useEffect(() => {
    if (!sending) return;
    const timer = setTimeout(reload, refreshMs);
    return () => clearTimeout(timer);
  }, [sending, state, reload]);

  return { state, reload, sending };
}
