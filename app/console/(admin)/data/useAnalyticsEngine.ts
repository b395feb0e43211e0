'use client';
// One analytics worker (DuckDB-WASM) for the page's lifetime; null until it is started.
import { useEffect, useState } from 'react';
import { analyticsWorkerPath, WorkerEngine } from '@/lib/analytics/worker-client';

export function useAnalyticsEngine(): WorkerEngine | null {
  const [engine, setEngine] = useState<WorkerEngine | null>(null);
  useEffect(() => {
    const worker = new WorkerEngine(new Worker(new URL(analyticsWorkerPath, window.location.href)));
    setEngine(worker);
    return () => {
      void worker.close();
      setEngine(null);
    };
  }, []);
  return engine;
}
