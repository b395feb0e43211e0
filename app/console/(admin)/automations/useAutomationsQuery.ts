'use client';
// The automation list (GET /api/admin/automations), refreshed every 5 s while
// any visitor waits in one, so sends show up as they happen.
import { useEffect } from 'react';
import type { AutomationListItem } from '@/lib/contracts/automation';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';

const refreshMs = 5_000;

const loadAutomations = async () =>
  (await adminApi.get<{ automations: AutomationListItem[] }>('/api/admin/automations')).automations;

export function useAutomationsQuery() {
  const { state, reload, replace } = useAdminQuery(loadAutomations);
  const waiting = state.status === 'loaded' && state.data.some((item) => item.entries.waiting > 0);
  useEffect(() => {
    if (!waiting) return;
    const timer = setTimeout(reload, refreshMs);
    return () => clearTimeout(timer);
  }, [waiting, state, reload]);
  return { state, reload, replace };
}
