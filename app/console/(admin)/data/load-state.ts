// Where a load into the analytics engine stands: the server's events or a file.
import type { DatasetSummary, LoadProgress } from '@/lib/contracts/analytics';

export type LoadState =
  | { status: 'loading'; progress: LoadProgress | null }
  | { status: 'loaded'; summary: DatasetSummary; seconds: number }
  | { status: 'error'; message: string };
