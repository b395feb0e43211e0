'use client';
// What a sent campaign did: the funnel of each variant and of the control in a
// table (the figures a screen reader reads), the conversion chart, the lift and
// the sentences saying which differences are significant, the breakdowns (by
// RFM segment, intent tier and day), and CSVs of it all.
import { useState } from 'react';
import type { ArmResults, CampaignResults, ResultsGoalInput } from '@/lib/contracts/campaign-results';
import { campaignBreakdownCsv, campaignResultsCsv } from '@/lib/results/results-csv';
import { csvFileName } from '../_members/download-csv';
import { moneyFormat, numberFormat, rateText } from '../data/format';
import { ResultsBreakdowns } from './ResultsBreakdowns';
import { ResultsChart } from './ResultsChart';
import { useCampaignResultsQuery } from './useCampaignResultsQuery';
import type { AdminPath } from '../_api/admin-api';

const armName = (arm: ArmResults) => (arm.variant === null ? 'Control' : `Variant ${arm.arm}`);

function saveCsv(text: string, name: string) {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(name);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}

function ResultsTable({ results }: { results: CampaignResults }) {
  const columns = ['Visitors', 'Sent', 'Shown', 'Clicked', 'Dismissed', 'Converted', 'Revenue'];
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm tabular-nums" data-testid="results-table">
        <caption className="mb-2 text-left text-slate-600">
          Visitors per arm. Click-through is clicked of shown; conversion is converted of the arm's visitors, with its
          95% interval.
        </caption>
        <thead>
          <tr className="border-b border-slate-200">
            <th scope="col" className="py-1 pr-3">
              Arm
            </th>
            {columns.map((column) => (
              <th key={column} scope="col" className="py-1 pr-3">
                {column}
              </th>
            ))}
            <th scope="col" className="py-1 pr-3">
              Click-through
            </th>
            <th scope="col" className="py-1 pr-3">
              Conversion
            </th>
          </tr>
        </thead>
        <tbody>
          {results.arms.map((arm) => (
            <tr key={arm.arm} className="border-b border-slate-100" data-testid={`results-arm-${arm.arm}`}>
              <th scope="row" className="py-1 pr-3 font-medium">
                {armName(arm)}
              </th>
              {[arm.visitors, arm.sent, arm.shown, arm.clicked, arm.dismissed, arm.converted].map((value, i) => (
                <td key={columns[i]} className="py-1 pr-3">
                  {numberFormat.format(value)}
                </td>
              ))}
              <td className="py-1 pr-3">{moneyFormat.format(arm.revenue)}</td>
              <td className="py-1 pr-3">{arm.variant === null ? 'not sent' : rateText(arm.rates.clickThrough)}</td>
              <td className="py-1 pr-3">{rateText(arm.rates.conversion)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GoalForm({ onApply }: { onApply: (goal: ResultsGoalInput) => void }) {
  const [event, setEvent] = useState('Order Completed');
  const [clickDays, setClickDays] = useState('7');
  const [viewDays, setViewDays] = useState('0');
  const number = 'w-20 rounded-md border border-slate-300 px-2 py-1 text-sm';
  return (
    <form
      className="flex flex-wrap items-end gap-3 text-sm"
      aria-label="Conversion goal"
      onSubmit={(e) => {
        e.preventDefault();
        onApply({ event: event.trim(), clickWindowDays: Number(clickDays), viewWindowDays: Number(viewDays) });
      }}
    >
      <label className="space-y-1">
        <span className="block text-slate-700">Goal event</span>
        <input
          value={event}
          onChange={(e) => setEvent(e.target.value)}
          className="w-48 rounded-md border border-slate-300 px-2 py-1 text-sm"
          maxLength={200}
          required
        />
      </label>
      <label className="space-y-1">
        <span className="block text-slate-700">Days after a click</span>
        <input
          type="number"
          min={1}
          max={90}
          value={clickDays}
          onChange={(e) => setClickDays(e.target.value)}
          className={number}
          required
        />
      </label>
      <label className="space-y-1">
        <span className="block text-slate-700">Days after a view (0: off)</span>
        <input
          type="number"
          min={0}
          max={90}
          value={viewDays}
          onChange={(e) => setViewDays(e.target.value)}
          className={number}
          required
        />
      </label>
      <button
        type="submit"
        className="rounded-lg border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50"
      >
        Apply
      </button>
    </form>
  );
}

export function CampaignResultsView({
  campaignId,
  name,
  source,
}: {
  campaignId: number;
  name: string;
  /** The results route when not the campaign's own (an automation's). */
  source?: AdminPath;
}) {
  const [goal, setGoal] = useState<ResultsGoalInput>({});
  const { state, reload } = useCampaignResultsQuery(campaignId, goal, source);
  return (
    <section aria-labelledby="results-heading" className="space-y-3" data-testid="campaign-results">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id="results-heading" className="font-semibold">
          Results
        </h3>
        <div className="flex gap-3">
          <button type="button" onClick={() => void reload()} className="text-sm text-brand-700 underline">
            Refresh
          </button>
          {state.status === 'loaded' && state.data.arms.length > 0 ? (
            <>
              <button
                type="button"
                onClick={() => saveCsv(campaignResultsCsv(state.data), `${name} results`)}
                className="text-sm text-brand-700 underline"
              >
                Download CSV
              </button>
              <button
                type="button"
                onClick={() => saveCsv(campaignBreakdownCsv(state.data), `${name} breakdowns`)}
                className="text-sm text-brand-700 underline"
              >
                Download breakdowns CSV
              </button>
            </>
          ) : null}
        </div>
      </div>
      <GoalForm onApply={setGoal} />
      {state.status === 'loading' ? (
        <p className="text-sm text-slate-600" role="status">
          Computing the results over the stored events…
        </p>
      ) : state.status === 'error' ? (
        <p className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900" role="alert">
          The results could not be computed: {state.message}
        </p>
      ) : state.data.empty === 'no_deliveries' ? (
        <p
          className="rounded-xl border border-dashed border-slate-300 p-4 text-sm text-slate-600"
          data-testid="results-empty"
        >
          No deliveries yet: results appear once the campaign is sent.
        </p>
      ) : (
        <>
          <p className="text-sm text-slate-600">
            Goal: {state.data.goal.event} within {state.data.goal.clickWindowDays} days of a click
            {state.data.goal.viewWindowDays > 0 ? ` or ${state.data.goal.viewWindowDays} days of a view` : ''}. Audience{' '}
            {numberFormat.format(state.data.audience)}, control {numberFormat.format(state.data.control)}.
          </p>
          {state.data.empty === 'no_conversions' ? (
            <p
              className="rounded-xl border border-dashed border-slate-300 p-4 text-sm text-slate-600"
              data-testid="results-empty"
            >
              No conversions yet. The funnel below fills in as devices report what they showed and what was clicked.
            </p>
          ) : null}
          <ResultsTable results={state.data} />
          <ResultsChart arms={state.data.arms} />
          <ul className="list-disc space-y-1 pl-5 text-sm" data-testid="results-summary">
            {state.data.summary.map((sentence) => (
              <li key={sentence}>{sentence}</li>
            ))}
          </ul>
          <ResultsBreakdowns breakdowns={state.data.breakdowns} />
        </>
      )}
    </section>
  );
}
