'use client';
// One analytics worker (DuckDB-WASM) and one loaded dataset for the whole
// console: what the Data page loads is what Segments and RFM analyse, across
// client navigations, without loading it again. The worker starts when the
// first page asks for the dataset (the Overview page never pays for it).
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import type { ColumnMapping, DatasetSummary, LoadProgress } from '@/lib/contracts/analytics';

/** Where the loaded data came from: the server's events, or a file already attached in the worker. */
export type DatasetSource = { kind: 'server' } | { kind: 'file'; name: string; mapping: ColumnMapping };

export type DatasetState =
  | { status: 'idle' }
  | { status: 'loading'; source: DatasetSource; progress: LoadProgress | null }
  /** `generation` changes with every load: views keyed on it query the new data. */
  | { status: 'loaded'; source: DatasetSource; summary: DatasetSummary; seconds: number; generation: number }
  | { status: 'error'; source: DatasetSource; message: string };

export interface DatasetContextValue {
  engine: WorkerEngine | null;
  state: DatasetState;
  /** Loads from a source; a newer load cancels and replaces an older one still running. */
  load(source: DatasetSource): Promise<void>;
  /** The last source again (the server's current events, or the same file and mapping). */
  reload(): void;
  /** Starts the worker (idempotent); useDataset() calls it. */
  start(): void;
}

export const serverExportUrl = '/api/admin/events/export';

const DatasetContext = createContext<DatasetContextValue | null>(null);

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function DatasetProvider({ children }: { children: ReactNode }) {
  const [engine, setEngine] = useState<WorkerEngine | null>(null);
  const [state, setState] = useState<DatasetState>({ status: 'idle' });
  const engineRef = useRef<WorkerEngine | null>(null);
  const running = useRef<AbortController | null>(null);
  const generation = useRef(0);

  const start = useCallback(() => {
    if (engineRef.current) return;
    engineRef.current = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
    setEngine(engineRef.current);
  }, []);

  useEffect(
    () => () => {
      running.current?.abort();
      void engineRef.current?.close();
      engineRef.current = null;
    },
    [],
  );

  const load = useCallback(
    async (source: DatasetSource) => {
      start();
      const target = engineRef.current;
      if (!target) return;
      running.current?.abort();
      const abort = new AbortController();
      running.current = abort;
      const id = ++generation.current;
      const current = () => generation.current === id;
      const started = performance.now();
      setState({ status: 'loading', source, progress: null });
      const options = {
        signal: abort.signal,
        onProgress: (progress: LoadProgress) => current() && setState({ status: 'loading', source, progress }),
      };
      try {
        const summary =
          source.kind === 'server'
            ? await target.loadArrowFromUrl({ url: new URL(serverExportUrl, window.location.href).href }, options)
            : await target.loadFile({ mapping: source.mapping }, options);
        if (current()) {
          setState({
            status: 'loaded',
            source,
            summary,
            seconds: (performance.now() - started) / 1000,
            generation: id,
          });
        }
      } catch (error) {
        if (current()) setState({ status: 'error', source, message: errorMessage(error) });
      }
    },
    [start],
  );

  const reload = useCallback(() => {
    if (state.status !== 'idle') void load(state.source);
  }, [load, state]);

  const value = useMemo(() => ({ engine, state, load, reload, start }), [engine, state, load, reload, start]);
  return <DatasetContext.Provider value={value}>{children}</DatasetContext.Provider>;
}

/** The console's shared dataset and engine; starts the worker on first use. */
export function useDataset(): DatasetContextValue {
  const context = useContext(DatasetContext);
  if (!context) throw new Error('useDataset() needs the console layout’s DatasetProvider.');
  const { start } = context;
  useEffect(start, [start]);
  return context;
}
