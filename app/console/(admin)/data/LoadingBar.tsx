// The progress of a load into the analytics engine: rows so far (and bytes
// downloaded, when the load knows them), or the phase.
import type { LoadProgress } from '@/lib/contracts/analytics';
import { numberFormat } from './format';

const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);

function bytesLabel(progress: LoadProgress): string {
  if (progress.bytes === undefined || !progress.totalBytes) return '';
  return ` · downloaded ${mb(progress.bytes)} of ${mb(progress.totalBytes)} MB`;
}

function progressLabel(progress: LoadProgress | null): string {
  if (progress === null) return 'Downloading events…';
  if (progress.phase === 'download') {
    if (progress.total === null) return `Downloading events…${bytesLabel(progress)}`;
    return `Downloading events: ${numberFormat.format(progress.done)} of ${numberFormat.format(progress.total)} loaded${bytesLabel(progress)}`;
  }
  if (progress.phase === 'index') return 'Building visitor profiles…';
  if (progress.phase === 'read' || progress.done === 0) return 'Reading events…';
  const total = progress.total ? ` of ${numberFormat.format(progress.total)}` : '';
  return `Loaded ${numberFormat.format(progress.done)}${total} events${bytesLabel(progress)}`;
}

export function LoadingBar({ progress }: { progress: LoadProgress | null }) {
  // Rows when the load counts them; bytes when only the download does (a console snapshot is one file).
  const fraction = progress?.total
    ? progress.done / progress.total
    : progress?.totalBytes && progress.bytes !== undefined
      ? progress.bytes / progress.totalBytes
      : null;
  const percent = fraction === null ? null : Math.min(100, Math.round(fraction * 100));
  return (
    <div className="rounded-xl border border-slate-200 bg-white p-5" aria-live="polite">
      <p className="text-sm text-slate-700">{progressLabel(progress)}</p>
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
