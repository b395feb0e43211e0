'use client';
// The control for how much of the lake a sync loads: as much as fits this
// browser's memory, or only the last days. Choosing syncs again.
import type { DatasetContextValue } from '../DatasetProvider';
import { windowChoices, windowDaysOf, windowLabel } from './lake-settings';

export function WindowChoice({ dataset }: { dataset: DatasetContextValue }) {
  const { windowDays, chooseWindow, state } = dataset;
  return (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      Events to load
      <select
        value={windowDays ?? ''}
        disabled={state.status === 'loading'}
        onChange={(event) => chooseWindow(windowDaysOf(event.target.value))}
        className="rounded-lg border border-slate-300 bg-white px-2 py-1 text-sm"
        data-testid="window-choice"
      >
        {windowChoices.map((days) => (
          <option key={days ?? 'fit'} value={days ?? ''}>
            {windowLabel(days)}
          </option>
        ))}
      </select>
    </label>
  );
}
