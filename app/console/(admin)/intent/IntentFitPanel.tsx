'use client';
// The BG/NBD fit: calibration end and horizon in, the fit's parameters, the
// tiers, "publish to devices", and expected vs actual repeat purchases.
import { useState, type FormEvent } from 'react';
import type { DatasetSummary, IntentFitReport, LoadProgress } from '@/lib/contracts/analytics';
import type { IntentModel } from '@/lib/contracts/device-config';
import { ErrorNote } from '../data/LoadResult';
import { useDataset } from '../DatasetProvider';
import { HoldoutChart } from './HoldoutChart';
import { IntentFitSummary } from './IntentFitSummary';
import { IntentTierTable } from './IntentTierTable';
import { dayBefore, errorMessage } from './progress';
import { PublishIntentModel } from './PublishIntentModel';
import { StepProgress } from './StepProgress';

type FitState =
  | { status: 'idle' }
  | { status: 'fitting'; progress: LoadProgress | null }
  | { status: 'fitted'; report: IntentFitReport }
  | { status: 'error'; message: string };

const defaultHorizonDays = 90;
const inputClass = 'mt-1 block rounded-lg border border-slate-300 px-3 py-2 text-sm';

interface IntentFitPanelProps {
  summary: DatasetSummary;
  /** The model devices read now (undefined while unknown). */
  published: IntentModel | null | undefined;
  onPublished: (model: IntentModel) => void;
}

export function IntentFitPanel({ summary, published, onPublished }: IntentFitPanelProps) {
  const { engine } = useDataset();
  const last = summary.lastEventAt ?? Date.now();
  // By default the last horizon is held out, so the fit can be checked against what happened.
  const [calibrationEnd, setCalibrationEnd] = useState(() => dayBefore(last, defaultHorizonDays));
  const [horizonDays, setHorizonDays] = useState(String(defaultHorizonDays));
  const [state, setState] = useState<FitState>({ status: 'idle' });

  async function fit(event: FormEvent) {
    event.preventDefault();
    if (!engine) return;
    setState({ status: 'fitting', progress: null });
    try {
      const report = await engine.intent(
        { calibrationEnd, horizonDays: Number(horizonDays) },
        { onProgress: (progress) => setState({ status: 'fitting', progress }) },
      );
      setState({ status: 'fitted', report });
    } catch (error) {
      setState({ status: 'error', message: errorMessage(error) });
    }
  }

  return (
    <section aria-labelledby="intent-fit" className="space-y-4">
      <h2 id="intent-fit" className="text-lg font-semibold">
        Who will buy again
      </h2>
      <form onSubmit={fit} className="flex flex-wrap items-end gap-4 rounded-xl border border-slate-200 bg-white p-4">
        <label className="text-sm text-slate-700">
          Calibration end
          <input
            type="date"
            required
            value={calibrationEnd}
            onChange={(e) => setCalibrationEnd(e.target.value)}
            className={inputClass}
          />
        </label>
        <label className="text-sm text-slate-700">
          Horizon (days)
          <input
            type="number"
            required
            min={1}
            max={3650}
            step={1}
            value={horizonDays}
            onChange={(e) => setHorizonDays(e.target.value)}
            className={`${inputClass} w-28`}
          />
        </label>
        <button
          type="submit"
          disabled={!engine || state.status === 'fitting'}
          className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
        >
          Fit BG/NBD
        </button>
        <p className="basis-full text-xs text-slate-600">
          Purchases up to the calibration end train the model; later ones are the holdout it is checked against.
          Same-day purchases count as one; time is in weeks.
        </p>
      </form>
      {state.status === 'fitting' && <StepProgress progress={state.progress} label="Fitting the intent model" />}
      {state.status === 'error' && <ErrorNote title="The model could not be fitted." message={state.message} />}
      {state.status === 'fitted' && (
        <div className="space-y-6" data-testid="intent-fit-result">
          <IntentFitSummary report={state.report} />
          <IntentTierTable report={state.report} />
          <PublishIntentModel model={state.report.model} published={published} onPublished={onPublished} />
          <HoldoutChart holdout={state.report.holdout} />
        </div>
      )}
    </section>
  );
}
