'use client';
// The server's events as the data source, by the lake sync: synced on arrival
// unless they already are (another console page may have synced), again on
// Sync (only what changed is fetched), from nothing on Full reload. What this
// browser keeps of the data can be forgotten here.
import { useEffect, useState } from 'react';
import { ConfirmDialog } from '../_members/ConfirmDialog';
import type { DatasetContextValue } from '../DatasetProvider';
import { loadStateOf } from './load-state';
import { LoadResult } from './LoadResult';
import { WindowChoice } from './WindowChoice';

const secondaryButton =
  'rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50';

export function ServerSource({ dataset }: { dataset: DatasetContextValue }) {
  const { state, load, forgetLocalData } = dataset;
  const [confirming, setConfirming] = useState(false);
  const serverState = loadStateOf(state, 'server');
  const needsLoad = serverState === null;
  useEffect(() => {
    if (needsLoad) void load({ kind: 'server' });
    // Only on arrival (or when switched to from a file): a later state change is this load's own.
  }, []);
  const busy = serverState?.status === 'loading';
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-4">
        <p className="max-w-prose text-sm text-slate-600">
          Every opted-in event the server holds, synced into this browser: a sync downloads only what changed since the
          last one, and the data stays here for your next visit.
        </p>
        <div className="flex flex-wrap items-center gap-2">
          <button
            type="button"
            onClick={() => void load({ kind: 'server' })}
            disabled={busy}
            className="rounded-lg bg-brand-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50"
          >
            Sync
          </button>
          <button
            type="button"
            onClick={() => void load({ kind: 'server', full: true })}
            disabled={busy}
            className={secondaryButton}
          >
            Full reload
          </button>
          <button type="button" onClick={() => setConfirming(true)} className={secondaryButton}>
            Forget local data
          </button>
        </div>
      </div>
      <WindowChoice dataset={dataset} />
      <LoadResult
        state={serverState ?? { status: 'loading', progress: null }}
        failure="The events could not be synced."
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
      {state.status === 'idle' && (
        <p className="text-sm text-slate-600" data-testid="dataset-forgotten">
          Nothing is kept in this browser. Sync to load the server&apos;s events again.
        </p>
      )}
      <ConfirmDialog
        open={confirming}
        title="Forget the data kept in this browser?"
        message="The synced events are removed from this browser (the server keeps them). The next sync downloads them again."
        confirmLabel="Forget local data"
        onConfirm={() => {
          setConfirming(false);
          void forgetLocalData();
        }}
        onCancel={() => setConfirming(false)}
      />
    </div>
  );
}
