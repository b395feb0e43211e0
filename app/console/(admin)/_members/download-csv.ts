// Every member of a segment as a CSV file: the engine builds it (in chunks, in
// the worker) and hands over a Blob; the page saves it with a download link.
import type { WorkerEngine } from '@/lib/analytics/worker-client';
import type { SegmentTree } from '@/lib/contracts/segment';

/** A file name made of the segment's name: letters, digits, dashes. */
export const csvFileName = (name: string) =>
  `${
    name
      .normalize('NFKD')
      .replace(/[^\w-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 80) || 'segment'
  }.csv`;

export async function downloadSegmentCsv(engine: WorkerEngine, tree: SegmentTree, name: string): Promise<number> {
  const { csv, rows } = await engine.segmentCsv({ tree });
  const url = URL.createObjectURL(csv);
  try {
    const link = document.createElement('a');
    link.href = url;
    link.download = csvFileName(name);
    document.body.append(link);
    link.click();
    link.remove();
  } finally {
    // The click has started the download; the URL is not needed after this turn.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
  return rows;
}
