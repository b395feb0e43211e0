'use client';
// The goal-based score: a named goal event within N days, a logistic
// regression trained in this browser on a time-based split, its holdout AUC.
import { useState, type FormEvent } from 'react';
import type { DatasetSummary, GoalPropensityReport, LoadProgress } from '@/lib/contracts/analytics';
import { numberFormat } from '../data/format';
import { ErrorNote } from '../data/LoadResult';
import { useDataset } from '../DatasetProvider';
import { dayBefore, errorMessage } from './progress';
import { StepProgress } from './StepProgress';

type GoalState =
  | { status: 'idle' }
  | { status: 'training'; progress: LoadProgress | null }
  | { status: 'trained'; report: GoalPropensityReport }
  | { status: 'error'; message: string };

const inputClass = 'mt-1 block rounded-lg border border-slate-300 px-3 py-2 text-sm';

export function GoalScorePanel({ summary }: { summary: DatasetSummary }) {
  const { engine } = useDataset();
  const [goalEvent, setGoalEvent] = useState('Order Completed');
  const [horizonDays, setHorizonDays] = useState('30');
  // The test window is the last horizon of the data: split = the day after the last event − horizon.
  const [splitDate, setSplitDate] = useState(() => dayBefore(summary.lastEventAt ?? Date.now(), 29));
  const [state, setState] = useState<GoalState>({ status: 'idle' });

  async function train(event: FormEvent) {
    event.preventDefault();
    if (!engine) return;
    setState({ status: 'training', progress: null });
    try {
      const report = await engine.goalPropensity(
        { goalEvent, horizonDays: Number(horizonDays), ...(splitDate && { splitDate }) },
        { onProgress: (progress) => setState({ status: 'training', progress }) },
      );
      setState({ status: 'trained', report });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="goal-score" className="space-y-4">
      <h2 id="goal-score" className="text-lg font-semibold">
        Who will reach a goal
      </h2>
      <form onSubmit={train} className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4">
        <label className="text-sm text-slate-700">
          Goal event
          <input
            required
            maxLength={200}
            value={goalEvent}
            onChange={(e) => setGoalEvent(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className="text-sm text-slate-700">
          Within (days)
          <input
            type="number"
            required
            min={1}
            max={3650}
            value={horizonDays}
            onChange={(e) => setHorizonDays(e.target.value)}
            className={`${inputClass} w-24`}
          />
        </label>
        <label className="text-sm text-slate-700">
          Split date
          <input type="date" value={splitDate} onChange={(e) => setSplitDate(e.target.value)} className={inputClass} />
        </label>
        <button
          type="submit"
          disabled={!engine || state.status === 'training'}
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Train goal score
        </button>
        <p className="basis-full text-xs text-slate-600">
          Trained on behaviour before (split − N days) with goals in the N days after; tested on behaviour before the
          split with goals in the N days after it.
        </p>
      </form>
      {state.status === 'training' && <StepProgress progress={state.progress} label="Training the goal score" />}
      {state.status === 'error' && <ErrorNote title="The goal score could not be trained." message={state.message} />}
      {state.status === 'trained' && <GoalScoreResult report={state.report} />}
    </section>
  );
}

function GoalScoreResult({ report }: { report: GoalPropensityReport }) {
  return (
    <div className="space-y-3" data-testid="goal-score-result">
      <p className="text-sm text-slate-700">
        Holdout AUC{' '}
        <strong className="tabular-nums" data-testid="goal-auc">
          {report.auc === null ? 'n/a (one class only)' : report.auc.toFixed(3)}
        </strong>{' '}
        on {numberFormat.format(report.test.customers)} customers ({numberFormat.format(report.test.positives)} reached
        “{report.goalEvent}” within {report.horizonDays} days of {report.splitDate}); trained on{' '}
        {numberFormat.format(report.train.customers)} ({numberFormat.format(report.train.positives)} positive),{' '}
        {report.features} features.
      </p>
      <div className="overflow-x-auto rounded-xl border border-slate-200 bg-white">
        <table className="w-full text-sm" data-testid="goal-coefficients">
          <caption className="px-4 pt-3 text-left text-sm text-slate-600">
            Largest weights, per standard deviation of the feature (log scale of counts)
          </caption>
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-600">
              <th scope="col" className="px-4 py-2 font-medium">
                Feature
              </th>
              <th scope="col" className="px-4 py-2 text-right font-medium">
                Weight
              </th>
            </tr>
          </thead>
          <tbody>
            {report.coefficients.map((c) => (
              <tr key={c.feature} className="border-b border-slate-100 last:border-0">
                <th scope="row" className="px-4 py-2 text-left font-normal">
                  {c.feature}
                </th>
                <td className="px-4 py-2 text-right tabular-nums">{c.weight.toFixed(3)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
