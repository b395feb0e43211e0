'use client';
// The server's events as the data source: loaded on arrival unless they already
// are (another console page may have loaded them), again on Reload.
import { useEffect } from 'react';
import type { DatasetContextValue } from '../DatasetProvider';
import { loadStateOf } from './load-state';
import { LoadResult } from './LoadResult';

export function ServerSource({ dataset }: { dataset: DatasetContextValue }) {
  const { state, load } = dataset;
  const serverState = loadStateOf(state, 'server');
  const needsLoad = serverState === null;
  useEffect(() => {
    if (needsLoad) void load({ kind: 'server' });
    // Only on arrival (or when switched to from a file): a later state change is this load's own.
  }, []);
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">Every opted-in event the server holds.</p>
        <button
          type="button"
          onClick={() => void load({ kind: 'server' })}
          disabled={serverState?.status === 'loading'}
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          Reload
        </button>
      </div>
      <LoadResult
        state={serverState ?? { status: 'loading', progress: null }}
        failure="The events could not be loaded."
        empty={
          <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6" data-testid="dataset-empty">
            <h2 className="font-semibold">No events to analyse yet</h2>
            <p className="mt-1 text-sm text-slate-600">
              Load demo data with <code className="rounded bg-slate-100 px-1">npm run kairos -- seed</code>, or wait
              for visitors to consent.
            </p>
          </section>
        }
      />
    </div>
  );
}
