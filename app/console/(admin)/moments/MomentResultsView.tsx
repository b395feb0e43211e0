'use client';
// One moment rule's results: the visitors it fired for against those its
// holdout kept from it, what each group did, and the lift (computed on the
// server over every stored event, lib/contracts/moment-results.ts).
import { useCallback } from 'react';
import type { MomentRule } from '@/lib/contracts/moment-rule';
import type { MomentGroup, MomentResults } from '@/lib/contracts/moment-results';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';
import { moneyFormat, numberFormat, rateText } from '../data/format';

export function MomentResultsView({ rule, onClose }: { rule: MomentRule; onClose: () => void }) {
  const load = useCallback(
    async () => (await adminApi.get<{ results: MomentResults }>(`/api/admin/moments/${rule.id}/results`)).results,
    [rule.id],
  );
  const { state, reload } = useAdminQuery(load);
  const cell = 'py-1 pr-3';
  return (
    <section
      aria-labelledby="moment-results-heading"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="moment-results"
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="moment-results-heading" className="text-lg font-semibold">
          Results of {rule.name}
        </h2>
        <div className="flex gap-3 text-sm">
          <button type="button" className="text-brand-700 underline" onClick={() => void reload()}>
            Refresh
          </button>
          <button type="button" className="text-brand-700 underline" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
      <p className="text-sm text-slate-600">
        {Math.round(rule.holdoutShare * 100)}% of the visitors this rule matches are held out: their device shows
        nothing and records it, so the two groups can be compared.
      </p>
      {state.status === 'loading' ? (
        <p role="status" className="text-sm text-slate-600">
          Computing the results over the stored events…
        </p>
      ) : state.status === 'error' ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          The results could not be computed: {state.message}
        </p>
      ) : (
        <>
          <table className="w-full text-left text-sm tabular-nums" data-testid="moment-results-table">
            <caption className="mb-2 text-left text-slate-600">
              Visitors by their first decision; conversion is a {state.data.goal.event} within{' '}
              {state.data.goal.clickWindowDays} days after it, with its 95% interval.
            </caption>
            <thead>
              <tr className="border-b border-slate-200">
                {[
                  'Group',
                  'Visitors',
                  'Decisions',
                  'Clicked',
                  'Converted',
                  'Revenue',
                  'Click-through',
                  'Conversion',
                ].map((column) => (
                  <th key={column} scope="col" className={cell}>
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {(
                [
                  ['Shown', state.data.fired],
                  ['Held out', state.data.heldOut],
                ] as [string, MomentGroup][]
              ).map(([name, group]) => (
                <tr key={name} className="border-b border-slate-100">
                  <th scope="row" className={`${cell} font-medium`}>
                    {name}
                  </th>
                  {[group.visitors, group.decisions, group.clicked, group.converted].map((value, i) => (
                    <td key={i} className={cell}>
                      {numberFormat.format(value)}
                    </td>
                  ))}
                  <td className={cell}>{moneyFormat.format(group.revenue)}</td>
                  <td className={cell}>{name === 'Held out' ? 'shown nothing' : rateText(group.clickThrough)}</td>
                  <td className={cell}>{rateText(group.conversion)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="moment-results-summary">
            {state.data.summary.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
