'use client';
// On every console page, when the loaded data is only part of the server's
// events: which range is loaded, how many of how many, and why, with the
// control to choose the window; or that the last sync stopped, and why.
import { useDataset } from './DatasetProvider';
import { dateFormat, numberFormat } from './data/format';
import { WindowChoice } from './data/WindowChoice';

const mb = (bytes: number) => `${numberFormat.format(Math.round(bytes / 2 ** 20))} MB`;

export function WindowBanner() {
  const dataset = useDataset();
  const { state } = dataset;
  if (state.status !== 'loaded') return null;
  if (state.problem) {
    return (
      <div
        role="status"
        className="mb-6 rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800"
        data-testid="sync-problem-banner"
      >
        <span className="font-semibold">The last sync stopped:</span> {state.problem} The figures are over the events
        loaded before.
      </div>
    );
  }
  if (!state.window?.limitedBy) return null;
  const { window: loaded } = state;
  const range =
    loaded.firstEventAt !== null && loaded.lastEventAt !== null
      ? `${dateFormat.format(loaded.firstEventAt)} – ${dateFormat.format(loaded.lastEventAt)} (UTC)`
      : 'no events';
  const why =
    loaded.limitedBy === 'memory'
      ? `the rest would not fit this browser's memory budget for the data (${mb(loaded.budgetBytes)})`
      : `you chose the last ${loaded.days} days`;
  return (
    <div
      role="status"
      className="mb-6 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900"
      data-testid="window-banner"
    >
      <p>
        <span className="font-semibold">Showing part of the data:</span> {range},{' '}
        {numberFormat.format(loaded.loadedRows)} of {numberFormat.format(loaded.totalRows)} events, because {why}.
        Figures on every page are over these events only.
      </p>
      <WindowChoice dataset={dataset} />
    </div>
  );
}
