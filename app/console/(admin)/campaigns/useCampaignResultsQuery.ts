'use client';
// One campaign's results from the server (computed there over every stored
// event), for the goal the marketer chose.
import { useCallback } from 'react';
import type { CampaignResults, ResultsGoalInput } from '@/lib/contracts/campaign-results';
import { adminApi, type AdminPath } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';

/** The goal as the query string of the results route (lib/contracts/campaign-results.ts). */
export function resultsQuery(goal: ResultsGoalInput): string {
  const params = new URLSearchParams();
  if (goal.event) params.set('goal', goal.event);
  if (goal.clickWindowDays !== undefined) params.set('clickWindowDays', String(goal.clickWindowDays));
  if (goal.viewWindowDays !== undefined) params.set('viewWindowDays', String(goal.viewWindowDays));
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** `source`: the results route, a campaign's by default (an automation's answers the same results). */
export function useCampaignResultsQuery(campaignId: number, goal: ResultsGoalInput, source?: AdminPath) {
  const query = resultsQuery(goal);
  const path: AdminPath = source ?? `/api/admin/campaigns/${campaignId}/results`;
  const load = useCallback(
    async () => (await adminApi.get<{ results: CampaignResults }>(`${path}${query}`)).results,
    [path, query],
  );
  return useAdminQuery(load);
}
