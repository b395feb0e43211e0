// A running worker call's step: "3 of 4" as a progress bar with the step's name.
import type { LoadProgress } from '@/lib/contracts/analytics';
import { stepLabel } from './progress';

export function StepProgress({ progress, label }: { progress: LoadProgress | null; label: string }) {
  const percent = progress?.total ? Math.round((progress.done / progress.total) * 100) : 0;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-4" aria-live="polite">
      <p className="text-sm text-slate-700">{stepLabel(progress)}</p>
      <div
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className="h-full rounded-full bg-brand-600 transition-all"
          style={{ width: `${Math.max(percent, 5)}%` }}
        />
      </div>
    </div>
  );
}
