// Where a load into the analytics engine stands: the server's events or a file.
import type { DatasetSummary, LoadProgress } from '@/lib/contracts/analytics';
import type { DatasetState } from '../DatasetProvider';

export type LoadState =
  | { status: 'loading'; progress: LoadProgress | null }
  /** `problem`: the last sync failed, and this is what it had loaded before (still analysable). */
  | { status: 'loaded'; summary: DatasetSummary; seconds: number; problem?: string | null }
  | { status: 'error'; message: string };

/** The shared dataset's state as one source's load; null when the data came from elsewhere (or nothing yet). */
export function loadStateOf(state: DatasetState, kind: 'server' | 'file'): LoadState | null {
  if (state.status === 'idle' || state.source.kind !== kind) return null;
  return state;
}
