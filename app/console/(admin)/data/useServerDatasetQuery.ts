'use client';
// Streams the server's events (Arrow) into the analytics worker; `reload` starts again.
import { useEffect, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import { errorMessage } from './format';
import type { LoadState } from './load-state';

export function useServerDatasetQuery(engine: WorkerEngine | null, exportUrl: string) {
  const [state, setState] = useState<LoadState>({ status: 'loading', progress: null });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    if (!engine) return;
    // Leaving the page or switching to a file cancels the download in the worker.
    const abort = new AbortController();
    const started = performance.now();
    setState({ status: 'loading', progress: null });
    engine
      .loadArrowFromUrl(
        { url: new URL(exportUrl, window.location.href).href },
        {
          signal: abort.signal,
          onProgress: (progress) => !abort.signal.aborted && setState({ status: 'loading', progress }),
        },
      )
      .then(
        (summary) =>
          !abort.signal.aborted &&
          setState({ status: 'loaded', summary, seconds: (performance.now() - started) / 1000 }),
        (error: unknown) => !abort.signal.aborted && setState({ status: 'error', message: errorMessage(error) }),
      );
    return () => abort.abort();
  }, [engine, exportUrl, attempt]);

  return { state, reload: () => setAttempt((n) => n + 1) };
}
