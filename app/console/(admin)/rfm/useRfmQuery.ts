'use client';
// The RFM report and per-segment means of the loaded dataset, from the engine.
import { useEffect, useState } from 'react';
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { RfmReport, RfmSegmentMeans } from '@/lib/contracts/analytics';

export type RfmState =
  | { status: 'loading' }
  | { status: 'loaded'; report: RfmReport; means: RfmSegmentMeans[] }
  | { status: 'error'; message: string };

export function useRfmQuery(engine: WorkerEngine | null, generation: number): RfmState {
  const [state, setState] = useState<RfmState>({ status: 'loading' });
  useEffect(() => {
    if (!engine) return;
    let current = true;
    setState({ status: 'loading' });
    Promise.all([engine.rfm({}), engine.rfmSegmentMeans({})]).then(
      ([report, means]) => current && setState({ status: 'loaded', report, means }),
      (error: unknown) =>
        current && setState({ status: 'error', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [engine, generation]);
  return state;
}
