'use client';
// The automations with their trigger, status and where their visitors are;
// each can be paused or resumed here.
import { type AutomationListItem, triggerSummary, waitText } from '@/lib/contracts/automation';
import type { AdminQuery } from '../_api/useAdminQuery';
import { buttonClass } from '../segments/fields';

const statusLabels = { active: 'Active', paused: 'Paused', ended: 'Ended' } as const;

export function AutomationList({
  state,
  busyId,
  openId,
  onOpen,
  onToggle,
  onRetry,
}: {
  state: AdminQuery<AutomationListItem[]>;
  busyId: number | null;
  openId: number | null;
  onOpen: (id: number) => void;
  onToggle: (item: AutomationListItem) => void;
  onRetry: () => void;
}) {
  if (state.status === 'loading') return <p role="status">Loading automations…</p>;
  if (state.status === 'error') {
    return (
      <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
        The automations could not be loaded: {state.message}{' '}
        <button type="button" className="underline" onClick={onRetry}>
          Try again
        </button>
      </div>
    );
  }
  if (state.data.length === 0) {
    return (
      <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
        No automations yet. Create one below, for example an abandoned cart: “Product Added” not followed by “Order
        Completed” within an hour.
      </p>
    );
  }
  return (
    <table className="w-full text-left text-sm">
      <caption className="sr-only">
        Automations with their trigger, status, and visitors waiting, sent and exited
      </caption>
      <thead className="border-b border-slate-200 text-slate-600">
        <tr>
          <th scope="col" className="py-2">
            Automation
          </th>
          <th scope="col">Trigger</th>
          <th scope="col">Status</th>
          <th scope="col" className="text-right">
            Waiting
          </th>
          <th scope="col" className="text-right">
            Sent
          </th>
          <th scope="col" className="text-right">
            Exited
          </th>
          <th scope="col">
            <span className="sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {state.data.map((item) => (
          <tr key={item.id} className="border-b border-slate-100 align-top" data-testid={`automation-${item.id}`}>
            <td className="py-2 font-medium">
              <button
                type="button"
                onClick={() => onOpen(item.id)}
                aria-expanded={openId === item.id}
                className="text-left text-brand-700 underline"
              >
                <span className="sr-only">Open </span>
                {item.name}
              </button>
            </td>
            <td>
              {triggerSummary(item.trigger)}
              {item.delayMinutes > 0 ? `, then ${waitText(item.delayMinutes)}` : ''}
              {item.exitEvent ? ` (exit on ${item.exitEvent.name})` : ''}
              {item.lastError ? <p className="text-xs text-red-700">{item.lastError}</p> : null}
            </td>
            <td>{statusLabels[item.status]}</td>
            <td className="text-right tabular-nums">{item.entries.waiting}</td>
            <td className="text-right tabular-nums">{item.entries.sent}</td>
            <td className="text-right tabular-nums">{item.entries.exited}</td>
            <td className="text-right">
              {item.status === 'ended' ? null : (
                <button
                  type="button"
                  className={buttonClass}
                  disabled={busyId === item.id}
                  onClick={() => onToggle(item)}
                >
                  {item.status === 'active' ? 'Pause' : 'Resume'} <span className="sr-only">{item.name}</span>
                </button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
