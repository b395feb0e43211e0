'use client';
// The Moments console page: each rule with its fires, clicks and click-through
// rate (from the events devices synced), and the rule editor.
import { useState } from 'react';
import type { MomentRule } from '@/lib/contracts/moment-rule';
import { MomentResultsView } from './MomentResultsView';
import { RuleEditor } from './RuleEditor';
import { useMomentRulesQuery } from './useMomentRulesQuery';

const triggerLabels: Record<MomentRule['trigger']['kind'], string> = {
  search: 'Search',
  productView: 'Product view',
  categoryView: 'Category view',
  cartAbandoned: 'Cart left',
};

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

export function MomentsPage() {
  const { state, reload } = useMomentRulesQuery();
  // undefined: list only; null: a new rule; a rule: editing it.
  const [editing, setEditing] = useState<MomentRule | null | undefined>(undefined);
  const [resultsOf, setResultsOf] = useState<MomentRule | null>(null);

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Moments</h1>
          <p className="text-sm text-slate-600">
            Rules the visitor&apos;s own device runs: a search, a view or a cart left becomes a notification at once,
            offline too.
          </p>
        </div>
        <button
          type="button"
          onClick={() => setEditing(null)}
          className="rounded-md bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700"
        >
          New rule
        </button>
      </div>

      {state.status === 'loading' ? <p role="status">Loading rules…</p> : null}
      {state.status === 'error' ? (
        <div role="alert" className="rounded-md border border-red-200 bg-red-50 p-3 text-sm text-red-800">
          The rules could not be loaded: {state.message}{' '}
          <button type="button" className="underline" onClick={() => void reload()}>
            Try again
          </button>
        </div>
      ) : null}
      {state.status === 'loaded' && state.data.rules.length === 0 ? (
        <p className="rounded-md border border-dashed border-slate-300 p-6 text-center text-slate-600">
          No moment rules yet. Create one, for example “budget travel” for searches like “cheap hotels in Mexico”.
        </p>
      ) : null}
      {state.status === 'loaded' && state.data.rules.length > 0 ? (
        <table className="w-full text-left text-sm">
          <caption className="sr-only">Moment rules with fires, clicks and click-through rate</caption>
          <thead className="border-b border-slate-200 text-slate-600">
            <tr>
              <th scope="col" className="py-2">
                Rule
              </th>
              <th scope="col">Trigger</th>
              <th scope="col">Version</th>
              <th scope="col">Status</th>
              <th scope="col" className="text-right">
                Fires
              </th>
              <th scope="col" className="text-right">
                Clicks
              </th>
              <th scope="col" className="text-right">
                CTR
              </th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {state.data.rules.map((rule) => {
              const stats = state.data.stats.get(rule.id);
              return (
                <tr key={rule.id} className="border-b border-slate-100">
                  <td className="py-2 font-medium">{rule.name}</td>
                  <td>{triggerLabels[rule.trigger.kind]}</td>
                  <td className="tabular-nums">{rule.version}</td>
                  <td>{rule.enabled ? 'On' : 'Off'}</td>
                  <td className="text-right tabular-nums">{stats?.fires ?? 0}</td>
                  <td className="text-right tabular-nums">{stats?.clicks ?? 0}</td>
                  <td className="text-right tabular-nums">{percent(stats?.ctr ?? 0)}</td>
                  <td className="text-right">
                    <button
                      type="button"
                      className="mr-3 text-brand-700 underline"
                      onClick={() => setResultsOf(resultsOf?.id === rule.id ? null : rule)}
                    >
                      Results <span className="sr-only">of {rule.name}</span>
                    </button>
                    <button type="button" className="text-brand-700 underline" onClick={() => setEditing(rule)}>
                      Edit <span className="sr-only">{rule.name}</span>
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : null}

      {resultsOf ? <MomentResultsView rule={resultsOf} onClose={() => setResultsOf(null)} /> : null}

      {editing !== undefined ? (
        <RuleEditor
          key={editing?.id ?? 'new'}
          rule={editing}
          onDone={() => {
            setEditing(undefined);
            reload();
          }}
          onCancel={() => setEditing(undefined)}
        />
      ) : null}
    </div>
  );
}
