'use client';
// The Automations page: campaigns that run themselves (docs/automations.md).
// The list with status and pause or resume, and the create form.
import { useState } from 'react';
import type { AutomationListItem } from '@/lib/contracts/automation';
import { adminApi } from '../_api/admin-api';
import { errorMessage } from '../data/format';
import { useSegmentsQuery } from '../campaigns/useSegmentsQuery';
import { AutomationForm } from './AutomationForm';
import { AutomationDetails } from './AutomationDetails';
import { AutomationList } from './AutomationList';
import { useAutomationsQuery } from './useAutomationsQuery';

export function AutomationsPage() {
  const automations = useAutomationsQuery();
  const segments = useSegmentsQuery();
  const [busyId, setBusyId] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [openId, setOpenId] = useState<number | null>(null);
  const opened =
    automations.state.status === 'loaded' ? automations.state.data.find((a) => a.id === openId) : undefined;

  async function remove(item: AutomationListItem) {
    setBusyId(item.id);
    setProblem(null);
    try {
      await adminApi.delete(`/api/admin/automations/${item.id}`);
      setOpenId(null);
      await automations.reload();
    } catch (error) {
      setProblem(`${item.name} was not deleted: ${errorMessage(error)}`);
    } finally {
      setBusyId(null);
    }
  }

  async function toggle(item: AutomationListItem) {
    setBusyId(item.id);
    setProblem(null);
    try {
      await adminApi.post(`/api/admin/automations/${item.id}/${item.status === 'active' ? 'pause' : 'resume'}`);
      await automations.reload();
    } catch (error) {
      setProblem(`${item.name} was not changed: ${errorMessage(error)}`);
    } finally {
      setBusyId(null);
    }
  }

  return (
    <div className="space-y-8">
      <div>
        <h1 className="text-2xl font-semibold">Automations</h1>
        <p className="text-slate-600">
          Messages the server sends on its own: when a visitor does something (and not something else), enters or leaves
          a segment, or on a schedule. Each visitor waits the delay, and leaves without a message once they reach the
          goal.
        </p>
      </div>
      {problem ? (
        <p role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          {problem}
        </p>
      ) : null}
      <AutomationList
        state={automations.state}
        busyId={busyId}
        openId={opened ? opened.id : null}
        onOpen={(id) => setOpenId(id === openId ? null : id)}
        onToggle={(item) => void toggle(item)}
        onRetry={() => void automations.reload()}
      />
      {opened ? (
        <AutomationDetails
          item={opened}
          busy={busyId === opened.id}
          onDelete={() => void remove(opened)}
          onClose={() => setOpenId(null)}
        />
      ) : null}
      <AutomationForm segments={segments} onCreated={() => void automations.reload()} />
    </div>
  );
}
