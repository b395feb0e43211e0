'use client';
// The global holdout on the Campaigns page: whether one runs, its share and
// period, a form to start, change or end it, and its results so far (the
// held-out group against everyone else, computed on the server).
import { useState } from 'react';
import type { GlobalHoldout, HoldoutInput, HoldoutResults } from '@/lib/contracts/global-holdout';
import { holdoutRuns } from '@/lib/results/global-holdout';
import { adminApi } from '../_api/admin-api';
import { useAdminQuery } from '../_api/useAdminQuery';
import { errorMessage, moneyFormat, numberFormat, percentText } from '../data/format';

type HoldoutAnswer = { holdout: GlobalHoldout | null; results: HoldoutResults | null };

const loadHoldout = () => adminApi.get<HoldoutAnswer>('/api/admin/holdout?results=1');
const dateText = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const percent = (rate: number | null) => (rate === null ? '–' : percentText(rate));

function describe(holdout: GlobalHoldout | null): string {
  if (!holdout) return 'No global holdout yet: every visitor can be reached.';
  const share = `${Math.round(holdout.share * 100)}% of visitors`;
  if (!holdoutRuns(holdout, Date.now())) {
    return `The last holdout (${share}) ran from ${dateText(holdout.startedAt)} to ${dateText(holdout.endsAt ?? Date.now())}; every visitor can be reached now.`;
  }
  const until = holdout.endsAt === null ? 'until ended' : `until ${dateText(holdout.endsAt)}`;
  return `${share} are held out of every campaign and moment since ${dateText(holdout.startedAt)}, ${until}.`;
}

function ResultsTable({ results }: { results: HoldoutResults }) {
  const cell = 'py-1 pr-3';
  return (
    <table className="w-full text-left text-sm tabular-nums" data-testid="holdout-results">
      <caption className="mb-2 text-left text-slate-600">
        Visitors active since the holdout began, and those with a {results.goal} in that time.
      </caption>
      <thead>
        <tr className="border-b border-slate-200">
          {['Group', 'Visitors', 'Converted', 'Conversion', 'Revenue'].map((column) => (
            <th key={column} scope="col" className={cell}>
              {column}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {(
          [
            ['Reachable', results.reached],
            ['Held out', results.heldOut],
          ] as const
        ).map(([name, group]) => (
          <tr key={name} className="border-b border-slate-100">
            <th scope="row" className={`${cell} font-medium`}>
              {name}
            </th>
            <td className={cell}>{numberFormat.format(group.visitors)}</td>
            <td className={cell}>{numberFormat.format(group.converted)}</td>
            <td className={cell}>{percent(group.rate)}</td>
            <td className={cell}>{moneyFormat.format(group.revenue)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function GlobalHoldoutPanel() {
  const { state, reload, replace } = useAdminQuery(loadHoldout);
  const [share, setShare] = useState('5');
  const [days, setDays] = useState('30');
  const [status, setStatus] = useState<{ error: boolean; text: string } | null>(null);
  const holdout = state.status === 'loaded' ? state.data.holdout : null;
  const running = holdoutRuns(holdout, Date.now());

  const change = async (call: () => Promise<{ holdout: GlobalHoldout }>, done: string) => {
    setStatus({ error: false, text: 'Saving…' });
    try {
      const { holdout: saved } = await call();
      replace({ holdout: saved, results: null });
      setStatus({ error: false, text: done });
      void reload();
    } catch (error) {
      setStatus({ error: true, text: errorMessage(error) });
    }
  };
  const input = (): HoldoutInput => ({ share: Number(share) / 100, days: days.trim() === '' ? null : Number(days) });

  return (
    <section
      aria-labelledby="holdout-heading"
      className="space-y-3 rounded-xl border border-slate-200 bg-white p-4"
      data-testid="global-holdout"
    >
      <h2 id="holdout-heading" className="text-lg font-semibold">
        Global holdout
      </h2>
      <p className="text-sm text-slate-600">
        A share of all visitors that no campaign and no moment reaches for a while, so you can see what everything you
        send adds up to. The same visitors stay held out for the whole period.
      </p>
      {state.status === 'loading' ? (
        <p role="status" className="text-sm text-slate-600">
          Reading the holdout…
        </p>
      ) : state.status === 'error' ? (
        <p role="alert" className="rounded-lg border border-red-200 bg-red-50 p-3 text-sm text-red-900">
          The holdout could not be read: {state.message}
        </p>
      ) : (
        <>
          <p className="text-sm font-medium" data-testid="holdout-state">
            {describe(holdout)}
          </p>
          {state.data.results ? (
            <>
              <ResultsTable results={state.data.results} />
              <p className="text-sm" data-testid="holdout-summary">
                {state.data.results.summary}
              </p>
            </>
          ) : null}
        </>
      )}
      <form
        className="flex flex-wrap items-end gap-3 text-sm"
        aria-label="Global holdout settings"
        onSubmit={(e) => {
          e.preventDefault();
          void change(
            () => adminApi.put<{ holdout: GlobalHoldout }>('/api/admin/holdout', input()),
            running ? 'Holdout changed: the same visitors stay held out.' : 'Holdout started.',
          );
        }}
      >
        <label className="space-y-1">
          <span className="block text-slate-700">Held out (% of visitors)</span>
          <input
            type="number"
            min={1}
            max={50}
            step={1}
            value={share}
            onChange={(e) => setShare(e.target.value)}
            className="w-20 rounded-md border border-slate-300 px-2 py-1"
            required
          />
        </label>
        <label className="space-y-1">
          <span className="block text-slate-700">For (days; empty: until ended)</span>
          <input
            type="number"
            min={1}
            max={365}
            value={days}
            onChange={(e) => setDays(e.target.value)}
            className="w-20 rounded-md border border-slate-300 px-2 py-1"
          />
        </label>
        <button
          type="submit"
          className="rounded-lg border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50"
        >
          {running ? 'Change holdout' : 'Start holdout'}
        </button>
        {running ? (
          <button
            type="button"
            onClick={() =>
              void change(() => adminApi.delete<{ holdout: GlobalHoldout }>('/api/admin/holdout'), 'Holdout ended.')
            }
            className="rounded-lg border border-slate-300 bg-white px-3 py-1 font-medium hover:bg-slate-50"
          >
            End holdout
          </button>
        ) : null}
      </form>
      {status ? (
        <p
          role={status.error ? 'alert' : 'status'}
          className={`text-sm ${status.error ? 'text-red-800' : 'text-slate-700'}`}
          data-testid="holdout-status"
        >
          {status.text}
        </p>
      ) : null}
    </section>
  );
}
