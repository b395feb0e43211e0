// A load's outcome, whatever the source: the progress bar, the engine's error,
// an empty-data note, or the dataset's stats (after a failed sync, beside the
// error: what it kept).
import type { ReactNode } from 'react';
import { DatasetStats } from './DatasetStats';
import { LoadingBar } from './LoadingBar';
import type { LoadState } from './load-state';

interface LoadResultProps {
  state: LoadState;
  /** The error's headline, e.g. "The events could not be loaded." */
  failure: string;
  /** What to say when the load gave no rows. */
  empty: ReactNode;
}

export function LoadResult({ state, failure, empty }: LoadResultProps) {
  if (state.status === 'loading') return <LoadingBar progress={state.progress} />;
  if (state.status === 'error') return <ErrorNote title={failure} message={state.message} />;
  if (state.summary.rows === 0 && !state.problem) return empty;
  const stats = <DatasetStats summary={state.summary} seconds={state.seconds} />;
  if (!state.problem) return stats;
  return (
    <div className="space-y-4">
      <ErrorNote title={failure} message={`${state.problem}\nWhat was loaded before is shown below and still analysed.`} />
      {stats}
    </div>
  );
}

export function ErrorNote({ title, message }: { title: string; message: string }) {
  return (
    <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
      <p className="font-semibold">{title}</p>
      <p className="mt-1 break-words whitespace-pre-wrap">{message}</p>
    </div>
  );
}
