'use client';
// One analytics worker (DuckDB-WASM) and one loaded dataset for the whole
// console: what the Data page loads is what Segments and RFM analyse, across
// client navigations, without loading it again. The worker starts when the
// first page asks for the dataset (the Overview page never pays for it).
// The server's events arrive by the lake sync, kept in this browser's Origin
// Private File System: when the worker finds a kept sync it syncs at once
// (only what changed is fetched), so a reopened console is ready without
// loading again. A server without the lake gets today's full export.
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';
import {
  lakeUnavailableError,
  type ColumnMapping,
  type DatasetSummary,
  type LakeWindow,
  type LoadProgress,
} from '@/lib/contracts/analytics';
import { lakeRoutes } from '@/lib/contracts/lake';
import { storedWindowDays, storeWindowDays, syncBudgetBytes, type WindowDays } from './data/lake-settings';

/** Where the loaded data came from: the server's events (`full`: fetched again from nothing), or a file already attached in the worker. */
export type DatasetSource = { kind: 'server'; full?: boolean } | { kind: 'file'; name: string; mapping: ColumnMapping };

export type DatasetState =
  | { status: 'idle' }
  | { status: 'loading'; source: DatasetSource; progress: LoadProgress | null }
  /**
   * `generation` changes with every load: views keyed on it query the new data. `window`: what of the lake
   * is loaded. `problem`: the last sync failed and kept what it had loaded before, which views still show.
   */
  | {
      status: 'loaded';
      source: DatasetSource;
      summary: DatasetSummary;
      seconds: number;
      generation: number;
      window: LakeWindow | null;
      problem: string | null;
    }
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
  /** The window the marketer chose (days back from the newest event; null: as much as fits). */
  windowDays: WindowDays;
  /** Chooses the window and syncs to it. */
  chooseWindow(days: WindowDays): void;
  /** Empties the engine and what this browser keeps of the data. */
  forgetLocalData(): Promise<void>;
}

export const serverExportUrl = '/api/admin/events/export';

/** What the console's worker keeps between visits: the engine's database, by the figures in docs/benchmarks.md (the console sync). */
const workerUrl = `${analyticsWorkerPath}?keep=database`;

const DatasetContext = createContext<DatasetContextValue | null>(null);

/** What an earlier sync left loaded, when it left rows. */
async function keptSync(engine: WorkerEngine): Promise<{ summary: DatasetSummary; window: LakeWindow | null } | null> {
  try {
    const [summary, status] = await Promise.all([engine.summary(), engine.lakeStatus()]);
    return summary.rows > 0 && status.window ? { summary, window: status.window } : null;
  } catch {
    return null;
  }
}

const errorMessage = (error: unknown) => (error instanceof Error ? error.message : String(error));

export function DatasetProvider({ children }: { children: ReactNode }) {
  const [engine, setEngine] = useState<WorkerEngine | null>(null);
  const [state, setState] = useState<DatasetState>({ status: 'idle' });
  const [windowDays, setWindowDays] = useState<WindowDays>(null);
  const engineRef = useRef<WorkerEngine | null>(null);
  const running = useRef<AbortController | null>(null);
  const generation = useRef(0);
  const windowRef = useRef<WindowDays>(null);

  const load = useCallback(async (source: DatasetSource) => {
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
    const url = (path: string) => new URL(path, window.location.href).href;
    try {
      let summary: DatasetSummary;
      let lakeWindow: LakeWindow | null = null;
      if (source.kind === 'file') summary = await target.loadFile({ mapping: source.mapping }, options);
      else {
        try {
          const synced = await target.syncLake(
            {
              manifestUrl: url(lakeRoutes.manifest),
              budgetBytes: syncBudgetBytes(),
              days: windowRef.current,
              ...(source.full && { full: true }),
            },
            options,
          );
          summary = synced.summary;
          lakeWindow = synced.window;
        } catch (error) {
          if (!(error instanceof Error && error.name === lakeUnavailableError)) throw error;
          summary = await target.loadArrowFromUrl({ url: url(serverExportUrl) }, options);
        }
      }
      if (current()) {
        const seconds = (performance.now() - started) / 1000;
        setState({ status: 'loaded', source, summary, seconds, generation: id, window: lakeWindow, problem: null });
      }
    } catch (error) {
      if (!current()) return;
      const message = errorMessage(error);
      // A sync that stops keeps what it had loaded: the console goes on with that, and says why.
      const kept = source.kind === 'server' ? await keptSync(target) : null;
      if (!current()) return;
      if (kept) {
        const seconds = (performance.now() - started) / 1000;
        setState({ status: 'loaded', source, ...kept, seconds, generation: id, problem: message });
      } else setState({ status: 'error', source, message });
    }
  }, []);

  const start = useCallback(() => {
    if (engineRef.current) return;
    const target = new WorkerEngine(new Worker(new URL(workerUrl, window.location.href)));
    engineRef.current = target;
    windowRef.current = storedWindowDays();
    setWindowDays(windowRef.current);
    setEngine(target);
    // A sync kept from an earlier visit: bring it up to date now, whatever page asked for the engine.
    void target
      .lakeStatus()
      .then((status) => {
        if (status.window && generation.current === 0) void load({ kind: 'server' });
      })
      .catch(() => undefined);
  }, [load]);

  useEffect(
    () => () => {
      running.current?.abort();
      void engineRef.current?.close();
      engineRef.current = null;
    },
    [],
  );

  const loadStarted = useCallback(
    (source: DatasetSource) => {
      start();
      return load(source);
    },
    [start, load],
  );

  const reload = useCallback(() => {
    if (state.status !== 'idle') void loadStarted(state.source.kind === 'server' ? { kind: 'server' } : state.source);
  }, [loadStarted, state]);

  const chooseWindow = useCallback(
    (days: WindowDays) => {
      windowRef.current = days;
      storeWindowDays(days);
      setWindowDays(days);
      void loadStarted({ kind: 'server' });
    },
    [loadStarted],
  );

  const forgetLocalData = useCallback(async () => {
    start();
    running.current?.abort();
    generation.current++;
    await engineRef.current?.forgetLocalData();
    setState({ status: 'idle' });
  }, [start]);

  const value = useMemo(
    () => ({ engine, state, load: loadStarted, reload, start, windowDays, chooseWindow, forgetLocalData }),
    [engine, state, loadStarted, reload, start, windowDays, chooseWindow, forgetLocalData],
  );
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
