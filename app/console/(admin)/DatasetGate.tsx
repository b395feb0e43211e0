'use client';
// What a console view shows until the shared dataset is loaded: a one-click
// "Load server events" (or the Data page for a file), the progress, the
// engine's error, or a note that the data is empty. Then the view itself.
import Link from 'next/link';
import type { ReactNode } from 'react';
import type { DatasetSummary } from '@/lib/contracts/analytics';
import { ErrorNote } from './data/LoadResult';
import { LoadingBar } from './data/LoadingBar';
import { useDataset } from './DatasetProvider';

interface DatasetGateProps {
  /** The view, given the loaded dataset and its generation (changes on every load). */
  children: (loaded: { summary: DatasetSummary; generation: number }) => ReactNode;
}

export function DatasetGate({ children }: DatasetGateProps) {
  const { state, load } = useDataset();
  const loadServer = () => void load({ kind: 'server' });
  if (state.status === 'loading') return <LoadingBar progress={state.progress} />;
  if (state.status === 'error') {
    return (
      <div className="space-y-3">
        <ErrorNote title="The data could not be loaded." message={state.message} />
        <LoadButton onClick={loadServer}>Try again with the server events</LoadButton>
      </div>
    );
  }
  if (state.status === 'idle') {
    return (
      <section
        aria-labelledby="load-first"
        className="rounded-xl border border-dashed border-slate-300 bg-white p-6"
        data-testid="dataset-needed"
      >
        <h2 id="load-first" className="font-semibold">
          Load data first
        </h2>
        <p className="mt-1 text-sm text-slate-600">
          This page works in this browser over the data its analytics engine holds. Load the server&apos;s events now,
          or bring a file on the{' '}
          <Link href="/console/data" className="text-brand-700 underline">
            Data page
          </Link>
          .
        </p>
        <div className="mt-4">
          <LoadButton onClick={loadServer}>Load server events</LoadButton>
        </div>
      </section>
    );
  }
  if (state.summary.rows === 0) {
    return (
      <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6" data-testid="dataset-empty">
        <h2 className="font-semibold">No events to analyse yet</h2>
        <p className="mt-1 text-sm text-slate-600">
          The loaded data has no rows. Seed demo data with{' '}
          <code className="rounded bg-slate-100 px-1">npm run kairos -- seed</code> and load again.
        </p>
        <div className="mt-4">
          <LoadButton onClick={loadServer}>Load server events</LoadButton>
        </div>
      </section>
    );
  }
  return <>{children({ summary: state.summary, generation: state.generation })}</>;
}

function LoadButton({ onClick, children }: { onClick: () => void; children: ReactNode }) {
  return (
    <button
      type="button"
      onClick={onClick}
      className="rounded-lg bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700"
    >
      {children}
    </button>
  );
}
