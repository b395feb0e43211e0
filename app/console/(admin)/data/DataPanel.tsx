'use client';
// Loads the server's events into the analytics worker (DuckDB-WASM) and shows
// what was loaded. The console's later panels (segments, RFM) query the same worker.
import { useEffect, useRef, useState } from 'react';
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import type { DatasetSummary, LoadProgress } from '@/lib/contracts/analytics';

type LoadState =
  | { status: 'loading'; progress: LoadProgress | null }
  | { status: 'loaded'; summary: DatasetSummary; seconds: number }
  | { status: 'error'; message: string };

const numberFormat = new Intl.NumberFormat('en');
const dateFormat = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

function useServerDatasetQuery(exportUrl: string) {
  const engine = useRef<WorkerEngine | null>(null);
  const [state, setState] = useState<LoadState>({ status: 'loading', progress: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const worker = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
    engine.current = worker;
    return () => {
      void worker.close();
      engine.current = null;
    };
  }, []);

  useEffect(() => {
    const current = engine.current;
    if (!current) return;
    let cancelled = false;
    const started = performance.now();
    setState({ status: 'loading', progress: null });
    current
      .loadArrowFromUrl(
        { url: new URL(exportUrl, window.location.href).href },
        { onProgress: (progress) => !cancelled && setState({ status: 'loading', progress }) },
      )
      .then(
        (summary) =>
          !cancelled && setState({ status: 'loaded', summary, seconds: (performance.now() - started) / 1000 }),
        (error: unknown) =>
          !cancelled && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
      );
    return () => {
      cancelled = true;
    };
  }, [exportUrl, attempt]);

  return { state, reload: () => setAttempt((n) => n + 1) };
}

export function DataPanel({ exportUrl }: { exportUrl: string }) {
  const { state, reload } = useServerDatasetQuery(exportUrl);
  return (
    <div className="space-y-6">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold">Data</h1>
          <p className="text-slate-600">
            The server&apos;s events, loaded into this browser&apos;s analytics engine (DuckDB in a web worker).
          </p>
        </div>
        <button
          type="button"
          onClick={reload}
          disabled={state.status === 'loading'}
          className="rounded-lg border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50"
        >
          Reload
        </button>
      </div>
      {state.status === 'loading' ? <LoadingBar progress={state.progress} /> : null}
      {state.status === 'error' ? (
        <div role="alert" className="rounded-xl border border-red-200 bg-red-50 p-4 text-sm text-red-800">
          <p className="font-semibold">The events could not be loaded.</p>
          <p className="mt-1">{state.message}</p>
        </div>
      ) : null}
      {state.status === 'loaded' && state.summary.rows === 0 ? (
        <section className="rounded-xl border border-dashed border-slate-300 bg-white p-6" data-testid="dataset-empty">
          <h2 className="font-semibold">No events to analyse yet</h2>
          <p className="mt-1 text-sm text-slate-600">
            Load demo data with <code className="rounded bg-slate-100 px-1">npm run kairos -- seed</code>, or wait for
            visitors to consent.
          </p>
        </section>
      ) : null}
      {state.status === 'loaded' && state.summary.rows > 0 ? (
        <DatasetStats summary={state.summary} seconds={state.seconds} />
      ) : null}
    </div>
  );
}

function LoadingBar({ progress }: { progress: LoadProgress | null }) {
  const percent = progress?.total ? Math.min(100, Math.round((progress.done / progress.total) * 100)) : null;
  const label =
    progress === null || progress.phase === 'download'
      ? 'Downloading events…'
      : progress.phase === 'index'
        ? 'Building visitor profiles…'
        : `Loaded ${numberFormat.format(progress.done)}${progress.total ? ` of ${numberFormat.format(progress.total)}` : ''} events`;
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5" aria-live="polite">
      <p className="text-sm text-slate-700">{label}</p>
      <div
        role="progressbar"
        aria-label="Loading events"
        aria-valuemin={0}
        aria-valuemax={100}
        {...(percent !== null && { 'aria-valuenow': percent })}
        className="mt-2 h-2 overflow-hidden rounded-full bg-slate-100"
      >
        <div
          className={`h-full rounded-full bg-brand-600 transition-all ${percent === null ? 'w-1/3 animate-pulse' : ''}`}
          style={percent === null ? undefined : { width: `${percent}%` }}
        />
      </div>
    </div>
  );
}

function DatasetStats({ summary, seconds }: { summary: DatasetSummary; seconds: number }) {
  const range =
    summary.firstEventAt !== null && summary.lastEventAt !== null
      ? `${dateFormat.format(summary.firstEventAt)} – ${dateFormat.format(summary.lastEventAt)}`
      : '—';
  return (
    <div className="space-y-3">
      <dl className="grid gap-4 sm:grid-cols-3">
        <Stat label="Rows" value={numberFormat.format(summary.rows)} testId="dataset-rows" />
        <Stat label="Customers" value={numberFormat.format(summary.customers)} testId="dataset-customers" />
        <Stat label="Time range (UTC)" value={range} testId="dataset-range" />
      </dl>
      <p className="text-xs text-slate-500">Loaded in {seconds.toFixed(1)} s.</p>
    </div>
  );
}

function Stat({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5 shadow-xs">
      <dt className="text-sm text-slate-600">{label}</dt>
      <dd className="mt-1 text-xl font-semibold tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
