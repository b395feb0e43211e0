'use client';
// One campaign's results from the server (computed there over every stored event).
import { useCallback } from 'react';
import type { CampaignResults } from '@/lib/contracts/campaign-results';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';

export function useCampaignResultsQuery(campaignId: number) {
  const load = useCallback(
    async () =>
      (await adminApi.get<{ results: CampaignResults }>(`/api/admin/campaigns/${campaignId}/results`)).results,
    [campaignId],
  );
  return useAdminQuery(load);
}
