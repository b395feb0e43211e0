'use client';
// The server's events as the data source: loaded on arrival, again on Reload.
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import { LoadResult } from './LoadResult';
import { useServerDatasetQuery } from './useServerDatasetQuery';

export function ServerSource({ engine, exportUrl }: { engine: WorkerEngine | null; exportUrl: string }) {
  const { state, reload } = useServerDatasetQuery(engine, exportUrl);
  return (
    <div className="space-y-4">
      <div className="flex items-center justify-between gap-4">
        <p className="text-sm text-slate-600">Every opted-in event the server holds.</p>
        <button
          type="button"
          onClick={reload}
          disabled={state.status === 'loading'}
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          Reload
        </button>
      </div>
      <LoadResult
        state={state}
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
